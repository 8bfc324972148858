// SPDX-License-Identifier: MIT
#pragma once

#include "model/DeviceStatus.h"

#include "lock/DeviceLock.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <memory>

class QTimer;

namespace devlatch {

class Arbiter;
class LockMonitor;
class NodeWatch;
class ProbeSchedule;

// The live state of every device for a long-running client: re-reads a device's lock when
// the lock directory reports activity on it, and its users when its node is opened or
// closed, and says what changed. What can change without an event is read again on a
// ProbeSchedule. Readers never take locks.
class StateTracker final : public QObject {
    Q_OBJECT

public:
    explicit StateTracker(Arbiter &arbiter, QObject *parent = nullptr);
    ~StateTracker() override;

    // Prepares the lock directory, starts watching it and reads every device once.
    void start(const QList<Device> &devices);
    // The device list changed (config, hotplug): reads new devices, keeps held ones listed.
    void setDevices(const QList<Device> &devices);
    QString watchError() const;

    QList<DeviceStatus> statuses() const; // in the inventory's order
    DeviceStatus status(const QString &deviceId) const;
    bool contains(const QString &deviceId) const { return m_statuses.contains(deviceId); }

    void refreshAll();
    void refresh(const QString &deviceId);
    // Re-reads these devices in one look at the system; without `users`, only their locks
    // (who uses their nodes stays as last seen).
    void refresh(const QStringList &deviceIds, bool users = true);

    const ProbeSchedule *schedule() const { return m_schedule; }
    // Someone is looking (the tray's menu or window is open): where takes have no event,
    // probe often now.
    void setAttention(bool attention);

Q_SIGNALS:
    void statusChanged(const QString &deviceId, const devlatch::DeviceStatus &previous,
                       const devlatch::DeviceStatus &current);
    void devicesChanged();
    // The lock file of a device this process holds was removed or replaced: Restored (the
    // new one is ours too) or Lost (a newcomer took it first).
    void lockFileReplaced(const QString &deviceId, const devlatch::lock::DeviceLock::IntegrityResult &result);

private:
    void onActivity(const QSet<QString> &lockNames);
    void onNodes(const QSet<QString> &nodes);
    void watchNodes();
    void replan();

    Arbiter &m_arbiter;
    LockMonitor *m_monitor = nullptr;
    ProbeSchedule *m_schedule = nullptr;
    std::unique_ptr<NodeWatch> m_nodeWatch;
    QHash<QString, QStringList> m_idsByNode;
    QSet<QString> m_nodesDue; // nodes opened or closed: their users are read shortly after
    QTimer *m_nodeFollowUp = nullptr;
    QList<QString> m_order;
    QHash<QString, DeviceStatus> m_statuses;
    QHash<QString, QString> m_idByLockName;
    bool m_attention = false;
};

// Whether two reads differ in anything a person would see.
bool sameAppearance(const DeviceStatus &a, const DeviceStatus &b);

} // namespace devlatch
