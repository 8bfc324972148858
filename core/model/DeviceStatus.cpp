// SPDX-License-Identifier: MIT
#include "DeviceStatus.h"

#include "LockWording.h"

#include <QJsonArray>

namespace devlatch {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString uses(const QList<ForeignUse> &foreignUse)
{
    QStringList lines;
    for (const ForeignUse &use : foreignUse)
        lines << use.describe();
    return lines.join(QStringLiteral("; "));
}

// The believed holder, with what the reader could not confirm said plainly.
QString holderText(const lock::LockState &lock)
{
    QString text = LockWording::holder(*lock.holder);
    if (lock.holderIsCommand)
        text += QStringLiteral(" [its devlatchctl (pid %1) ended; command pid %2 holds the lock]")
                    .arg(lock.holder->pid)
                    .arg(lock.holder->commandPid);
    if (!lock.holderVerified)
        text += QStringLiteral(" [unverified: the record gives no process start time]");
    if (!lock.recordedUser.empty())
        text += QStringLiteral(" [its record claims user %1]").arg(LockWording::escaped(lock.recordedUser));
    return text;
}

} // namespace

QString DeviceStatus::stateKeyword(State state)
{
    switch (state) {
    case State::Free: return QStringLiteral("free");
    case State::HeldByMe: return QStringLiteral("mine");
    case State::Held: return QStringLiteral("held");
    case State::HeldForeign: return QStringLiteral("foreign");
    case State::InUse: return QStringLiteral("in-use");
    case State::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString DeviceStatus::summary() const
{
    QString text = stateSummary();
    if (!device.present)
        text = QStringLiteral("unplugged, ") + text;
    if (state != State::InUse && !foreignUse.isEmpty())
        text += QStringLiteral("; also in use outside devlatch: ") + uses(foreignUse);
    if (lock.problem && state != State::Unknown) // held, and its lock file is broken too
        text += QStringLiteral("; ") + LockWording::problem(lock.problem, device.key.isEmpty() ? device.id : device.key);
    return text;
}

QString DeviceStatus::stateSummary() const
{
    switch (state) {
    case State::Unknown:
        return QStringLiteral("unknown: %1").arg(error);
    case State::Free:
        return lock.abandoned ? QStringLiteral("free (%1)").arg(LockWording::abandoned(*lock.abandoned))
                              : QStringLiteral("free");
    case State::HeldByMe:
        return QStringLiteral("held by this process");
    case State::Held:
        if (lock.holder)
            return QStringLiteral("held by %1").arg(holderText(lock));
        for (const auto &holder : lock.osHolders) // devlatch's locks, no record (yet)
            if (holder.protocolLocks && !holder.waiting)
                return QStringLiteral("held by %1, which has published no holder record").arg(LockWording::osHolder(holder));
        return QStringLiteral("held by a process the OS does not name, which has published no holder record");
    case State::HeldForeign: {
        QStringList who;
        for (const auto &holder : lock.osHolders)
            if (!holder.waiting)
                who << LockWording::osHolder(holder);
        return QStringLiteral("in use outside devlatch by %1")
            .arg(who.isEmpty() ? QStringLiteral("a process the OS does not name") : who.join(QStringLiteral("; ")));
    }
    case State::InUse:
        return QStringLiteral("in use by %1, not claimed through devlatch").arg(uses(foreignUse));
    }
    return {};
}

QStringList DeviceStatus::holderLines() const
{
    QStringList lines;
    const lock::HolderRecord *holder = lock.holder ? &*lock.holder : nullptr;
    if (holder)
        lines << QStringLiteral("holder: %1").arg(holderText(lock));
    const bool holderHasOfd = holder != nullptr; // devlatch holders always hold the OFD lock too
    for (const auto &os : lock.osHolders) {
        const bool holdersOwn = holder && !os.waiting && (os.pid == holder->pid || os.pid == holder->commandPid);
        if (holdersOwn || (holderHasOfd && !os.waiting && os.pid <= 0 && os.kind == lock::OsHolder::Kind::Ofd))
            continue; // the devlatch holder's own flock/OFD entries, or its CMD's share of them
        lines << QStringLiteral("%1: %2")
                     .arg(os.waiting ? QStringLiteral("waiting") : QStringLiteral("os lock"), LockWording::osHolder(os));
    }
    for (const ForeignUse &use : foreignUse)
        lines << QStringLiteral("outside devlatch: %1").arg(use.describe());
    if (lock.unbelievedRecord)
        lines << QStringLiteral("record not believed (no holder matches it): %1")
                     .arg(LockWording::holder(*lock.unbelievedRecord));
    if (lock.abandoned)
        lines << QStringLiteral("abandoned: %1").arg(LockWording::abandoned(*lock.abandoned));
    return lines;
}

QJsonObject holderRecordToJson(const lock::HolderRecord &record)
{
    QJsonObject object;
    object[QStringLiteral("id")] = qs(record.id);
    object[QStringLiteral("pid")] = double(record.pid);
    object[QStringLiteral("user")] = qs(record.user);
    object[QStringLiteral("uid")] = double(record.uid);
    object[QStringLiteral("host")] = qs(record.host);
    object[QStringLiteral("program")] = qs(record.program);
    object[QStringLiteral("since")] = qs(record.since);
    object[QStringLiteral("note")] = qs(record.note);
    if (record.commandPid > 0)
        object[QStringLiteral("commandPid")] = double(record.commandPid);
    return object;
}

QJsonObject jsonDocumentFor(const QString &command)
{
    return QJsonObject{{QStringLiteral("schema"), kJsonSchemaVersion}, {QStringLiteral("command"), command}};
}

QJsonObject DeviceStatus::toJson() const
{
    QJsonObject object;
    object[QStringLiteral("id")] = device.id;
    object[QStringLiteral("name")] = device.displayName();
    object[QStringLiteral("kind")] = device.kind;
    object[QStringLiteral("nodes")] = QJsonArray::fromStringList(device.nodes);
    object[QStringLiteral("configured")] = device.isConfigured();
    object[QStringLiteral("discovered")] = device.discovered;
    object[QStringLiteral("present")] = device.present;
    object[QStringLiteral("state")] = stateKeyword(state);
    object[QStringLiteral("summary")] = summary();
    object[QStringLiteral("lockName")] = lockName;
    object[QStringLiteral("lockPath")] = lockPath;
    if (!error.isEmpty())
        object[QStringLiteral("error")] = error;
    object[QStringLiteral("holder")] = lock.holder ? QJsonValue(holderRecordToJson(*lock.holder)) : QJsonValue();
    if (lock.holder)
        object[QStringLiteral("holderVerified")] = lock.holderVerified;
    if (!lock.recordedUser.empty())
        object[QStringLiteral("recordedUser")] = qs(lock.recordedUser);
    QJsonArray osHolders;
    for (const auto &holder : lock.osHolders) {
        QJsonObject entry;
        static const char *kinds[] = {"flock", "posix", "ofd", "mutex"};
        entry[QStringLiteral("kind")] = QLatin1String(kinds[static_cast<int>(holder.kind)]);
        entry[QStringLiteral("pid")] = holder.pid > 0 ? QJsonValue(double(holder.pid)) : QJsonValue();
        entry[QStringLiteral("program")] = qs(holder.program);
        entry[QStringLiteral("waiting")] = holder.waiting;
        entry[QStringLiteral("confirmed")] = holder.confirmed;
        osHolders.append(entry);
    }
    object[QStringLiteral("osHolders")] = osHolders;
    if (lock.unbelievedRecord)
        object[QStringLiteral("unbelievedRecord")] = holderRecordToJson(*lock.unbelievedRecord);
    if (lock.abandoned)
        object[QStringLiteral("abandoned")] = holderRecordToJson(*lock.abandoned);
    QJsonArray uses;
    static const char *hows[] = {"open", "lock", "uucp-lock"};
    for (const ForeignUse &use : foreignUse) {
        QJsonObject entry;
        entry[QStringLiteral("how")] = QLatin1String(hows[static_cast<int>(use.how)]);
        entry[QStringLiteral("pid")] = double(use.pid);
        entry[QStringLiteral("program")] = use.program;
        entry[QStringLiteral("node")] = use.node;
        uses.append(entry);
    }
    object[QStringLiteral("foreignUse")] = uses;
    return object;
}

} // namespace devlatch
