// SPDX-License-Identifier: MIT
#include "StateTracker.h"

#include "Arbiter.h"
#include "LockFileOpeners.h"
#include "LockMonitor.h"
#include "NodeWatch.h"
#include "ProbeSchedule.h"

#include "lock/LockDirectory.h"
#include "lock/LockName.h"

#include <QTimer>

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

namespace {
// A node's open event comes before the opener's descriptor shows in /proc.
constexpr int kNodeFollowUpMs = 50;
} // namespace

StateTracker::StateTracker(Arbiter &arbiter, QObject *parent) : QObject(parent), m_arbiter(arbiter) {}

StateTracker::~StateTracker() = default;

void StateTracker::start(const QList<Device> &devices)
{
    if (!m_monitor && m_arbiter.directoryError().isEmpty()) {
        // Watching needs the directory; creating it is what the first claim would do anyway.
        lock::prepareLockDirectory(m_arbiter.lockDirectory().toStdString(), m_arbiter.scope(), true);
        m_monitor = new LockMonitor(m_arbiter.lockDirectory(), this);
        connect(m_monitor, &LockMonitor::activity, this, &StateTracker::onActivity);
    }
    if (!m_schedule) {
        m_schedule = new ProbeSchedule(this);
        connect(m_schedule, &ProbeSchedule::due, this, [this](const QStringList &ids, bool slow) {
            if (slow && m_monitor && m_monitor->openers().anyOpen())
                m_monitor->resyncOpeners(); // counts can be off after an overflow or the start
            refresh(ids, slow);
        });
        m_nodeFollowUp = new QTimer(this);
        m_nodeFollowUp->setSingleShot(true);
        m_nodeFollowUp->setInterval(kNodeFollowUpMs);
        connect(m_nodeFollowUp, &QTimer::timeout, this, [this] {
            QStringList ids;
            for (const QString &node : std::as_const(m_nodesDue))
                ids += m_idsByNode.value(node);
            m_nodesDue.clear();
            ids.removeDuplicates();
            refresh(ids);
        });
        m_nodeWatch = NodeWatch::create([this](const QSet<QString> &nodes) { onNodes(nodes); }, this);
    }
    setDevices(devices);
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

void StateTracker::setDevices(const QList<Device> &devices)
{
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
    QList<Device> unique;
    QSet<QString> seen;
    for (const Device &device : std::as_const(all))
        if (!seen.contains(device.id)) {
            seen.insert(device.id);
            unique << device;
        }
    const QList<DeviceStatus> read = m_arbiter.statuses(unique, true);
    for (const DeviceStatus &status : read) {
        const QString &id = status.device.id;
        m_order << id;
        m_statuses.insert(id, status);
        const QByteArray bytes = id.toUtf8();
        m_idByLockName.insert(QString::fromStdString(lock::lockNameForId({bytes.constData(), size_t(bytes.size())}).name), id);
    }
    watchNodes();
    Q_EMIT devicesChanged();
    for (const QString &id : std::as_const(m_order)) {
        const auto old = previous.constFind(id);
        if (old != previous.constEnd() && !sameAppearance(*old, m_statuses.value(id)))
            Q_EMIT statusChanged(id, *old, m_statuses.value(id));
    }
    replan();
}

void StateTracker::watchNodes()
{
    m_idsByNode.clear();
    for (const QString &id : std::as_const(m_order)) {
        const Device &device = m_statuses[id].device;
        if (device.present)
            for (const QString &node : device.nodes)
                m_idsByNode[node] << id;
    }
    if (m_nodeWatch)
        m_nodeWatch->setNodes(m_idsByNode.keys());
}

void StateTracker::onNodes(const QSet<QString> &nodes)
{
    m_nodesDue.unite(nodes);
    if (!m_nodeFollowUp->isActive())
        m_nodeFollowUp->start();
}

void StateTracker::replan()
{
    if (!m_schedule)
        return;
    QSet<QString> unwatchedIds;
    if (m_nodeWatch)
        for (const QString &node : m_nodeWatch->unwatched())
            for (const QString &id : m_idsByNode.value(node))
                unwatchedIds.insert(id);
    static const LockFileOpeners noOpeners;
    const ProbeSight sight{!m_monitor || m_monitor->seesEveryTake(), m_attention};
    m_schedule->setPlan(ProbeSchedule::plan(statuses(), m_monitor ? m_monitor->openers() : noOpeners,
                                            m_schedule->recentActivity(), unwatchedIds, sight));
}

void StateTracker::setAttention(bool attention)
{
    if (attention == m_attention)
        return;
    m_attention = attention;
    if (attention && m_monitor && !m_monitor->seesEveryTake())
        refreshAll(); // what a peer took while nobody looked (also replans)
    else
        replan();
}

void StateTracker::refreshAll()
{
    refresh(QStringList(m_order));
}

void StateTracker::refresh(const QString &deviceId)
{
    refresh(QStringList{deviceId});
}

void StateTracker::refresh(const QStringList &deviceIds, bool users)
{
    QList<Device> devices;
    for (const QString &id : deviceIds)
        if (const auto it = m_statuses.constFind(id); it != m_statuses.constEnd())
            devices << it->device;
    for (DeviceStatus current : m_arbiter.statuses(devices, users)) {
        const QString id = current.device.id;
        const DeviceStatus previous = m_statuses.value(id);
        if (!users) { // the users of the node as last seen; with them a free lock is "in use"
            current.foreignUse = previous.foreignUse;
            if (current.state == DeviceStatus::State::Free && !current.foreignUse.isEmpty())
                current.state = DeviceStatus::State::InUse;
        }
        m_statuses.insert(id, current);
        if (!sameAppearance(previous, current))
            Q_EMIT statusChanged(id, previous, current);
    }
    replan();
}

void StateTracker::onActivity(const QSet<QString> &lockNames)
{
    if (m_schedule)
        m_schedule->noteActivity(lockNames);
    // A held lock file that was removed or replaced is taken again before anything else.
    for (const auto &[id, result] : m_arbiter.verifyHeld())
        Q_EMIT lockFileReplaced(id, result);
    if (lockNames.isEmpty()) {
        refreshAll();
        return;
    }
    QStringList ids;
    for (const QString &name : lockNames)
        if (const QString id = m_idByLockName.value(name); !id.isEmpty())
            ids << id;
    refresh(ids);
}

} // namespace devlatch
