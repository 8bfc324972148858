// SPDX-License-Identifier: MIT
#include "StateWording.h"

#include "lock/ProcessInfo.h"
#include "model/LockWording.h"

#include <QDateTime>
#include <QLocale>
#include <QSysInfo>

namespace devlatch::tray {

namespace {

QString shown(const std::string &text)
{
    return LockWording::escaped(text);
}

QString otherHost(const lock::HolderRecord &record)
{
    const QString host = shown(record.host);
    return !host.isEmpty() && host != QSysInfo::machineHostName() ? host : QString();
}

// The first process outside devlatch that uses the device, as (pid, program).
const ForeignUse *firstUse(const DeviceStatus &status)
{
    return status.foreignUse.isEmpty() ? nullptr : &status.foreignUse.first();
}

} // namespace

bool isMine(const lock::HolderRecord &record)
{
    static const lock::HolderRecord me = lock::processIdentity();
    return record.uid >= 0 && record.uid == me.uid && otherHost(record).isEmpty();
}

QString StateWording::formatSince(const std::string &isoUtc)
{
    const QDateTime when = QDateTime::fromString(QString::fromStdString(isoUtc), Qt::ISODate).toLocalTime();
    if (!when.isValid())
        return shown(isoUtc);
    const QLocale locale;
    const QString time = locale.toString(when.time(), QStringLiteral("HH:mm"));
    return when.date() == QDate::currentDate() ? time
                                               : locale.toString(when.date(), QLocale::ShortFormat) + u' ' + time;
}

QStringList StateWording::stateWords()
{
    return {tr("Free"), tr("Yours"), tr("Held by you"), tr("Held"), tr("In use"), tr("Unknown"), tr("Waiting"),
            tr("Unplugged"), tr("Yours, unplugged")};
}

QString StateWording::kindText(const QString &kind)
{
    if (kind == u"serial")
        return tr("serial");
    if (kind == u"probe")
        return tr("probe");
    if (kind == u"camera")
        return tr("camera");
    if (kind == u"instrument")
        return tr("instrument");
    if (kind == u"resource")
        return tr("resource");
    if (kind == u"device")
        return tr("device");
    return LockWording::escaped(kind);
}

QString StateWording::foreignSentence(long long pid, const std::string &program)
{
    if (program.empty()) // it ended, or the OS will not name another user's process
        return tr("In use outside devlatch by a process whose name cannot be read (pid %1)").arg(pid);
    return tr("In use outside devlatch by %1 (pid %2)").arg(shown(program)).arg(pid);
}

QString StateWording::heldSentence(const DeviceStatus &status)
{
    if (!status.lock.holder)
        return tr("Held by a program that left no holder record");
    const lock::HolderRecord &holder = *status.lock.holder;
    QString text;
    if (isMine(holder))
        text = tr("You, in %1 (pid %2) since %3").arg(shown(holder.program)).arg(holder.pid).arg(formatSince(holder.since));
    else {
        QString who = shown(holder.user);
        if (const QString host = otherHost(holder); !host.isEmpty())
            who += u'@' + host;
        text = tr("Held by %1: %2 (pid %3) since %4")
                   .arg(who, shown(holder.program))
                   .arg(holder.pid)
                   .arg(formatSince(holder.since));
    }
    if (!holder.note.empty())
        text += QStringLiteral(" (%1)").arg(shown(holder.note));
    return text;
}

QString StateWording::lockSentence(const DeviceStatus &status)
{
    switch (status.state) {
    case DeviceStatus::State::Free:
        if (status.lock.abandoned) // shown until the next claim clears the record
            return tr("Free — %1 (pid %2) ended without releasing it")
                .arg(status.lock.abandoned->program.empty() ? tr("its holder") : shown(status.lock.abandoned->program))
                .arg(status.lock.abandoned->pid);
        return tr("Free");
    case DeviceStatus::State::HeldByMe: {
        const auto record = status.lock.holder;
        QString text = record ? tr("Yours since %1").arg(formatSince(record->since)) : tr("Yours");
        if (record && !record->note.empty())
            text += QStringLiteral(" (%1)").arg(shown(record->note));
        if (const ForeignUse *use = firstUse(status))
            text += tr(" — also in use by %1 (pid %2)")
                        .arg(use->program.isEmpty() ? tr("a process whose name cannot be read") : LockWording::escaped(use->program))
                        .arg(use->pid);
        return text;
    }
    case DeviceStatus::State::Held:
        return heldSentence(status);
    case DeviceStatus::State::HeldForeign:
        for (const auto &os : status.lock.osHolders)
            if (!os.waiting && os.pid > 0)
                return foreignSentence(os.pid, os.program);
        return tr("In use outside devlatch");
    case DeviceStatus::State::InUse:
        if (const ForeignUse *use = firstUse(status))
            return foreignSentence(use->pid, use->program.toStdString());
        return tr("In use outside devlatch");
    case DeviceStatus::State::Unknown:
        break;
    }
    return tr("Unknown: %1").arg(status.error);
}

QString StateWording::describe(const DeviceStatus &status, bool queued)
{
    QString text = lockSentence(status);
    if (queued && status.state != DeviceStatus::State::HeldByMe)
        text = tr("Waiting — you are queued; %1").arg(text);
    return status.device.present ? text : tr("Unplugged (%1)").arg(text);
}

QString StateWording::holderColumn(const DeviceStatus &status)
{
    if (const auto &holder = status.lock.holder) {
        if (status.state == DeviceStatus::State::HeldByMe || isMine(*holder))
            return tr("You · %1 (pid %2)").arg(shown(holder->program)).arg(holder->pid);
        QString who = shown(holder->user);
        if (const QString host = otherHost(*holder); !host.isEmpty())
            who += u'@' + host;
        return tr("%1 · %2 (pid %3)").arg(who, shown(holder->program)).arg(holder->pid);
    }
    for (const auto &os : status.lock.osHolders)
        if (!os.waiting && os.pid > 0)
            return tr("%1 (pid %2)").arg(os.program.empty() ? tr("unnamed process") : shown(os.program)).arg(os.pid);
    if (const ForeignUse *use = firstUse(status))
        return tr("%1 (pid %2)").arg(use->program.isEmpty() ? tr("unnamed process") : LockWording::escaped(use->program)).arg(use->pid);
    // Held, and the OS does not name the process (a Windows mutex, an OFD lock's taker).
    if (status.state == DeviceStatus::State::HeldForeign)
        return tr("a program outside devlatch");
    return {};
}

DeviceView StateWording::view(const DeviceStatus &status, const Context &context)
{
    using Look = Icons::Look;
    DeviceView view;
    view.id = status.device.id;
    view.name = context.name.isEmpty() ? status.device.displayName() : context.name;
    view.kind = kindText(status.device.kind);
    view.nodes = status.device.nodes.join(QStringLiteral(", "));
    view.description = describe(status, context.queued);
    view.holder = holderColumn(status);
    if (status.lock.holder) {
        view.since = formatSince(status.lock.holder->since);
        view.note = shown(status.lock.holder->note);
    }
    view.queued = context.queued;
    const bool present = status.device.present;
    switch (status.state) {
    case DeviceStatus::State::Free:
        view.stateText = tr("Free");
        view.look = Look::Free;
        view.click = DeviceView::Click::Claim;
        view.dimmed = bool(status.lock.abandoned);
        break;
    case DeviceStatus::State::HeldByMe:
        view.stateText = tr("Yours");
        view.look = status.foreignUse.isEmpty() ? Look::Mine : Look::Collision;
        view.attention = !status.foreignUse.isEmpty() || !present;
        view.click = DeviceView::Click::Release;
        break;
    case DeviceStatus::State::Held:
    case DeviceStatus::State::HeldForeign:
        view.stateText = status.lock.holder && isMine(*status.lock.holder) ? tr("Held by you") : tr("Held");
        view.look = Look::Busy;
        break;
    case DeviceStatus::State::InUse:
        view.stateText = tr("In use");
        view.look = Look::Busy;
        break;
    case DeviceStatus::State::Unknown:
        view.stateText = tr("Unknown");
        view.look = Look::Unknown;
        break;
    }
    if (context.queued && status.state != DeviceStatus::State::HeldByMe) {
        view.stateText = tr("Waiting");
        view.look = Look::Waiting;
    }
    if (!present) {
        view.stateText = status.state == DeviceStatus::State::HeldByMe ? tr("Yours, unplugged") : tr("Unplugged");
        view.look = Look::Unplugged;
        view.dimmed = status.state != DeviceStatus::State::HeldByMe;
    }
    return view;
}

} // namespace devlatch::tray
