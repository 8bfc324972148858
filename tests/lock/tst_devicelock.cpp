// SPDX-License-Identifier: MIT
#include "TestSupport.h"

#include "lock/CancelToken.h"
#include "lock/DeviceLock.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <atomic>
#include <fcntl.h>
#include <future>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace devlatch::lock;
using devlatch::test::Helper;
using devlatch::test::TempLockDir;

class TestDeviceLock final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;

    LockLocation location(const char *id = "bench-psu") const
    {
        return {m_dir->path().toStdString(), lockNameForId(id).name, Scope::Machine};
    }
    QString lockFile(const char *id = "bench-psu") const { return QString::fromStdString(lockObjectName(location(id))); }
    static HolderRecord me(const char *id = "bench-psu") { return currentProcessRecord(id, "tst_devicelock", "a note"); }
    // For failure messages: the problem as facts (the words are the model layer's).
    static QByteArray facts(const AcquireResult &result)
    {
        return QStringLiteral("status %1, problem %2 at %3, errno %4")
            .arg(int(result.status))
            .arg(int(result.problem.kind))
            .arg(QString::fromStdString(result.problem.path))
            .arg(result.problem.systemError)
            .toUtf8();
    }

    void startFlockHolder(Helper &holder, const QString &file)
    {
        QDir().mkpath(QFileInfo(file).path());
        QVERIFY(devlatch::test::startFlockHolder(holder, file));
    }

    // Whether this process blocks in the kernel on the lock: an event to wait for, instead
    // of guessing how long a thread takes to get there.
    bool thisProcessWaits() const
    {
        const LockState state = probeLock(location());
        return std::any_of(state.osHolders.begin(), state.osHolders.end(),
                           [](const OsHolder &h) { return h.waiting && h.pid == getpid(); });
    }

    // Whether anyone holds an OFD/fcntl lock on the file, asked without taking it.
    static bool ofdLocked(const QString &file)
    {
        const int fd = open(file.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        struct flock query {};
        query.l_type = F_WRLCK;
        query.l_whence = SEEK_SET;
        fcntl(fd, F_OFD_GETLK, &query);
        close(fd);
        return query.l_type != F_UNLCK;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<TempLockDir>(); }
    void cleanup() { m_dir.reset(); }

    void acquireWritesRecordAndReleaseClearsIt()
    {
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QVERIFY2(result.acquired(), facts(result).constData());
        QVERIFY(!result.abandoned);
        QVERIFY(deviceLock.isHeld());
        QFile file(lockFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const HolderRecord record = parseHolderRecord(file.readAll().toStdString());
        file.close();
        QCOMPARE(record.pid, qint64(getpid()));
        QCOMPARE(record.note, std::string("a note"));
        QCOMPARE(record.id, std::string("bench-psu"));
        QVERIFY(ofdLocked(lockFile()));

        deviceLock.release();
        QVERIFY(!deviceLock.isHeld());
        QVERIFY2(QFileInfo::exists(lockFile()), "a lock file is never unlinked");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray cleared = file.readAll();
        QVERIFY2(cleared.trimmed().isEmpty(), "a released lock file holds no record, only blank space");
        QVERIFY(!parseHolderRecord(cleared.toStdString()).isValid());
        QVERIFY(!ofdLocked(lockFile()));
    }

    void lockFileModeAndCloseOnExec()
    {
        DeviceLock deviceLock(location());
        QVERIFY(deviceLock.acquire(me()).acquired());
        struct stat info {};
        QCOMPARE(stat(lockFile().toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0666));
        struct stat dirInfo {};
        QCOMPARE(stat(m_dir->path().toLocal8Bit().constData(), &dirInfo), 0);
        QCOMPARE(dirInfo.st_mode & 07777, mode_t(01777));

        // Every descriptor of ours on the lock file must be close-on-exec, or a child would
        // keep the lock alive after we die.
        int found = 0;
        const QDir fds(QStringLiteral("/proc/self/fd"));
        for (const QString &entry : fds.entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files)) {
            if (QFileInfo(fds.filePath(entry)).symLinkTarget() != lockFile())
                continue;
            ++found;
            const int flags = fcntl(entry.toInt(), F_GETFD);
            QVERIFY(flags & FD_CLOEXEC);
        }
        QCOMPARE(found, 1);
    }

    void secondClaimInSameProcessIsAlreadyHeld()
    {
        DeviceLock first(location());
        QVERIFY(first.acquire(me()).acquired());
        QCOMPARE(first.acquire(me()).status, AcquireStatus::AlreadyHeld);
        DeviceLock second(location());
        const AcquireResult again = second.acquire(me(), WaitPolicy::forever());
        QCOMPARE(again.status, AcquireStatus::AlreadyHeld);
        QVERIFY(!again.waitingHere);
        QVERIFY(first.isHeld());
        first.release();
        QVERIFY(second.acquire(me()).acquired());
    }

    void concurrentClaimsFromThreadsGrantOne()
    {
        constexpr int kThreads = 8;
        std::vector<std::unique_ptr<DeviceLock>> locks;
        for (int i = 0; i < kThreads; ++i)
            locks.push_back(std::make_unique<DeviceLock>(location()));
        std::atomic<int> granted{0}, alreadyHeld{0};
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                start.wait();
                const AcquireResult result = locks[size_t(i)]->acquire(me(), WaitPolicy::upTo(std::chrono::seconds(5)));
                if (result.acquired())
                    ++granted;
                else if (result.status == AcquireStatus::AlreadyHeld)
                    ++alreadyHeld;
            });
        }
        go.set_value();
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(granted.load(), 1);
        QCOMPARE(alreadyHeld.load(), kThreads - 1);
    }

    void busyWhileFlockHolds()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Busy);
        QVERIFY(!deviceLock.isHeld());
        QVERIFY2(!ofdLocked(lockFile()), "a refused claim must not keep its OFD lock");
        holder.closeStdin();
        QCOMPARE(holder.waitForExit(), 0);
        QVERIFY(deviceLock.acquire(me()).acquired());
    }

    void busyWhileFcntlLockHolds()
    {
        // Python's fcntl.lockf is a classic POSIX lock, the family of fasteners and Boost.
        QDir().mkpath(m_dir->path());
        Helper holder;
        QVERIFY(devlatch::test::startFcntlHolder(holder, lockFile()));
        DeviceLock deviceLock(location());
        QCOMPARE(deviceLock.acquire(me()).status, AcquireStatus::Busy);
        holder.closeStdin();
        QCOMPARE(holder.waitForExit(), 0);
        QVERIFY(deviceLock.acquire(me()).acquired());
    }

    void waitIsGrantedWhenHolderLeaves()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock deviceLock(location());
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(me(), WaitPolicy::forever()); });
        QTRY_VERIFY_WITH_TIMEOUT(thisProcessWaits(), 30000);
        holder.closeStdin();
        const AcquireResult result = waiting.get();
        QVERIFY2(result.acquired(), facts(result).constData());
        QVERIFY(deviceLock.isHeld());
    }

    void timeoutIsHonoured()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock deviceLock(location());
        QElapsedTimer clock;
        clock.start();
        const AcquireResult result = deviceLock.acquire(me(), WaitPolicy::upTo(std::chrono::milliseconds(300)));
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(result.status, AcquireStatus::TimedOut);
        QVERIFY2(elapsed >= 300, qPrintable(QString::number(elapsed))); // never gives up early
        qInfo("timeout 300 ms returned after %lld ms", elapsed);
        QVERIFY(!deviceLock.isHeld());
        QVERIFY(!ofdLocked(lockFile()));
        // A zero timeout is a try.
        QCOMPARE(deviceLock.acquire(me(), WaitPolicy::upTo(std::chrono::milliseconds(0))).status, AcquireStatus::TimedOut);
    }

    void cancelFromAnotherThread()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock deviceLock(location());
        CancelToken cancel;
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(me(), WaitPolicy::forever(), &cancel); });
        QTRY_VERIFY_WITH_TIMEOUT(thisProcessWaits(), 30000);
        QElapsedTimer clock;
        clock.start();
        cancel.cancel();
        const AcquireResult result = waiting.get();
        qInfo("cancel took effect after %lld us", clock.nsecsElapsed() / 1000);
        QCOMPARE(result.status, AcquireStatus::Cancelled);
        QVERIFY(!deviceLock.isHeld());
        QVERIFY2(!ofdLocked(lockFile()), "a cancelled wait must not leave the OFD half held");
        // The process-wide claim table was cleaned up: a new claim works once the holder goes.
        holder.closeStdin();
        QCOMPARE(holder.waitForExit(), 0);
        QVERIFY(deviceLock.acquire(me()).acquired());
    }

    void cancelledTokenDoesNotWait()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock deviceLock(location());
        CancelToken cancel;
        cancel.cancel();
        QCOMPARE(deviceLock.acquire(me(), WaitPolicy::forever(), &cancel).status, AcquireStatus::Cancelled);
    }

    void secondWaiterInSameProcessIsRefused()
    {
        Helper holder;
        startFlockHolder(holder, lockFile());
        DeviceLock first(location());
        CancelToken cancel;
        auto waiting = std::async(std::launch::async, [&] { return first.acquire(me(), WaitPolicy::forever(), &cancel); });
        // Only once the first waits may the second try: otherwise the second would be the
        // waiter, and wait forever.
        QTRY_VERIFY_WITH_TIMEOUT(thisProcessWaits(), 30000);
        DeviceLock second(location());
        const AcquireResult result = second.acquire(me(), WaitPolicy::forever());
        QCOMPARE(result.status, AcquireStatus::AlreadyHeld);
        QVERIFY(result.waitingHere);
        cancel.cancel();
        QCOMPARE(waiting.get().status, AcquireStatus::Cancelled);
    }

    void leftoverRecordIsReportedAsAbandoned()
    {
        QDir().mkpath(m_dir->path());
        HolderRecord dead = me();
        dead.pid = 999999; // beyond pid_max: no such process
        dead.program = "flash.py";
        dead.since = "2026-11-22T10:15:00Z";
        QFile file(lockFile());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(serializeHolderRecord(dead)));
        file.close();

        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QVERIFY(result.acquired());
        QVERIFY(result.abandoned);
        QCOMPARE(result.abandoned->pid, 999999);
        QCOMPARE(result.abandoned->program, std::string("flash.py"));
        QCOMPARE(result.abandoned->since, dead.since);
        QCOMPARE(result.abandoned->user, dead.user);
        // Our record replaced it entirely: no tail of the old one is left behind.
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray now = file.readAll();
        QCOMPARE(parseHolderRecord(now.toStdString()).pid, qint64(getpid()));
        QVERIFY(!now.contains("flash.py"));
    }

    void plantedSymlinkIsRefused()
    {
        QDir().mkpath(m_dir->path());
        const QString target = m_dir->root() + QStringLiteral("/precious");
        QFile precious(target);
        QVERIFY(precious.open(QIODevice::WriteOnly));
        precious.write("do not truncate me");
        precious.close();
        QVERIFY(QFile::link(target, lockFile()));

        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::LockFileSymlink));
        QCOMPARE(QString::fromStdString(result.problem.path), lockFile());
        QVERIFY(precious.open(QIODevice::ReadOnly));
        QCOMPARE(precious.readAll(), QByteArray("do not truncate me"));
    }

    void plantedFifoIsRefusedWithoutBlocking()
    {
        QDir().mkpath(m_dir->path());
        QCOMPARE(mkfifo(lockFile().toLocal8Bit().constData(), 0666), 0);
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::LockFileNotRegular));
    }

    void hardLinkedLockFileIsRefused()
    {
        QDir().mkpath(m_dir->path());
        const QString other = m_dir->root() + QStringLiteral("/elsewhere");
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep");
        file.close();
        QCOMPARE(link(other.toLocal8Bit().constData(), lockFile().toLocal8Bit().constData()), 0);
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::LockFileHardLinked));
        QCOMPARE(result.problem.links, 2u);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep"));
    }

    void symlinkedLockDirectoryIsRefused()
    {
        const QString real = m_dir->root() + QStringLiteral("/real");
        QVERIFY(QDir().mkpath(real));
        QVERIFY(QFile::link(real, m_dir->path()));
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectorySymlink));
        QVERIFY(QDir(real).isEmpty());
    }

    void missingDirectoryIsCreatedOrExplained()
    {
        // Creatable: created with the machine scope's mode.
        {
            DeviceLock deviceLock(location());
            QVERIFY(deviceLock.acquire(me()).acquired());
            QVERIFY(QFileInfo(m_dir->path()).isDir());
        }
        // Parent missing: a clear error naming both.
        const LockLocation nowhere{(m_dir->root() + QStringLiteral("/no/such/parent/locks")).toStdString(),
                                   lockNameForId("x").name, Scope::Machine};
        DeviceLock deviceLock(nowhere);
        const AcquireResult result = deviceLock.acquire(me("x"));
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectoryMissing));
        QCOMPARE(result.problem.systemError, ENOENT);
    }

    void worldWritableDirectoryWithoutStickyBitIsRefused()
    {
        QVERIFY(QDir().mkpath(m_dir->path()));
        QCOMPARE(chmod(m_dir->path().toLocal8Bit().constData(), 0777), 0);
        DeviceLock deviceLock(location());
        const AcquireResult result = deviceLock.acquire(me());
        QCOMPARE(result.status, AcquireStatus::Error);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectoryUnsafeMode));
        QCOMPARE(result.problem.mode, 0777u);
    }
};

QTEST_GUILESS_MAIN(TestDeviceLock)
#include "tst_devicelock.moc"
