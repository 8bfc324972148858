#include "StateTracker.h"

#include "Arbiter.h"
#include "LockMonitor.h"
#include "model/DeviceInventory.h"

#include "lock/LockDirectory.h"
#include "lock/LockName.h"

#include <QFileInfo>

#include <algorithm>

namespace devlatch {

bool sameAppearance(const DeviceStatus &a, const DeviceStatus &b)
{
    auto holderKey = [](const DeviceStatus &s) {
        return s.lock.holder ? QStringLiteral("%1|%2|%3").arg(s.lock.holder->pid).arg(
                                   QString::fromStdString(s.lock.holder->note), QString::fromStdString(s.lock.holder->since))
                             : QString();
    };
    auto osKey = [](const DeviceStatus &s) {
        QStringList parts;
        for (const auto &h : s.lock.osHolders)
            parts << QStringLiteral("%1/%2/%3").arg(h.pid).arg(int(h.kind)).arg(h.waiting);
        return parts.join(u',');
    };
    return a.state == b.state && a.error == b.error && holderKey(a) == holderKey(b) && osKey(a) == osKey(b)
           && bool(a.lock.abandoned) == bool(b.lock.abandoned) && a.device.nodes == b.device.nodes
           && a.device.displayName() == b.device.displayName() && a.device.present == b.device.present
           && a.foreignUse.size() == b.foreignUse.size();
}

StateTracker::StateTracker(Arbiter &arbiter, DeviceInventory &inventory, QObject *parent)
    : QObject(parent), m_arbiter(arbiter), m_inventory(inventory)
{
    connect(&m_inventory, &DeviceInventory::devicesChanged, this, &StateTracker::rebuildDevices);
}

StateTracker::~StateTracker() = default;

void StateTracker::start()
{
    if (!m_monitor && m_arbiter.directoryError().isEmpty()) {
        // Watching needs the directory; creating it is what the first claim would do anyway.
        lock::prepareLockDirectory(m_arbiter.lockDirectory().toStdString(), m_arbiter.scope(), true);
        m_monitor = new LockMonitor(m_arbiter.lockDirectory(), this);
        connect(m_monitor, &LockMonitor::activity, this, &StateTracker::onActivity);
    }
    rebuildDevices();
}

QString StateTracker::watchError() const
{
    if (!m_arbiter.directoryError().isEmpty())
        return m_arbiter.directoryError();
    return m_monitor ? m_monitor->error() : QString();
}

QList<DeviceStatus> StateTracker::statuses() const
{
    QList<DeviceStatus> list;
    list.reserve(m_order.size());
    for (const QString &id : m_order)
        list << m_statuses.value(id);
    return list;
}

DeviceStatus StateTracker::status(const QString &deviceId) const
{
    return m_statuses.value(deviceId);
}

void StateTracker::rebuildDevices()
{
    const QList<Device> devices = m_inventory.devices();
    QHash<QString, DeviceStatus> previous = m_statuses;
    m_order.clear();
    m_statuses.clear();
    m_idByLockName.clear();
    QList<Device> all = devices;
    // A device this process holds stays listed when it is unplugged: the claim is still ours,
    // and replugged it is the same device with the same lock.
    for (auto it = previous.constBegin(); it != previous.constEnd(); ++it) {
        const bool stillThere = std::any_of(devices.begin(), devices.end(), [&it](const Device &d) { return d.id == it.key(); });
        if (!stillThere && m_arbiter.isHeldByMe(it.key())) {
            Device gone = it->device;
            gone.present = false;
            all << gone;
        }
    }
    for (const Device &device : std::as_const(all)) {
        if (m_statuses.contains(device.id))
            continue;
        m_order << device.id;
        m_statuses.insert(device.id, m_arbiter.status(device, wantsForeignUse(device)));
        const QByteArray id = device.id.toUtf8();
        m_idByLockName.insert(QString::fromStdString(lock::lockNameForId({id.constData(), size_t(id.size())}).name),
                              device.id);
    }
    Q_EMIT devicesChanged();
    for (const QString &id : std::as_const(m_order)) {
        const auto old = previous.constFind(id);
        if (old != previous.constEnd() && !sameAppearance(*old, m_statuses.value(id)))
            Q_EMIT statusChanged(id, *old, m_statuses.value(id));
    }
}

void StateTracker::refreshAll()
{
    for (const QString &id : std::as_const(m_order))
        refresh(id);
}

void StateTracker::refresh(const QString &deviceId)
{
    const auto it = m_statuses.constFind(deviceId);
    if (it != m_statuses.constEnd())
        update(it->device);
}

bool StateTracker::wantsForeignUse(const Device &device)
{
    // Only devices whose nodes exist: the /proc scan is not free with a thousand devices.
    return device.present && std::any_of(device.nodes.begin(), device.nodes.end(),
                                         [](const QString &node) { return QFileInfo::exists(node); });
}

void StateTracker::update(const Device &device)
{
    const DeviceStatus current = m_arbiter.status(device, wantsForeignUse(device));
    const DeviceStatus previous = m_statuses.value(device.id);
    m_statuses.insert(device.id, current);
    if (!sameAppearance(previous, current))
        Q_EMIT statusChanged(device.id, previous, current);
}

void StateTracker::onActivity(const QSet<QString> &lockNames)
{
    if (lockNames.isEmpty()) {
        refreshAll();
        return;
    }
    for (const QString &name : lockNames) {
        const QString id = m_idByLockName.value(name);
        if (!id.isEmpty())
            refresh(id);
    }
}

} // namespace devlatch
