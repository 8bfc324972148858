// SPDX-License-Identifier: MIT
#include "ProbeSchedule.h"

#include "LockFileOpeners.h"

#include <QTimer>

#include <algorithm>

namespace devlatch {

ProbeSchedule::Plan ProbeSchedule::plan(const QList<DeviceStatus> &statuses, const LockFileOpeners &openers,
                                        const QSet<QString> &recent, const QSet<QString> &unwatchedIds, ProbeSight sight)
{
    Plan plan;
    for (const DeviceStatus &status : statuses) {
        const QString &id = status.device.id;
        if (status.state == DeviceStatus::State::HeldByMe) {
            // Ours: nothing to learn about the lock; only who else uses the node.
            if (unwatchedIds.contains(id) && status.device.present)
                plan.slow << id;
            continue;
        }
        const bool held = status.state == DeviceStatus::State::Held || status.state == DeviceStatus::State::HeldForeign;
        const bool waiter = std::any_of(status.lock.osHolders.begin(), status.lock.osHolders.end(),
                                        [](const lock::OsHolder &h) { return h.waiting; });
        const bool open = openers.isOpen(status.lockName);
        if (recent.contains(status.lockName) || waiter || (open && !held))
            plan.fast << id;
        else if (!sight.seesEveryTake && sight.attention)
            plan.fast << id;
        else if ((open && held) || openers.isUnseen(status.lockName) || (unwatchedIds.contains(id) && status.device.present)
                 || !sight.seesEveryTake)
            plan.slow << id;
    }
    return plan;
}

ProbeSchedule::ProbeSchedule(QObject *parent)
    : QObject(parent), m_fast(new QTimer(this)), m_slow(new QTimer(this))
{
    m_clock.start();
    m_fast->setInterval(kFastMs);
    m_slow->setInterval(kSlowMs);
    // Coarse: a lab tool need not wake the CPU at exact instants.
    m_slow->setTimerType(Qt::VeryCoarseTimer);
    connect(m_fast, &QTimer::timeout, this, [this] { Q_EMIT due(m_plan.fast, false); });
    connect(m_slow, &QTimer::timeout, this, [this] { Q_EMIT due(m_plan.slow, true); });
}

void ProbeSchedule::noteActivity(const QSet<QString> &lockNames)
{
    const qint64 now = m_clock.elapsed();
    for (const QString &name : lockNames)
        m_activityAt.insert(name, now);
}

QSet<QString> ProbeSchedule::recentActivity() const
{
    const qint64 now = m_clock.elapsed();
    QSet<QString> recent;
    for (auto it = m_activityAt.begin(); it != m_activityAt.end();) {
        if (now - it.value() > kRecentMs) {
            it = m_activityAt.erase(it);
        } else {
            recent.insert(it.key());
            ++it;
        }
    }
    return recent;
}

void ProbeSchedule::setPlan(const Plan &plan)
{
    m_plan = plan;
    // start() would restart a running timer and, with steady changes, never let it fire.
    if (plan.fast.isEmpty())
        m_fast->stop();
    else if (!m_fast->isActive())
        m_fast->start();
    if (plan.slow.isEmpty())
        m_slow->stop();
    else if (!m_slow->isActive())
        m_slow->start();
}

bool ProbeSchedule::isIdle() const
{
    return !m_fast->isActive() && !m_slow->isActive();
}

} // namespace devlatch
