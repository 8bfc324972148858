// SPDX-License-Identifier: MIT
#pragma once

#include "model/DeviceStatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

class QTimer;

namespace devlatch {

class LockFileOpeners;

// When to read again the devices that can change without an event. Most cannot: a lock is
// taken by opening its file and a device is used by opening its node, and both are watched.
// What is left:
//  fast (every 500 ms) — a free lock whose file some process has open (it may lock that
//    descriptor any moment), a lock with a waiter, a lock that saw activity in the last
//    2 s: a held device must never look free for longer than a second;
//  slow (every 5 s) — a held lock whose file stays open (it can be unlocked without a
//    close), a lock file opened before devlatch started by a process this user cannot see,
//    a device node this user cannot watch.
// Where the OS has no event for a take by a program outside devlatch (Windows: a mutex), every
// lock not ours is probed as well: fast while a person looks (menu or window open), slow else.
// The timers run only while there is something to look at; at rest nothing wakes up.
// What this platform's watch can see, and whether someone is looking right now.
struct ProbeSight {
    bool seesEveryTake = true;
    bool attention = false;
};

class ProbeSchedule final : public QObject {
    Q_OBJECT

public:
    static constexpr int kFastMs = 500;
    static constexpr int kSlowMs = 5000;
    static constexpr int kRecentMs = 2000;

    struct Plan {
        QStringList fast; // device ids
        QStringList slow;
    };
    // `recent`: lock names with activity within kRecentMs; `unwatchedIds`: devices with a
    // node that cannot be watched.
    static Plan plan(const QList<DeviceStatus> &statuses, const LockFileOpeners &openers,
                     const QSet<QString> &recent, const QSet<QString> &unwatchedIds, ProbeSight sight = {});

    explicit ProbeSchedule(QObject *parent = nullptr);

    void noteActivity(const QSet<QString> &lockNames);
    QSet<QString> recentActivity() const; // forgets what is older than kRecentMs
    // Starts, keeps or stops the timers for this plan.
    void setPlan(const Plan &plan);
    const Plan &currentPlan() const { return m_plan; }
    bool isIdle() const;

Q_SIGNALS:
    // Devices to read again: `slow` also asks for their nodes' users (a /proc walk).
    void due(const QStringList &deviceIds, bool slow);

private:
    Plan m_plan;
    QTimer *m_fast;
    QTimer *m_slow;
    QElapsedTimer m_clock;
    mutable QHash<QString, qint64> m_activityAt; // lock name -> m_clock time
};

} // namespace devlatch
