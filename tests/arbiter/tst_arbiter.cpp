// SPDX-License-Identifier: MIT
#include "TestSupport.h"

#include "arbiter/Arbiter.h"

#include <QElapsedTimer>
#include <QFile>

#include <csignal>

using namespace devlatch;
using devlatch::test::Helper;
using devlatch::test::TempLockDir;

class TestArbiter final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;

    static Device device(const QString &id = QStringLiteral("probe-1"))
    {
        Device d;
        d.id = id;
        d.name = QStringLiteral("J-Link");
        return d;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<TempLockDir>(); }
    void cleanup() { m_dir.reset(); }

    void claimStatusRelease()
    {
        Arbiter arbiter;
        QCOMPARE(arbiter.lockDirectory(), m_dir->path());
        QCOMPARE(arbiter.status(device()).state, DeviceStatus::State::Free);
        ClaimOptions options;
        options.note = QStringLiteral("flashing");
        const ClaimResult result = arbiter.claim(device(), options);
        QVERIFY2(result.granted(), qPrintable(result.message));
        QVERIFY(arbiter.isHeldByMe(device().id));
        const DeviceStatus status = arbiter.status(device());
        QCOMPARE(status.state, DeviceStatus::State::HeldByMe);
        QVERIFY(status.lockPath.startsWith(m_dir->path() + QStringLiteral("/probe-1-")));
        QVERIFY(status.lockPath.endsWith(QStringLiteral(".lock")));
        QCOMPARE(status.toJson().value(QStringLiteral("state")).toString(), QStringLiteral("mine"));

        const ClaimResult again = arbiter.claim(device());
        QCOMPARE(again.status, lock::AcquireStatus::AlreadyHeld);
        QVERIFY(again.message.contains(QStringLiteral("already held by this process")));

        QVERIFY(arbiter.release(device().id));
        QVERIFY(!arbiter.release(device().id));
        QCOMPARE(arbiter.status(device()).state, DeviceStatus::State::Free);
    }

    void busyNamesTheHolder()
    {
        Helper locker;
        QVERIFY(locker.start(TestPaths::locker(),
                             {QStringLiteral("hold"), QStringLiteral("probe-1"), QStringLiteral("soak test")}));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());
        Arbiter arbiter;
        const ClaimResult result = arbiter.claim(device());
        QCOMPARE(result.status, lock::AcquireStatus::Busy);
        QVERIFY2(result.message.contains(QStringLiteral("J-Link is busy: held by test-locker (pid %1)").arg(locker.pid())),
                 qPrintable(result.message));
        QVERIFY(result.message.contains(QStringLiteral("soak test")));
        QCOMPARE(result.statusWhenRefused.state, DeviceStatus::State::Held);
        QCOMPARE(arbiter.status(device()).lock.holder->pid, locker.pid());
    }

    void eightProcessesCountExactly()
    {
        constexpr int kProcesses = 8;
        constexpr int kRounds = 500;
        const QString counter = m_dir->root() + QStringLiteral("/counter");
        QFile file(counter);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0");
        file.close();

        QElapsedTimer clock;
        clock.start();
        std::vector<std::unique_ptr<Helper>> helpers;
        for (int i = 0; i < kProcesses; ++i) {
            helpers.push_back(std::make_unique<Helper>());
            QVERIFY(helpers.back()->start(TestPaths::locker(),
                                          {QStringLiteral("count"), QStringLiteral("counter-device"), counter,
                                           QString::number(kRounds)}));
        }
        for (auto &helper : helpers) {
            QVERIFY(!helper->waitForLine("counted", 240000).isEmpty());
            QCOMPARE(helper->waitForExit(), 0);
        }
        qInfo("%d processes x %d claims: %lld ms", kProcesses, kRounds, clock.elapsed());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toInt(), kProcesses * kRounds);
    }

    void killedHolderHandsOverWithAbandonedReport()
    {
        Helper holder, waiter;
        QVERIFY(holder.start(TestPaths::locker(), {QStringLiteral("hold"), QStringLiteral("probe-1")}));
        QVERIFY(!holder.waitForLine("acquired").isEmpty());
        QVERIFY(waiter.start(TestPaths::locker(), {QStringLiteral("wait"), QStringLiteral("probe-1")}));
        QVERIFY(!waiter.waitForLine("waiting").isEmpty());
        // Let the waiter reach the kernel wait (it shows up as a waiter in /proc/locks).
        Arbiter observer;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto holders = observer.status(device()).lock.osHolders;
                return std::any_of(holders.begin(), holders.end(), [](const auto &h) { return h.waiting; });
            }(),
            10000);

        const qint64 holderPid = holder.pid();
        QElapsedTimer clock;
        clock.start();
        holder.signal(SIGKILL);
        const QByteArray abandoned = waiter.waitForLine("abandoned");
        QVERIFY(!waiter.waitForLine("acquired").isEmpty());
        qInfo("SIGKILL of the holder to the waiter's report: %.2f ms (includes pipe and scheduling)",
              clock.nsecsElapsed() / 1e6);
        QCOMPARE(abandoned, QByteArray("abandoned pid=%1 program=test-locker").replace("%1", QByteArray::number(holderPid)));
        const DeviceStatus status = observer.status(device());
        QCOMPARE(status.state, DeviceStatus::State::Held);
        QCOMPARE(status.lock.holder->pid, waiter.pid());
    }

    void timedOutWaitNamesTheHolder()
    {
        Helper holder;
        QVERIFY(holder.start(TestPaths::locker(), {QStringLiteral("hold"), QStringLiteral("probe-1")}));
        QVERIFY(!holder.waitForLine("acquired").isEmpty());
        Arbiter arbiter;
        ClaimOptions options;
        options.wait = lock::WaitPolicy::upTo(std::chrono::milliseconds(150));
        const ClaimResult result = arbiter.claim(device(), options);
        QCOMPARE(result.status, lock::AcquireStatus::TimedOut);
        QVERIFY2(result.message.startsWith(QStringLiteral("timed out waiting for J-Link: held by test-locker")),
                 qPrintable(result.message));
    }

    void releaseAllReleasesEverything()
    {
        Arbiter arbiter;
        for (int i = 0; i < 5; ++i)
            QVERIFY(arbiter.claim(device(QStringLiteral("dev-%1").arg(i))).granted());
        arbiter.releaseAll();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(arbiter.status(device(QStringLiteral("dev-%1").arg(i))).state, DeviceStatus::State::Free);
    }

    void userScopeNeedsRuntimeDir()
    {
        m_dir.reset(); // no DEVLATCH_LOCK_DIR
        const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("XDG_RUNTIME_DIR");
        Arbiter arbiter(lock::Scope::User);
        QVERIFY(arbiter.directoryError().contains(QStringLiteral("XDG_RUNTIME_DIR")));
        const ClaimResult result = arbiter.claim(device());
        QCOMPARE(result.status, lock::AcquireStatus::Error);
        QVERIFY(result.message.contains(QStringLiteral("XDG_RUNTIME_DIR")));

        QTemporaryDir runtime;
        qputenv("XDG_RUNTIME_DIR", runtime.path().toLocal8Bit());
        Arbiter userArbiter(lock::Scope::User);
        QCOMPARE(userArbiter.lockDirectory(), runtime.path() + QStringLiteral("/devlatch"));
        QVERIFY(userArbiter.claim(device()).granted());
        QCOMPARE(QFileInfo(userArbiter.lockDirectory()).permissions() & 0x0077, QFileDevice::Permissions());
        if (saved.isEmpty())
            qunsetenv("XDG_RUNTIME_DIR");
        else
            qputenv("XDG_RUNTIME_DIR", saved);
    }
};

QTEST_GUILESS_MAIN(TestArbiter)
#include "tst_arbiter.moc"
