// SPDX-License-Identifier: MIT
#include "TrayNotices.h"

#include "Notifier.h"
#include "StateWording.h"
#include "TrayController.h"

#include "model/LockWording.h"

namespace devlatch::tray {

namespace {
Notifier::Action releaseAction()
{
    return {QStringLiteral("release"), TrayNotices::tr("Release")};
}
} // namespace

QString TrayNotices::abandonedText(const lock::HolderRecord &abandoned)
{
    return tr("Its previous holder, %1 (pid %2), ended without releasing it.")
        .arg(LockWording::escaped(abandoned.program))
        .arg(abandoned.pid);
}

void TrayNotices::granted(const QString &deviceId, const std::optional<lock::HolderRecord> &abandoned)
{
    m_notifier.notify(tr("%1 is yours").arg(m_controller.displayName(deviceId)),
                      abandoned ? abandonedText(*abandoned) : tr("It became free and was claimed for you."),
                      Notifier::Kind::Information, deviceId, {releaseAction()});
}

void TrayNotices::queueFailed(const QString &deviceId, const QString &message)
{
    m_notifier.notify(tr("Cannot claim %1").arg(m_controller.displayName(deviceId)), message, Notifier::Kind::Warning,
                      deviceId);
}

void TrayNotices::refused(const QString &deviceId, const QString &why)
{
    m_notifier.notify(tr("%1 is busy").arg(m_controller.displayName(deviceId)), why, Notifier::Kind::Warning, deviceId);
}

void TrayNotices::lockFileReplaced(const QString &deviceId, const lock::DeviceLock::IntegrityResult &result)
{
    const bool restored = result.state == lock::DeviceLock::Integrity::Restored;
    m_notifier.notify(tr("The lock file of %1 was removed").arg(m_controller.displayName(deviceId)),
                      restored ? tr("devlatch took the new one as well, so others are still refused. "
                                    "Lock files must never be removed.")
                               : tr("Another process took the new one: it may be using the device too."),
                      Notifier::Kind::Warning, deviceId);
}

void TrayNotices::notifyWhenFree(const QString &deviceId, bool on)
{
    if (on)
        m_notifyWhenFree.insert(deviceId);
    else
        m_notifyWhenFree.remove(deviceId);
}

bool TrayNotices::statusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current)
{
    const QString name = m_controller.displayName(deviceId);
    const bool mine = current.state == DeviceStatus::State::HeldByMe;
    bool attention = false;
    if (previous.device.present && !current.device.present && mine) {
        m_notifier.notify(tr("%1 was unplugged").arg(name), tr("You still hold its claim; plug it back in, or release it."),
                          Notifier::Kind::Warning, deviceId, {releaseAction()});
    } else if (!previous.device.present && current.device.present && mine) {
        const QString nodes = current.device.nodes.join(QStringLiteral(", "));
        m_notifier.notify(tr("%1 is back").arg(name),
                          previous.device.nodes == current.device.nodes || nodes.isEmpty()
                              ? tr("It is still yours.")
                              : tr("It is still yours, now at %1.").arg(nodes),
                          Notifier::Kind::Information, deviceId);
    }
    if (mine && !current.foreignUse.isEmpty() && previous.foreignUse.isEmpty())
        m_notifier.notify(tr("%1 is also in use outside devlatch").arg(name), StateWording::describe(current),
                          Notifier::Kind::Warning, deviceId, {releaseAction()});
    if (m_notifyWhenFree.contains(deviceId) && current.state == DeviceStatus::State::Free) {
        m_notifyWhenFree.remove(deviceId);
        m_notifier.notify(tr("%1 is free").arg(name), tr("You asked to be told when it is free."),
                          Notifier::Kind::Information, deviceId, {{QStringLiteral("claim"), tr("Claim now")}});
    }
    // A device we queued for went to someone else: say so.
    if (m_controller.isQueued(deviceId) && current.isBusy() && previous.isBusy() && previous.lock.holder
        && current.lock.holder && previous.lock.holder->pid != current.lock.holder->pid) {
        m_notifier.notify(tr("%1 went to someone else").arg(name), StateWording::describe(current, true),
                          Notifier::Kind::Warning, deviceId);
        attention = true;
    }
    return attention;
}

} // namespace devlatch::tray
