// SPDX-License-Identifier: MIT
#include "LabWording.h"

#include "lab/LabStatus.h"

#include <QCoreApplication>

namespace devlatch::tray::LabWording {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("devlatch::tray::LabWording", text);
}

QString localTime(const QString &iso)
{
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODate);
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm")) : lab::escapedText(iso);
}

QString holderOf(const lab::LabEntry &entry)
{
    if (!entry.record)
        return lab::escapedText(entry.user);
    const lab::LabRecord &r = *entry.record;
    return QStringLiteral("%1@%2 · %3 (pid %4)").arg(lab::escapedText(r.user), lab::escapedText(r.host), lab::escapedText(r.program)).arg(r.pid);
}

QString untilText(const lab::LabEntry &entry, const QDateTime &serverNow)
{
    if (!entry.record || entry.record->until.isEmpty())
        return {};
    const QDateTime until = QDateTime::fromString(entry.record->until, Qt::ISODate);
    if (!until.isValid())
        return {};
    const qint64 minutes = (serverNow.secsTo(until) + 59) / 60;
    return minutes > 0 ? tr("until %1 (in %2 min)").arg(localTime(entry.record->until)).arg(minutes)
                       : tr("until %1 (overdue)").arg(localTime(entry.record->until));
}

} // namespace

DeviceView view(const lab::LabStatus &status, const Mine &mine, const QDateTime &serverNow)
{
    DeviceView v;
    v.id = status.device;
    v.name = lab::escapedText(status.device);
    v.kind = tr("lab");
    v.queued = mine.waiting;
    if (status.state == lab::LabStatus::State::Unknown) {
        v.stateText = tr("Unknown");
        v.description = tr("Unknown: %1").arg(status.error);
        v.look = Icons::Look::Unknown;
        v.dimmed = true;
        return v;
    }
    const lab::LabEntry *owner = status.owner();
    if (owner) {
        v.holder = holderOf(*owner);
        v.since = owner->record ? localTime(owner->record->since) : QString();
        v.note = owner->record ? lab::escapedText(owner->record->note) : QString();
    }
    const QString until = owner ? untilText(*owner, serverNow) : QString();
    const int waiting = int(status.queue.size()) - 1;
    QStringList details;
    if (!until.isEmpty())
        details << until;
    if (waiting > 0)
        details << tr("%1 waiting").arg(waiting);
    if (!status.maintenance.isEmpty())
        details << tr("in maintenance: %1").arg(lab::escapedText(status.maintenance));
    const QString tail = details.isEmpty() ? QString() : QStringLiteral("; ") + details.join(QStringLiteral("; "));
    if (mine.asking) {
        v.stateText = tr("Claiming…");
        v.description = tr("Asking the lab…");
        v.look = Icons::Look::Waiting;
    } else if (mine.held && status.state == lab::LabStatus::State::HeldByMe) {
        v.stateText = mine.uncertain ? tr("Yours (uncertain)") : tr("Yours");
        v.description = (mine.uncertain ? tr("Yours, but not confirmed by the lab lately: it may have been freed")
                                        : tr("Yours since %1").arg(v.since)) + tail;
        v.holder = tr("You · %1").arg(v.holder);
        v.look = mine.uncertain ? Icons::Look::Collision : Icons::Look::Mine;
        v.click = DeviceView::Click::Release;
        v.attention = mine.uncertain;
    } else if (status.myPosition > 0) {
        v.stateText = tr("Waiting (%1)").arg(lab::ordinal(status.myPosition));
        v.description = tr("You are %1 in the queue; held by %2").arg(lab::ordinal(status.myPosition), v.holder) + tail;
        v.look = Icons::Look::Waiting;
    } else if (owner) {
        v.stateText = tr("Held");
        v.description = tr("Held by %1 since %2").arg(v.holder, v.since) + tail;
        v.look = Icons::Look::Busy;
    } else if (!status.maintenance.isEmpty()) {
        v.stateText = tr("In maintenance");
        v.description = tr("In maintenance: %1").arg(lab::escapedText(status.maintenance));
        v.look = Icons::Look::Busy;
    } else {
        v.stateText = tr("Free");
        v.description = tr("Free");
        v.look = Icons::Look::Free;
        v.click = DeviceView::Click::Claim;
    }
    return v;
}

QString refusal(const QString &device, const lab::LabStatus &status)
{
    if (!status.maintenance.isEmpty())
        return tr("%1 is in maintenance: %2").arg(lab::escapedText(device), lab::escapedText(status.maintenance));
    if (const lab::LabEntry *owner = status.owner())
        return tr("%1 is held by %2").arg(lab::escapedText(device), holderOf(*owner));
    return tr("%1 could not be claimed: %2").arg(lab::escapedText(device), status.summary());
}

} // namespace devlatch::tray::LabWording
