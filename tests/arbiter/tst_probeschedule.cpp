// SPDX-License-Identifier: MIT
// ProbeSchedule and LockFileOpeners as pure rules: which devices are read again, how often,
// and that nothing is when nothing could change.

#include "arbiter/LockFileOpeners.h"
#include "arbiter/ProbeSchedule.h"

#include <QTest>

using namespace devlatch;

namespace {

DeviceStatus status(const QString &id, DeviceStatus::State state)
{
    DeviceStatus s;
    s.device.id = id;
    s.lockName = id + QStringLiteral("-lock");
    s.state = state;
    return s;
}

} // namespace

class TestProbeSchedule final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openersCountOpensAndCloses()
    {
        LockFileOpeners openers;
        QVERIFY(!openers.anyOpen());
        openers.apply({{QStringLiteral("a"), 2}, {QStringLiteral("b"), 1}});
        openers.apply({{QStringLiteral("a"), -1}, {QStringLiteral("b"), -1}});
        QVERIFY(openers.isOpen(QStringLiteral("a")));
        QVERIFY(!openers.isOpen(QStringLiteral("b")));
        openers.apply({{QStringLiteral("a"), -5}}); // closes of opens from before counting
        QVERIFY(!openers.anyOpen());
        openers.apply({{QStringLiteral("a"), 1}});
        QVERIFY(openers.isOpen(QStringLiteral("a")));
    }

    void aCompleteWalkIsTheTruth()
    {
        LockFileOpeners openers;
        openers.apply({{QStringLiteral("stale"), 1}});
        openers.resync({QStringLiteral("seen")}, true, {});
        QVERIFY(!openers.isOpen(QStringLiteral("stale")));
        QVERIFY(openers.isOpen(QStringLiteral("seen")));
        QVERIFY(!openers.anyUnseen());
    }

    // Another user's processes cannot be looked at: what was counted stays, and every lock
    // file not seen open may be open by one of them.
    void anIncompleteWalkKeepsWhatItCouldNotSee()
    {
        LockFileOpeners openers;
        openers.apply({{QStringLiteral("counted"), 1}});
        openers.resync({QStringLiteral("seen")}, false, {QStringLiteral("seen"), QStringLiteral("other")});
        QVERIFY(openers.isOpen(QStringLiteral("counted")));
        QVERIFY(openers.isOpen(QStringLiteral("seen")));
        QVERIFY(openers.isUnseen(QStringLiteral("other")));
        QVERIFY(!openers.isUnseen(QStringLiteral("seen")));
    }

    void planSortsDevicesByWhatCanChange()
    {
        LockFileOpeners openers;
        openers.apply({{QStringLiteral("free-open-lock"), 1}, {QStringLiteral("held-open-lock"), 1},
                       {QStringLiteral("mine-lock"), 1}, {QStringLiteral("unknown-open-lock"), 1}});
        openers.resync({}, false, {QStringLiteral("unseen-lock")});
        DeviceStatus waiter = status(QStringLiteral("waited-for"), DeviceStatus::State::Held);
        lock::OsHolder waiting;
        waiting.pid = 42;
        waiting.waiting = true;
        waiter.lock.osHolders.push_back(waiting);
        const QList<DeviceStatus> statuses{
            status(QStringLiteral("free"), DeviceStatus::State::Free),
            status(QStringLiteral("free-open"), DeviceStatus::State::Free),
            status(QStringLiteral("unknown-open"), DeviceStatus::State::Unknown),
            status(QStringLiteral("held-open"), DeviceStatus::State::Held),
            status(QStringLiteral("mine"), DeviceStatus::State::HeldByMe),
            status(QStringLiteral("unseen"), DeviceStatus::State::Free),
            status(QStringLiteral("recent"), DeviceStatus::State::Free),
            status(QStringLiteral("unwatched-node"), DeviceStatus::State::Free),
            waiter,
        };
        const ProbeSchedule::Plan plan = ProbeSchedule::plan(statuses, openers, {QStringLiteral("recent-lock")},
                                                             {QStringLiteral("unwatched-node"), QStringLiteral("mine")});
        QCOMPARE(plan.fast, (QStringList{QStringLiteral("free-open"), QStringLiteral("unknown-open"),
                                         QStringLiteral("recent"), QStringLiteral("waited-for")}));
        QCOMPARE(plan.slow, (QStringList{QStringLiteral("held-open"), QStringLiteral("mine"), QStringLiteral("unseen"),
                                         QStringLiteral("unwatched-node")}));
    }

    // Windows: a mutex taken by a program outside devlatch makes no event; every lock not ours
    // is probed, often while a person looks, slowly otherwise.
    void whereTakesAreInvisibleEveryLockIsProbed()
    {
        const LockFileOpeners openers;
        const QList<DeviceStatus> statuses{status(QStringLiteral("free"), DeviceStatus::State::Free),
                                           status(QStringLiteral("held"), DeviceStatus::State::Held),
                                           status(QStringLiteral("mine"), DeviceStatus::State::HeldByMe),
                                           status(QStringLiteral("recent"), DeviceStatus::State::Free)};
        const QSet<QString> recent{QStringLiteral("recent-lock")};
        const ProbeSchedule::Plan looking = ProbeSchedule::plan(statuses, openers, recent, {}, {false, true});
        QCOMPARE(looking.fast, (QStringList{QStringLiteral("free"), QStringLiteral("held"), QStringLiteral("recent")}));
        QVERIFY(looking.slow.isEmpty());
        const ProbeSchedule::Plan away = ProbeSchedule::plan(statuses, openers, recent, {}, {false, false});
        QCOMPARE(away.fast, QStringList{QStringLiteral("recent")});
        QCOMPARE(away.slow, (QStringList{QStringLiteral("free"), QStringLiteral("held")}));
        // Linux sees every take: attention changes nothing there.
        const ProbeSchedule::Plan linux = ProbeSchedule::plan(statuses, openers, recent, {}, {true, true});
        QCOMPARE(linux.fast, QStringList{QStringLiteral("recent")});
        QVERIFY(linux.slow.isEmpty());
    }

    void atRestNothingRuns()
    {
        ProbeSchedule schedule;
        QVERIFY(schedule.isIdle());
        schedule.setPlan({{QStringLiteral("a")}, {}});
        QVERIFY(!schedule.isIdle());
        schedule.setPlan({});
        QVERIFY(schedule.isIdle());
    }

    void dueReportsThePlan()
    {
        ProbeSchedule schedule;
        QStringList fast;
        connect(&schedule, &ProbeSchedule::due, this, [&fast](const QStringList &ids, bool slow) {
            if (!slow)
                fast = ids;
        });
        schedule.setPlan({{QStringLiteral("a"), QStringLiteral("b")}, {}});
        QTRY_COMPARE_WITH_TIMEOUT(fast, (QStringList{QStringLiteral("a"), QStringLiteral("b")}), 10000);
    }

    void activityIsRecentForAWhile()
    {
        ProbeSchedule schedule;
        schedule.noteActivity({QStringLiteral("x")});
        QVERIFY(schedule.recentActivity().contains(QStringLiteral("x")));
        QTRY_VERIFY_WITH_TIMEOUT(!schedule.recentActivity().contains(QStringLiteral("x")), 10000);
    }
};

QTEST_GUILESS_MAIN(TestProbeSchedule)
#include "tst_probeschedule.moc"
