// SPDX-License-Identifier: MIT
#pragma once

#include "model/DeviceStatus.h"

#include "lock/DeviceLock.h"
#include "lock/HolderRecord.h"

#include <QCoreApplication>
#include <QSet>

#include <optional>

namespace devlatch::tray {

class Notifier;
class TrayController;

// What the tray tells the person when something happens to a device: a queued claim granted
// or refused, a held device unplugged or back, a program outside devlatch using a device you
// hold, a device you wait for going to someone else, a removed lock file. Each with the
// buttons that fit ("Release", "Claim now"). Returns whether it needs the person's attention.
class TrayNotices final {
    Q_DECLARE_TR_FUNCTIONS(devlatch::tray::TrayNotices)

public:
    TrayNotices(TrayController &controller, Notifier &notifier) : m_controller(controller), m_notifier(notifier) {}

    bool statusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current);
    void granted(const QString &deviceId, const std::optional<lock::HolderRecord> &abandoned);
    void queueFailed(const QString &deviceId, const QString &message);
    void lockFileReplaced(const QString &deviceId, const lock::DeviceLock::IntegrityResult &result);
    void refused(const QString &deviceId, const QString &why);
    static QString abandonedText(const lock::HolderRecord &abandoned);

    void notifyWhenFree(const QString &deviceId, bool on);
    bool isWatchedForFree(const QString &deviceId) const { return m_notifyWhenFree.contains(deviceId); }

private:
    TrayController &m_controller;
    Notifier &m_notifier;
    QSet<QString> m_notifyWhenFree;
};

} // namespace devlatch::tray
