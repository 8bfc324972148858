// SPDX-License-Identifier: MIT
// The promise of devlatchctl claim, tried as an adversary would: kill -9 in the middle, a
// kill storm, signals in the instant after the grant, a lock file pulled away while held,
// closed pipes and streams, nohup, bytes that are not UTF-8, exhausted limits, full and
// read-only file systems. Real processes, real kernel locks.

#include "TestSupport.h"

#include "lock/LockName.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace devlatch::test;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

class TestDevlatchctlTrust final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;
    QTemporaryDir m_config;

    static QString ctl() { return TestPaths::ctl(); }
    static Finished ctl(const QStringList &arguments) { return run(ctl(), arguments); }
    static Finished shell(const QString &script, const QStringList &arguments = {})
    {
        return run(QStringLiteral("sh"), QStringList{QStringLiteral("-c"), script, ctl()} + arguments);
    }
    QString lockFile(const char *id = "rig") const
    {
        return m_dir->path() + u'/' + QString::fromStdString(devlatch::lock::lockNameForId(id).name) + QStringLiteral(".lock");
    }
    static QJsonObject json(const QStringList &arguments)
    {
        return deviceJson(ctl(arguments + QStringList{QStringLiteral("--json")}).out);
    }
    // Waits until some process blocks in the kernel on the device's lock (a waiter that is
    // really waiting, not one still starting).
    static void waitForWaiter(const QString &device = QStringLiteral("rig"))
    {
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonArray holders = json({QStringLiteral("who"), device}).value(QStringLiteral("osHolders")).toArray();
                return std::any_of(holders.begin(), holders.end(),
                                   [](const QJsonValue &h) { return h.toObject().value(QStringLiteral("waiting")).toBool(); });
            }(),
            10000);
    }
    static int statusOf(const char *device = "rig") { return ctl({QStringLiteral("status"), QLatin1String(device)}).exitCode; }
    void startHold(Helper &helper, const QString &device = QStringLiteral("rig"), const QStringList &extra = {})
    {
        QVERIFY(helper.start(ctl(), QStringList{QStringLiteral("claim"), device, QStringLiteral("--hold")} + extra));
        QVERIFY2(!helper.waitForLine("holding").isEmpty(), helper.readAllStderr().constData());
    }
    // A holder that dies without releasing leaves a record: the next claim warns about it.
    void leaveAbandonedRecord()
    {
        Helper holder;
        startHold(holder);
        holder.signal(SIGKILL);
        holder.waitForExit();
    }
    QString barrier() const { return m_dir->root() + QStringLiteral("/barrier"); }
    // CMD for claims the test ends itself: runs until the barrier file appears.
    QStringList untilBarrier() const
    {
        return {QStringLiteral("sh"), QStringLiteral("-c"),
                QStringLiteral("echo started; while [ ! -e \"$0\" ]; do sleep 0.02; done; echo done"), barrier()};
    }
    void release()
    {
        QFile file(barrier());
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_config.filePath(QStringLiteral("home")).toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_config.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
    }
    void init()
    {
        m_dir = std::make_unique<TempLockDir>();
        QVERIFY(QDir().mkpath(m_dir->path()));
        QFile::remove(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
        if (isRoot()) { // so that other users can reach it; a root-owned override is accepted
            QCOMPARE(chmod(QFile::encodeName(m_dir->root()).constData(), 0755), 0);
            QCOMPARE(chmod(QFile::encodeName(m_dir->path()).constData(), 01777), 0);
        }
    }
    void cleanup() { m_dir.reset(); }

    // 1. kill -9 of devlatchctl: CMD still holds the lock, and the record says so truly.
    void killingDevlatchctlLeavesTheClaimWithCmd()
    {
        Helper claim;
        QVERIFY(claim.start(ctl(), QStringList{QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--")} + untilBarrier()));
        QVERIFY(!claim.waitForLine("started").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(json({QStringLiteral("who"), QStringLiteral("rig")})
                                         .value(QStringLiteral("holder")).toObject().contains(QStringLiteral("commandPid")),
                                 10000);
        const qint64 command = json({QStringLiteral("who"), QStringLiteral("rig")})
                                   .value(QStringLiteral("holder")).toObject().value(QStringLiteral("commandPid")).toInteger();
        claim.signal(SIGKILL);
        QCOMPARE(claim.waitForExit(), 137);

        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("command pid " + QByteArray::number(command) + " holds the lock"), status.out.constData());
        const Finished newcomer = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(newcomer.exitCode, 1);
        release();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(), 0, 10000); // free once CMD has ended
    }

    void backgroundProcessesKeepTheClaim()
    {
        Helper claim;
        QVERIFY(claim.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("sh"),
                                    QStringLiteral("-c"), QStringLiteral("sleep 600 >/dev/null 2>&1 & echo background=$!")}));
        const QByteArray line = claim.waitForLine("background=");
        QVERIFY(!line.isEmpty());
        const pid_t background = pid_t(line.mid(11).toLongLong());
        QTRY_VERIFY_WITH_TIMEOUT(claim.stderrSoFar().contains("keeps the claim until the processes it left "
                                                                                 "running have ended"),
                                 10000);
        QCOMPARE(statusOf(), 1);
        ::kill(background, SIGKILL);
        QCOMPARE(claim.waitForExit(), 0); // CMD's own status
        QCOMPARE(statusOf(), 0);
    }

    void releaseOnExitLetsBackgroundProcessesGo()
    {
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--release-on-exit"),
                                    QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                                    QStringLiteral("sleep 600 >/dev/null 2>&1 & echo background=$!")});
        QCOMPARE(claim.exitCode, 0);
        ::kill(pid_t(claim.out.trimmed().mid(11).toLongLong()), SIGKILL);
        QCOMPARE(statusOf(), 0);
    }

    // Protected updates under a storm of kill -9 on the devlatchctl processes: none is lost.
    void killStormLosesNoUpdate()
    {
        const QString counter = m_dir->root() + QStringLiteral("/counter"), log = m_dir->root() + QStringLiteral("/log");
        QFile file(counter);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0");
        file.close();
        const QString loop = QStringLiteral(
            "for i in $(seq 12); do \"$0\" claim counter --wait -- sh -c "
            "'n=$(cat \"$0\"); sleep 0.01; echo $((n+1)) > \"$0\"; echo x >> \"$1\"' \"$1\" \"$2\"; done");
        std::vector<std::unique_ptr<Helper>> shells;
        for (int i = 0; i < 5; ++i) {
            shells.push_back(std::make_unique<Helper>());
            QVERIFY(shells.back()->start(QStringLiteral("sh"), {QStringLiteral("-c"), loop, ctl(), counter, log}));
        }
        int kills = 0;
        for (bool running = true; running;) {
            running = false;
            for (auto &shell : shells) {
                shell->process().waitForFinished(0); // lets QProcess notice an exit
                running |= shell->process().state() != QProcess::NotRunning;
            }
            QTest::qWait(15);
            // Only our own shells' children: other tests run the same command lines at once.
            QStringList parents;
            for (auto &shell : shells)
                parents << QString::number(shell->pid());
            const Finished victims = run(QStringLiteral("pgrep"), {QStringLiteral("-P"), parents.join(u','), QStringLiteral("-f"),
                                                                   ctl() + QStringLiteral(" claim counter")});
            QList<qint64> pids;
            for (const QByteArray &pid : victims.out.split('\n'))
                if (pid.trimmed().toLongLong() > 0) // never 0: kill(0) is our own process group
                    pids << pid.trimmed().toLongLong();
            if (!pids.isEmpty() && QRandomGenerator::global()->bounded(2) == 0)
                kills += ::kill(pid_t(pids.at(QRandomGenerator::global()->bounded(int(pids.size())))), SIGKILL) == 0;
        }
        QTRY_COMPARE_WITH_TIMEOUT(statusOf("counter"), 0, 30000); // the CMDs of killed claims ended too
        QFile logFile(log);
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        const int updates = int(logFile.readAll().count('\n'));
        QVERIFY(file.open(QIODevice::ReadOnly));
        qInfo("kill storm: %d devlatchctl killed, %d updates made", kills, updates);
        QVERIFY(kills > 0);
        QCOMPARE(file.readAll().trimmed().toInt(), updates);
    }

    // 2. A signal in the instant after the grant ends the claim or reaches CMD: never lost.
    void signalRightAfterTheGrantIsNeverLost()
    {
        int lost = 0, runs = 0;
        for (; runs < 80; ++runs) {
            Helper claim;
            QVERIFY(claim.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("sh"),
                                        QStringLiteral("-c"), QStringLiteral("sleep 0.3; echo ran-to-the-end")}));
            usleep(useconds_t(QRandomGenerator::global()->bounded(4000)));
            claim.signal(SIGTERM);
            const int code = claim.waitForExit();
            lost += code == 0 && claim.process().readAllStandardOutput().contains("ran-to-the-end");
        }
        qInfo("%d of %d SIGTERMs right after the start were lost", lost, runs);
        QCOMPARE(lost, 0);
        QCOMPARE(statusOf(), 0);
    }

    // 3. A lock file pulled away while held is taken again at once; a newcomer is refused.
    void removedLockFileIsTakenAgain_data()
    {
        QTest::addColumn<bool>("hold");
        QTest::addColumn<bool>("replace");
        QTest::newRow("--hold, unlinked") << true << false;
        QTest::newRow("--hold, replaced") << true << true;
        QTest::newRow("-- CMD, unlinked") << false << false;
    }
    void removedLockFileIsTakenAgain()
    {
        QFETCH(bool, hold);
        QFETCH(bool, replace);
        Helper holder;
        if (hold) {
            startHold(holder);
        } else {
            QVERIFY(holder.start(ctl(), QStringList{QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--")} + untilBarrier()));
            QVERIFY(!holder.waitForLine("started").isEmpty());
        }
        if (replace) {
            QFile other(m_dir->path() + QStringLiteral("/planted"));
            QVERIFY(other.open(QIODevice::WriteOnly));
            other.close();
            QCOMPARE(::rename(QFile::encodeName(other.fileName()).constData(), QFile::encodeName(lockFile()).constData()), 0);
        } else {
            QVERIFY(QFile::remove(lockFile()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(holder.stderrSoFar().contains("was removed or replaced while held; "
                                                                                  "devlatchctl took the new one too"),
                                 10000);
        const Finished newcomer = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(newcomer.exitCode, 1);
        QVERIFY2(newcomer.err.contains("(pid " + QByteArray::number(holder.pid()) + ")"), newcomer.err.constData());
        if (hold)
            holder.signal(SIGTERM);
        else
            release();
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(statusOf(), 0);
    }

    // 4. A user outside the device's group can neither create nor take its lock.
    void outsiderCannotSquat()
    {
        if (!isRoot())
            QSKIP("needs root to act as two other users");
        const QString node = m_dir->root() + QStringLiteral("/ttyUSB9");
        QFile file(node);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QCOMPARE(chown(QFile::encodeName(node).constData(), 0, kOtherUid), 0); // like root:dialout
        QCOMPARE(chmod(QFile::encodeName(node).constData(), 0660), 0);
        QDir().mkpath(m_config.filePath(QStringLiteral("home/devlatch")));
        QFile config(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("[device.rig]\nnodes=%1\n").arg(node).toUtf8());
        config.close();
        for (const QString &path : {m_dir->root(), m_config.path(), m_config.filePath(QStringLiteral("home")),
                                    m_config.filePath(QStringLiteral("home/devlatch"))})
            QCOMPARE(chmod(QFile::encodeName(path).constData(), 0755), 0);
        QCOMPARE(chmod(QFile::encodeName(config.fileName()).constData(), 0644), 0);
        QCOMPARE(chmod(QFile::encodeName(m_dir->path()).constData(), 01777), 0);

        const QStringList hold{QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--hold")};
        const Finished squat = run(QStringLiteral("setpriv"), asUser(kThirdUid, ctl(), hold));
        QCOMPARE(squat.exitCode, 3);
        QVERIFY2(squat.err.contains("you may not use " + node.toLocal8Bit()), squat.err.constData());
        QVERIFY2(!QFileInfo::exists(lockFile()), "no lock file was created by the outsider");
        QFile::remove(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
    }

    void hardLinkedLockFileIsAnExplicitError()
    {
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")}).exitCode, 0);
        const QString other = m_dir->root() + QStringLiteral("/elsewhere");
        QCOMPARE(::link(QFile::encodeName(lockFile()).constData(), QFile::encodeName(other).constData()), 0);
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 3);
        QVERIFY2(status.out.contains("has 2 hard links"), status.out.constData());
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")}).exitCode, 3);
        const Finished list = ctl({QStringLiteral("list")});
        QVERIFY2(list.out.contains("has 2 hard links"), list.out.constData()); // listed although nobody holds it
    }

    // 6. Record text reaches another user's terminal escaped, and JSON escapes it too.
    void controlCharactersInNotesAreEscaped()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"), {QStringLiteral("--note"), QStringLiteral("\x1b[31mred\x07")});
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QVERIFY2(!status.out.contains('\x1b') && !status.out.contains('\x07'), status.out.constData());
        QVERIFY(status.out.contains("\\x1b[31mred\\x07"));
        QVERIFY(ctl({QStringLiteral("who"), QStringLiteral("rig")}).out.contains("\\x1b[31mred\\x07"));
        const Finished asJson = ctl({QStringLiteral("status"), QStringLiteral("rig"), QStringLiteral("--json")});
        QVERIFY(!asJson.out.contains('\x1b'));
        QCOMPARE(deviceJson(asJson.out).value(QStringLiteral("holder")).toObject()
                     .value(QStringLiteral("note")).toString(),
                 QStringLiteral("\x1b[31mred\x07"));
    }

    // 11. "since" is the grant, not the start of the wait.
    void sinceIsTheMomentOfTheGrant()
    {
        Helper first;
        startHold(first);
        Helper waiter;
        QVERIFY(waiter.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--wait"), QStringLiteral("--hold")}));
        waitForWaiter();
        QTest::qWait(1200); // "since" has whole seconds: a grant at least one of them after the wait began
        const QDateTime released = QDateTime::currentDateTimeUtc();
        first.signal(SIGTERM);
        QVERIFY(!waiter.waitForLine("holding").isEmpty());
        const QString since = json({QStringLiteral("status"), QStringLiteral("rig")})
                                  .value(QStringLiteral("holder")).toObject().value(QStringLiteral("since")).toString();
        const QDateTime granted = QDateTime::fromString(since, Qt::ISODate);
        QVERIFY2(granted.isValid() && granted.toSecsSinceEpoch() >= released.toSecsSinceEpoch(),
                 qPrintable(since + QStringLiteral(" vs release at ") + released.toString(Qt::ISODate)));
    }

    // 12. No descriptor per device: thousands of devices under a small descriptor limit, and
    // a held one is never reported free.
    void manyDevicesUnderASmallDescriptorLimit()
    {
        QDir().mkpath(m_config.filePath(QStringLiteral("home/devlatch")));
        QFile config(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        for (int i = 0; i < 2000; ++i)
            config.write(QStringLiteral("[device.bench%1]\n").arg(i).toUtf8());
        config.close();
        for (int i = 0; i < 2000; i += 2) // every other one has a lock file
            QVERIFY(QFile(m_dir->path() + u'/' + QString::fromStdString(
                              devlatch::lock::lockNameForId(QStringLiteral("bench%1").arg(i).toStdString()).name) + QStringLiteral(".lock"))
                        .open(QIODevice::WriteOnly));
        Helper holder;
        startHold(holder, QStringLiteral("bench1234"));
        const Finished list = shell(QStringLiteral("ulimit -n 48; exec \"$0\" list --json"));
        QCOMPARE(list.exitCode, 0);
        const QJsonArray devices = devicesJson(list.out);
        QCOMPARE(devices.size(), 2000);
        int free = 0;
        for (const QJsonValue &device : devices) {
            const QString state = device.toObject().value(QStringLiteral("state")).toString();
            if (device.toObject().value(QStringLiteral("id")).toString() == u"bench1234")
                QCOMPARE(state, QStringLiteral("held"));
            free += state == u"free";
        }
        QCOMPARE(free, 1999);
    }

    // 13. A closed pipe or stream is no reason to lose a claim or stop CMD.
    void closedPipeDoesNotLoseTheClaim()
    {
        leaveAbandonedRecord(); // a warning line comes first, then "holding"
        Helper pipeline;
        QVERIFY(pipeline.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                                      QStringLiteral("\"$0\" claim rig --hold 2>&1 | { head -1; echo head-done; }"), ctl()}));
        QVERIFY(!pipeline.waitForLine("head-done").isEmpty());
        QCOMPARE(statusOf(), 1); // head has gone; the holder has not
        const qint64 holder = json({QStringLiteral("who"), QStringLiteral("rig")})
                                  .value(QStringLiteral("holder")).toObject().value(QStringLiteral("pid")).toInteger();
        QVERIFY(holder > 0);
        ::kill(pid_t(holder), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(), 0, 10000);
    }

    void closedStandardStreamsAreNotLockFiles()
    {
        leaveAbandonedRecord(); // so the claim has a warning to write to its (closed) stderr
        const Finished result = shell(QStringLiteral("exec 2>&- 1>&-; \"$0\" claim rig -- sh -c 'echo ran > \"$1\"' sh \"$1\""),
                                      {m_dir->root() + QStringLiteral("/ran")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(QFileInfo::exists(m_dir->root() + QStringLiteral("/ran")));
        QFile file(lockFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("devlatchctl"), "output went into the lock file");
    }

    void noThreadToSpareIsAnErrorNotAnAbort()
    {
        if (kSanitized)
            QSKIP("under AddressSanitizer its own runtime fails first without a thread to spare");
        // One process allowed for the user: devlatchctl itself, and no thread besides.
        const QStringList limited{QStringLiteral("--nproc=1"), QStringLiteral("--"), ctl(), QStringLiteral("claim"),
                                  QStringLiteral("rig"), QStringLiteral("--hold")};
        const Finished result = isRoot() ? run(QStringLiteral("setpriv"), asUser(kOtherUid, QStringLiteral("prlimit"), limited))
                                         : run(QStringLiteral("prlimit"), limited);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("cannot start watching for signals"), result.err.constData());
        QCOMPARE(statusOf(), 0);
    }

    void fullFileSystemKeepsNoClaim()
    {
        if (!isRoot())
            QSKIP("needs root to mount a small tmpfs");
        const QString mountPoint = m_dir->root() + QStringLiteral("/small");
        QVERIFY(QDir().mkpath(mountPoint));
        QCOMPARE(run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                               QStringLiteral("size=64k,mode=1777"), QStringLiteral("devlatch-test"), mountPoint}).exitCode, 0);
        struct Unmount {
            QString path;
            ~Unmount() { run(QStringLiteral("umount"), {path}); }
        } unmount{mountPoint};
        qputenv("DEVLATCH_LOCK_DIR", QFile::encodeName(mountPoint));
        const QString file = mountPoint + u'/' + QString::fromStdString(devlatch::lock::lockNameForId("rig").name) + QStringLiteral(".lock");
        QVERIFY(QFile(file).open(QIODevice::WriteOnly)); // the lock file exists, empty
        QCOMPARE(chmod(QFile::encodeName(file).constData(), 0666), 0);
        run(QStringLiteral("dd"), {QStringLiteral("if=/dev/zero"), QStringLiteral("of=") + mountPoint + QStringLiteral("/filler"),
                                   QStringLiteral("bs=4k")}); // until ENOSPC
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 3);
        QVERIFY2(claim.err.contains("cannot write the holder record"), claim.err.constData());
        QCOMPARE(run(QStringLiteral("flock"), {QStringLiteral("-n"), file, QStringLiteral("true")}).exitCode, 0); // not kept
        QCOMPARE(statusOf(), 0);
    }

    void readOnlyFileSystemIsAnError()
    {
        if (!isRoot())
            QSKIP("needs root to remount read-only");
        const QString mountPoint = m_dir->root() + QStringLiteral("/ro");
        QVERIFY(QDir().mkpath(mountPoint));
        QCOMPARE(run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                               QStringLiteral("size=1m,mode=1777"), QStringLiteral("devlatch-test"), mountPoint}).exitCode, 0);
        struct Unmount {
            QString path;
            ~Unmount() { run(QStringLiteral("umount"), {path}); }
        } unmount{mountPoint};
        qputenv("DEVLATCH_LOCK_DIR", QFile::encodeName(mountPoint));
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")}).exitCode, 0);
        QCOMPARE(run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,ro"), mountPoint}).exitCode, 0);
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 3);
        QVERIFY2(claim.err.contains("read-only file system"), claim.err.constData());
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 3); // not claimable by anyone: an explicit state, never "free"
        QVERIFY2(status.out.contains("read-only file system"), status.out.constData());
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("other"), QStringLiteral("--"), QStringLiteral("true")}).exitCode, 3);
    }

    // 14. nohup and friends: an ignored SIGHUP stays ignored, for devlatchctl and for CMD.
    void ignoredHangUpIsHonoured()
    {
        Helper holder;
        QVERIFY(holder.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("trap '' HUP; exec \"$0\" claim rig --hold"), ctl()}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        holder.signal(SIGHUP);
        QCOMPARE(statusOf(), 1);
        QVERIFY(holder.process().state() == QProcess::Running);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);

        const Finished command = shell(QStringLiteral("trap '' HUP; exec \"$0\" claim rig -- sh -c 'kill -HUP $$; echo survived'"));
        QCOMPARE(command.exitCode, 0);
        QVERIFY2(command.out.contains("survived"), command.err.constData());
    }

    // 15. CMD's arguments pass byte for byte; DEV is taken as bytes (a leading BOM is kept).
    void argumentsAreBytes()
    {
        const Finished command = shell(QStringLiteral("exec \"$0\" claim rig -- sh -c 'printf %s \"$1\" | od -An -tx1' sh \"$(printf '\\377\\376x')\""));
        QCOMPARE(command.exitCode, 0);
        QCOMPARE(command.out.simplified(), QByteArray("ff fe 78"));

        const Finished bom = shell(QStringLiteral("exec \"$0\" status \"$(printf '\\357\\273\\277bench')\" --json"));
        QCOMPARE(bom.exitCode, 0);
        QCOMPARE(deviceJson(bom.out).value(QStringLiteral("lockName")).toString(),
                 QString::fromStdString(devlatch::lock::lockNameForId("\xEF\xBB\xBF" "bench").name));
        const Finished notUtf8 = shell(QStringLiteral("exec \"$0\" status \"$(printf 'x\\377')\""));
        QCOMPARE(notUtf8.exitCode, 2);
    }

    // 16. A retry after a replaced lock file keeps the caller's deadline.
    void retryAfterAReplacedLockFileKeepsTheDeadline()
    {
        Helper first;
        startHold(first);
        Helper waiter;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(waiter.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--wait=4"), QStringLiteral("--"),
                                     QStringLiteral("true")}));
        waitForWaiter(); // on the old file, before it is replaced
        // Someone plants a file that flock(1) holds over the lock path: the holder cannot take
        // it, the waiter still waits on the old file.
        const QString planted = m_dir->path() + QStringLiteral("/planted");
        Helper other;
        QVERIFY(startFlockHolder(other, planted));
        QCOMPARE(::rename(QFile::encodeName(planted).constData(), QFile::encodeName(lockFile()).constData()), 0);
        QTRY_VERIFY_WITH_TIMEOUT(first.stderrSoFar().contains("could not be taken"), 10000);
        QTest::qWait(1000); // the release comes well into the 4 s, so a fresh timeout would show
        QVERIFY2(waiter.process().state() != QProcess::NotRunning, "the waiter ended before the release");
        const qint64 releasedAt = clock.elapsed();
        first.signal(SIGTERM); // the waiter gets the old file, sees it replaced, retries on the new one
        QCOMPARE(first.waitForExit(), 0);
        QCOMPARE(waiter.waitForExit(), 1);
        const qint64 endedAt = clock.elapsed();
        qInfo("--wait=4 with a replaced lock file: released after %lld ms, ended after %lld ms", releasedAt, endedAt);
        // A fresh 4 s timeout starts at the retry, after the release; the caller's ends 4 s
        // after its start.
        QVERIFY2(endedAt < releasedAt + 4000, "the retry started a fresh 4 s timeout");
    }

    // 17. list shows what is held now, not every record left in the directory.
    void listShowsOnlyWhatIsHeld()
    {
        for (int i = 0; i < 30; ++i) {
            QFile stale(m_dir->path() + QStringLiteral("/stale%1-0000000000000000.lock").arg(i));
            QVERIFY(stale.open(QIODevice::WriteOnly));
            stale.write(QStringLiteral("devlatch-holder 1\nid=stale%1\npid=999999\n").arg(i).toUtf8());
        }
        Helper holder;
        startHold(holder, QStringLiteral("relay-bank-2"));
        const QJsonArray listed = devicesJson(ctl({QStringLiteral("list"), QStringLiteral("--json")}).out);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("relay-bank-2"));
    }

    // 18. Every held lock file is listed: flock(1) on a name's file over a record it did not
    // write (it names the file's resource), and on a file no record names at all.
    void listShowsEveryHeldLockFile()
    {
        QDir().mkpath(m_dir->path());
        {
            QFile left(lockFile("scope-7"));
            QVERIFY(left.open(QIODevice::WriteOnly));
            left.write("devlatch-holder 1\nid=scope-7\npid=999999\nprogram=old-holder\n");
        }
        Helper named, unnamed;
        QVERIFY(startFlockHolder(named, lockFile("scope-7")));
        QVERIFY(startFlockHolder(unnamed, m_dir->path() + QStringLiteral("/mystery-0123456789abcdef.lock")));
        QCOMPARE(statusOf("scope-7"), 1);
        const Finished list = ctl({QStringLiteral("list")});
        QVERIFY2(list.out.contains("scope-7") && list.out.contains("flock (pid " + QByteArray::number(named.pid())), list.out);
        QVERIFY2(list.out.contains("(lock file mystery-0123456789abcdef.lock)")
                     && list.out.contains("flock (pid " + QByteArray::number(unnamed.pid())),
                 list.out);
        const QJsonArray listed = devicesJson(ctl({QStringLiteral("list"), QStringLiteral("--json")}).out);
        QCOMPARE(listed.size(), 2);
        QStringList states;
        for (const QJsonValue &entry : listed)
            states << entry.toObject().value(QStringLiteral("state")).toString();
        QCOMPARE(states, (QStringList{QStringLiteral("foreign"), QStringLiteral("foreign")}));
        QVERIFY(listed.at(1).toObject().value(QStringLiteral("id")).isNull());
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlTrust)
#include "tst_devlatchctl_trust.moc"
