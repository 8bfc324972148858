#pragma once

#include "model/DeviceStatus.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace devlatch {

class Arbiter;
class DeviceInventory;
class LockMonitor;

// The live state of every device for a long-running client: re-reads a device's lock when
// the lock directory reports activity on it and says what changed. Readers never take locks.
class StateTracker final : public QObject {
    Q_OBJECT

public:
    StateTracker(Arbiter &arbiter, DeviceInventory &inventory, QObject *parent = nullptr);
    ~StateTracker() override;

    // Prepares the lock directory, starts watching it and reads every device once.
    void start();
    QString watchError() const;

    QList<DeviceStatus> statuses() const; // in the inventory's order
    DeviceStatus status(const QString &deviceId) const;
    bool contains(const QString &deviceId) const { return m_statuses.contains(deviceId); }

    void refreshAll();
    void refresh(const QString &deviceId);

Q_SIGNALS:
    void statusChanged(const QString &deviceId, const devlatch::DeviceStatus &previous,
                       const devlatch::DeviceStatus &current);
    void devicesChanged();

private:
    void onActivity(const QSet<QString> &lockNames);
    void rebuildDevices();
    void update(const Device &device);
    static bool wantsForeignUse(const Device &device);

    Arbiter &m_arbiter;
    DeviceInventory &m_inventory;
    LockMonitor *m_monitor = nullptr;
    QList<QString> m_order;
    QHash<QString, DeviceStatus> m_statuses;
    QHash<QString, QString> m_idByLockName;
};

// Whether two reads differ in anything a person would see.
bool sameAppearance(const DeviceStatus &a, const DeviceStatus &b);

} // namespace devlatch
