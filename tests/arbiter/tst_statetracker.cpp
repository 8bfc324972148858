// SPDX-License-Identifier: MIT
// StateTracker with real processes: a lock taken on a descriptor opened earlier (no event
// of its own), a lock released without a close, a program opening the device node; and that
// nothing is read again while nothing could change.

#include "TestSupport.h"

#include "arbiter/Arbiter.h"
#include "arbiter/ProbeSchedule.h"
#include "arbiter/StateTracker.h"

#include "lock/LockName.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

using namespace devlatch;
using devlatch::test::Helper;
using devlatch::test::TempLockDir;

class TestStateTracker final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;
    std::unique_ptr<Arbiter> m_arbiter;
    std::unique_ptr<StateTracker> m_tracker;
    QString m_node;

    Device bench() const
    {
        Device d;
        d.id = QStringLiteral("bench");
        d.nodes = {m_node};
        return d;
    }
    QString lockFile() const
    {
        return m_dir->path() + u'/' + QString::fromStdString(lock::lockNameForId("bench").name) + QStringLiteral(".lock");
    }
    void startTracker()
    {
        m_tracker = std::make_unique<StateTracker>(*m_arbiter);
        m_tracker->start({bench()});
    }
    DeviceStatus::State state() const { return m_tracker->status(QStringLiteral("bench")).state; }
    bool isBusy() const { return m_tracker->status(QStringLiteral("bench")).isBusy(); }
    bool planned(bool fast) const
    {
        const ProbeSchedule::Plan &plan = m_tracker->schedule()->currentPlan();
        return (fast ? plan.fast : plan.slow).contains(QStringLiteral("bench"));
    }
    // A shell that opens the lock file, then does what each line on stdin asks.
    void startShell(Helper &shell, const QString &script)
    {
        QVERIFY(shell.start(QStringLiteral("sh"), {QStringLiteral("-c"), script, QStringLiteral("sh"), lockFile(), m_node}));
    }
    static void say(Helper &shell) { shell.process().write("go\n"); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<TempLockDir>();
        m_node = m_dir->root() + QStringLiteral("/ttyFAKE0");
        QFile node(m_node);
        QVERIFY(node.open(QIODevice::WriteOnly));
        m_arbiter = std::make_unique<Arbiter>();
    }
    void cleanup()
    {
        m_tracker.reset();
        m_arbiter.reset();
        m_dir.reset();
    }

    // The shell idiom `exec 9>>LOCK; flock 9` locks a descriptor opened earlier: the lock
    // itself makes no event. The open did, so the device is read every 500 ms from then on.
    void lockOnAnEarlierDescriptorIsSeen()
    {
        startTracker();
        QVERIFY(m_tracker->schedule()->isIdle());
        Helper shell;
        startShell(shell, QStringLiteral("exec 9>>\"$1\"; echo opened; read x; flock 9; echo locked; cat >/dev/null"));
        QVERIFY(!shell.waitForLine("opened").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(planned(true), 10000);
        QTest::qWait(ProbeSchedule::kRecentMs + 200); // past the burst after the open event
        QVERIFY(!isBusy());
        QVERIFY2(planned(true), "an open, unlocked lock file must stay on the fast schedule");
        say(shell);
        QVERIFY(!shell.waitForLine("locked").isEmpty());
        QElapsedTimer seen;
        seen.start();
        QTRY_VERIFY_WITH_TIMEOUT(isBusy(), 10000);
        qInfo("held through an earlier descriptor, seen after %lld ms (schedule: every %d ms)", seen.elapsed(),
              ProbeSchedule::kFastMs);
        shell.stop(); // its descriptor closes: nothing can change any more without an event
        QTRY_COMPARE_WITH_TIMEOUT(state(), DeviceStatus::State::Free, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_tracker->schedule()->isIdle(), 10000);
    }

    // Opened before the tracker started: found by the walk at the start.
    void descriptorOpenedBeforeTheStartIsFound()
    {
        QVERIFY(QDir().mkpath(m_dir->path()));
        Helper shell;
        startShell(shell, QStringLiteral("exec 9>>\"$1\"; echo opened; read x; flock 9; echo locked; cat >/dev/null"));
        QVERIFY(!shell.waitForLine("opened").isEmpty());
        startTracker();
        QVERIFY(planned(true));
        say(shell);
        QVERIFY(!shell.waitForLine("locked").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(isBusy(), 10000);
    }

    // `flock -u` without closing makes no event either: a held, open lock file is read on
    // the slow schedule.
    void unlockWithoutCloseIsSeen()
    {
        startTracker();
        Helper shell;
        startShell(shell, QStringLiteral("exec 9>>\"$1\"; flock 9; echo locked; read x; flock -u 9; echo unlocked; cat >/dev/null"));
        QVERIFY(!shell.waitForLine("locked").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(isBusy(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(planned(false), 10000);
        say(shell);
        QVERIFY(!shell.waitForLine("unlocked").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state(), DeviceStatus::State::Free, 3 * ProbeSchedule::kSlowMs);
        QVERIFY(planned(true)); // open and free again: someone may lock it any moment
    }

    // A program using the node outside devlatch is seen when it opens and closes the node,
    // without any reading on a schedule.
    void nodeUseIsSeenWithoutPolling()
    {
        startTracker();
        Helper user;
        QVERIFY(user.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exec 3<\"$1\"; echo open; cat >/dev/null"),
                                                  QStringLiteral("sh"), m_node}));
        QVERIFY(!user.waitForLine("open").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state(), DeviceStatus::State::InUse, 10000);
        QCOMPARE(m_tracker->status(QStringLiteral("bench")).foreignUse.first().pid, user.pid());
        QVERIFY(m_tracker->schedule()->isIdle());
        user.stop();
        QTRY_COMPARE_WITH_TIMEOUT(state(), DeviceStatus::State::Free, 10000);
        QVERIFY(m_tracker->schedule()->isIdle());
    }

    // This process's own claims and reads leave nothing running once the burst is over.
    void ownClaimsLeaveTheScheduleIdle()
    {
        startTracker();
        for (int i = 0; i < 3; ++i) {
            QVERIFY(m_arbiter->claim(bench()).granted());
            m_tracker->refresh(QStringLiteral("bench"));
            QVERIFY(m_arbiter->release(QStringLiteral("bench")));
            m_tracker->refresh(QStringLiteral("bench"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_tracker->schedule()->isIdle(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestStateTracker)
#include "tst_statetracker.moc"
