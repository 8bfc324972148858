// SPDX-License-Identifier: MIT
// `devlatchctl lab publish`: a lab claim that binds the bench PC. Real processes, a real
// single-node etcd (TTL 2 s), real kernel locks in a private lock directory. The "bench PC"
// and the "laptop" are processes with different lab host names (DEVLATCH_LAB_HOST).

#include "EtcdFixture.h"
#include "TestSupport.h"

#include "lock/LockName.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QUrl>

#include <csignal>
#include <memory>

using namespace devlatch::test;

class TestDevlatchctlLabPublish final : public QObject {
    Q_OBJECT

private:
    EtcdCluster m_etcd;
    QTemporaryDir m_home;
    std::unique_ptr<TempLockDir> m_dir;

    static QString ctl() { return TestPaths::ctl(); }
    static QStringList lab(const QStringList &arguments) { return QStringList{QStringLiteral("--scope"), QStringLiteral("lab")} + arguments; }
    QString lockFile(const QString &id) const
    {
        return m_dir->path() + u'/' + QString::fromStdString(devlatch::lock::lockNameForId(id.toStdString()).name)
               + QStringLiteral(".lock");
    }
    static Finished on(const char *host, const QStringList &arguments)
    {
        qputenv("DEVLATCH_LAB_HOST", host);
        return run(ctl(), arguments);
    }
    static void startOn(Helper &helper, const char *host, const QStringList &arguments)
    {
        qputenv("DEVLATCH_LAB_HOST", host);
        QVERIFY(helper.start(ctl(), arguments));
    }
    static void startPublisher(Helper &publisher, const QString &device)
    {
        startOn(publisher, "bench-3", {QStringLiteral("lab"), QStringLiteral("publish"), device});
        QVERIFY2(!publisher.waitForLine("publishing").isEmpty(), publisher.stderrSoFar().constData());
    }
    static void startLabHold(Helper &holder, const QString &device)
    {
        startOn(holder, "laptop", lab({QStringLiteral("claim"), device, QStringLiteral("--hold")}));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.stderrSoFar().constData());
    }
    // Waits for a state, not for a time: `lab status` until it exits with `code`.
    static bool labStatusBecomes(const QString &device, int code, Finished &last)
    {
        QDeadlineTimer deadline(20000);
        do {
            last = on("laptop", lab({QStringLiteral("status"), device}));
            if (last.exitCode == code)
                return true;
            QThread::msleep(50);
        } while (!deadline.hasExpired());
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DEVLATCH_START_SINGLE_ETCD(m_etcd);
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("DEVLATCH_LAB_TTL", "2");
    }
    void init()
    {
        m_dir = std::make_unique<TempLockDir>();
        qputenv("DEVLATCH_LAB_ENDPOINTS", m_etcd.endpoints().toUtf8());
    }
    void cleanup() { m_dir.reset(); }

    // alice claims the probe from her laptop; at the bench, devlatchctl and flock(1) are
    // refused while she has it, and get it once she lets go.
    void aLabClaimOfAPublishedDeviceHoldsItOnTheBenchPc()
    {
        const QString device = QStringLiteral("jlink-a");
        Helper publisher;
        startPublisher(publisher, device);
        Finished status = on("laptop", lab({QStringLiteral("status"), device}));
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains("free") && status.out.contains("published by") && status.out.contains("bench-3"), status.out);
        QElapsedTimer claimed;
        claimed.start();
        Helper alice;
        startLabHold(alice, device);
        qInfo("lab claim of a published device granted after %lld ms (process start included)", claimed.elapsed());
        QVERIFY2(publisher.waitForStderr("took the local lock for") && publisher.stderrSoFar().contains("@laptop"),
                 publisher.stderrSoFar());

        const Finished local = on("bench-3", {QStringLiteral("claim"), device, QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(local.exitCode, 1);
        QVERIFY2(local.err.contains("through the lab") && local.err.contains("@laptop"), local.err);
        const Finished flock = run(QStringLiteral("flock"), {QStringLiteral("-n"), lockFile(device), QStringLiteral("true")});
        QCOMPARE(flock.exitCode, 1);
        status = on("laptop", lab({QStringLiteral("status"), device}));
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("@laptop") && status.out.contains("published by"), status.out);

        alice.signal(SIGTERM);
        QCOMPARE(alice.waitForExit(), 0);
        // The lock goes as soon as the publisher sees the release: a waiting claim gets it.
        const Finished after = on("bench-3", {QStringLiteral("claim"), device, QStringLiteral("--wait=10"),
                                              QStringLiteral("--"), QStringLiteral("true")});
        QVERIFY2(after.exitCode == 0, after.err);
        QVERIFY2(publisher.waitForStderr("let go of the local lock"), publisher.stderrSoFar());
        publisher.signal(SIGTERM);
        QCOMPARE(publisher.waitForExit(), 0);
        status = on("laptop", lab({QStringLiteral("status"), device}));
        QVERIFY2(status.exitCode == 0 && !status.out.contains("published"), status.out);
    }

    // bob at the bench holds it with flock(1): the lab says so, naming him, a claim that does
    // not wait is refused, and a waiting lab claim gets it once bob lets go.
    void aLocalHolderIsBusyInTheLabAndLabWaitersQueueBehindIt()
    {
        const QString device = QStringLiteral("jlink-b");
        Helper publisher;
        startPublisher(publisher, device);
        Helper bob;
        QVERIFY(startFlockHolder(bob, lockFile(device)));
        Finished status;
        QVERIFY2(labStatusBecomes(device, 1, status), status.out + status.err);
        QVERIFY2(status.out.contains("outside the lab") && status.out.contains("flock"), status.out);
        const Finished busy = on("laptop", lab({QStringLiteral("claim"), device, QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains("outside the lab") && busy.err.contains("flock"), busy.err);

        Helper waiter;
        startOn(waiter, "laptop", lab({QStringLiteral("claim"), device, QStringLiteral("--wait"), QStringLiteral("--hold")}));
        QVERIFY2(waiter.waitForStderr("waiting for " + device.toUtf8()), waiter.stderrSoFar());
        QVERIFY2(waiter.stderrSoFar().contains("outside the lab"), waiter.stderrSoFar());
        QElapsedTimer released;
        released.start();
        bob.stop();
        QVERIFY2(!waiter.waitForLine("holding").isEmpty(), waiter.stderrSoFar() + publisher.stderrSoFar());
        qInfo("local release -> first lab waiter granted: %lld ms", released.elapsed());
        const Finished local = on("bench-3", {QStringLiteral("claim"), device, QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(local.exitCode, 1);
        QVERIFY2(local.err.contains("through the lab"), local.err);
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
        publisher.signal(SIGTERM);
        QCOMPARE(publisher.waitForExit(), 0);
    }

    // The publisher killed -9 while alice holds: its local lock goes with it (the kernel's),
    // and alice is told her claim no longer binds the bench PC.
    void aKilledPublisherEndsTheLabClaimItBound()
    {
        const QString device = QStringLiteral("jlink-c");
        Helper publisher;
        startPublisher(publisher, device);
        Helper alice;
        startLabHold(alice, device);
        QElapsedTimer killed;
        killed.start();
        publisher.signal(SIGKILL);
        QCOMPARE(publisher.waitForExit(), 128 + 9);
        QVERIFY2(alice.waitForStderr("is LOST"), alice.stderrSoFar());
        qInfo("publisher killed -> lab holder told after %lld ms (TTL 2000 ms)", killed.elapsed());
        QVERIFY2(alice.stderrSoFar().contains("publisher") && alice.stderrSoFar().contains("bench-3"), alice.stderrSoFar());
        QCOMPARE(alice.waitForExit(), 3);
        QCOMPARE(on("bench-3", {QStringLiteral("claim"), device, QStringLiteral("--"), QStringLiteral("true")}).exitCode, 0);
        Finished status;
        QVERIFY2(labStatusBecomes(device, 0, status), status.out + status.err);
    }

    void aSecondPublisherOfADeviceIsRefused()
    {
        const QString device = QStringLiteral("jlink-d");
        Helper first;
        startPublisher(first, device);
        const Finished second = on("bench-4", {QStringLiteral("lab"), QStringLiteral("publish"), device});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("publishes it already") && second.err.contains("bench-3")
                     && second.err.contains("pid " + QByteArray::number(first.pid())),
                 second.err);
        first.signal(SIGTERM);
        QCOMPARE(first.waitForExit(), 0);
    }

    // The bench PC cut from etcd while alice's command runs: the publisher keeps the local
    // lock until its lease must be gone (alice is told when it goes, and her command ends),
    // only then does a bench user get the device. Measured from the commands' own logs.
    void aBenchCutFromTheLabNeverMakesTwoHolders()
    {
        const QString device = QStringLiteral("jlink-e");
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.clientUrl(0)).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        qputenv("DEVLATCH_LAB_ENDPOINTS", "http://127.0.0.1:" + ready.mid(6));
        Helper publisher;
        startPublisher(publisher, device);
        qputenv("DEVLATCH_LAB_ENDPOINTS", m_etcd.endpoints().toUtf8());

        QTemporaryDir logs;
        const QString log = logs.filePath(QStringLiteral("intervals"));
        Helper alice;
        startOn(alice, "laptop", lab({QStringLiteral("claim"), device, QStringLiteral("--on-lost=kill"), QStringLiteral("--"),
                                      TestPaths::interval(), log, QStringLiteral("alice"), QStringLiteral("600000")}));
        QVERIFY2(!alice.waitForLine("started").isEmpty(), alice.stderrSoFar());
        Helper bob;
        startOn(bob, "bench-3", {QStringLiteral("claim"), device, QStringLiteral("--wait"), QStringLiteral("--"),
                                 TestPaths::interval(), log, QStringLiteral("bob"), QStringLiteral("0")});
        // bob waits in the kernel for the lock the publisher holds for alice.
        QDeadlineTimer waiting(20000);
        while (!on("bench-3", {QStringLiteral("who"), device}).out.contains("waiting") && !waiting.hasExpired())
            QThread::msleep(50);
        QVERIFY2(!waiting.hasExpired(), bob.stderrSoFar());

        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        QElapsedTimer cut;
        cut.start();
        QVERIFY2(alice.waitForStderr("is LOST"), alice.stderrSoFar());
        const qint64 told = cut.elapsed();
        QCOMPARE(bob.waitForExit(), 0);
        const qint64 benchGot = cut.elapsed();
        alice.waitForExit();

        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        qint64 aliceEnd = 0;
        qint64 bobStart = 0;
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() >= 3 && f.at(0) == "alice" && f.at(1) == "end")
                aliceEnd = f.at(2).toLongLong();
            if (f.size() >= 3 && f.at(0) == "bob" && f.at(1) == "start")
                bobStart = f.at(2).toLongLong();
        }
        QVERIFY2(aliceEnd > 0 && bobStart > 0, file.fileName().toUtf8());
        qInfo("bench cut: lab holder told after %lld ms, bench user granted after %lld ms; alice's command ended %.3f s "
              "before bob's began (TTL 2 s)",
              told, benchGot, double(bobStart - aliceEnd) / 1e9);
        QVERIFY2(aliceEnd < bobStart, "two holders: alice's command still ran when bob's began");
        publisher.signal(SIGTERM);
        QCOMPARE(publisher.waitForExit(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlLabPublish)
#include "tst_devlatchctl_lab_publish.moc"
