#include "DeviceStatus.h"

#include <QJsonArray>

namespace devlatch {

static QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

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
    if (state != State::InUse && !foreignUse.isEmpty()) {
        QStringList uses;
        for (const ForeignUse &use : foreignUse)
            uses << use.describe();
        text += QStringLiteral("; also in use outside devlatch: ") + uses.join(QStringLiteral("; "));
    }
    return text;
}

QString DeviceStatus::stateSummary() const
{
    switch (state) {
    case State::Unknown:
        return QStringLiteral("unknown: %1").arg(error);
    case State::Free:
        return lock.abandoned ? QStringLiteral("free (%1)").arg(qs(describeAbandoned(*lock.abandoned)))
                              : QStringLiteral("free");
    case State::HeldByMe:
        return QStringLiteral("held by this process");
    case State::Held:
        return QStringLiteral("held by %1").arg(qs(describeHolder(*lock.holder)));
    case State::HeldForeign: {
        QStringList who;
        for (const auto &holder : lock.osHolders)
            if (!holder.waiting)
                who << qs(describeOsHolder(holder));
        return QStringLiteral("in use outside devlatch by %1")
            .arg(who.isEmpty() ? QStringLiteral("a process the OS does not name") : who.join(QStringLiteral("; ")));
    }
    case State::InUse: {
        QStringList uses;
        for (const ForeignUse &use : foreignUse)
            uses << use.describe();
        return QStringLiteral("in use by %1, not claimed through devlatch").arg(uses.join(QStringLiteral("; ")));
    }
    }
    return {};
}

QStringList DeviceStatus::holderLines() const
{
    QStringList lines;
    if (lock.holder)
        lines << QStringLiteral("holder: %1").arg(qs(describeHolder(*lock.holder)));
    for (const auto &holder : lock.osHolders) {
        if (lock.holder && holder.pid == lock.holder->pid && !holder.waiting)
            continue; // the devlatch holder's own flock/OFD entries
        lines << QStringLiteral("%1: %2")
                     .arg(holder.waiting ? QStringLiteral("waiting") : QStringLiteral("os lock"),
                          qs(describeOsHolder(holder)));
    }
    for (const ForeignUse &use : foreignUse)
        lines << QStringLiteral("outside devlatch: %1").arg(use.describe());
    if (lock.abandoned)
        lines << QStringLiteral("abandoned: %1").arg(qs(describeAbandoned(*lock.abandoned)));
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
    return object;
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
    QJsonArray osHolders;
    for (const auto &holder : lock.osHolders) {
        QJsonObject entry;
        static const char *kinds[] = {"flock", "posix", "ofd", "mutex"};
        entry[QStringLiteral("kind")] = QLatin1String(kinds[static_cast<int>(holder.kind)]);
        entry[QStringLiteral("pid")] = holder.pid > 0 ? QJsonValue(double(holder.pid)) : QJsonValue();
        entry[QStringLiteral("program")] = qs(holder.program);
        entry[QStringLiteral("waiting")] = holder.waiting;
        osHolders.append(entry);
    }
    object[QStringLiteral("osHolders")] = osHolders;
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
