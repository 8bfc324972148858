#include "TestSupport.h"

#include "lock/LockName.h"
#include "lock/DeviceLock.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <QDir>
#include <QFileInfo>

#include <csignal>

using namespace devlatch::lock;
using devlatch::test::Helper;
using devlatch::test::TempLockDir;

class TestLockProbe final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;

    LockLocation location() const { return {m_dir->path().toStdString(), lockNameForId("scope-1").name, Scope::Machine}; }
    QString lockFile() const { return QString::fromStdString(lockObjectName(location())); }

    static const OsHolder *find(const LockState &state, OsHolder::Kind kind, bool waiting = false)
    {
        for (const OsHolder &holder : state.osHolders)
            if (holder.kind == kind && holder.waiting == waiting)
                return &holder;
        return nullptr;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<TempLockDir>(); }
    void cleanup() { m_dir.reset(); }

    void neverClaimedIsFreeAndCreatesNothing()
    {
        const LockState state = probeLock(location());
        QVERIFY(state.error.empty());
        QVERIFY(!state.lockExists);
        QVERIFY(!state.held);
        QVERIFY(!state.holder);
        QVERIFY2(!QFileInfo::exists(m_dir->path()), "a reader creates nothing");
    }

    void devlatchHolderInAnotherProcess()
    {
        Helper locker;
        QVERIFY(locker.start(QStringLiteral(DEVLATCH_TEST_LOCKER), {QStringLiteral("hold"), QStringLiteral("scope-1"),
                                                                  QStringLiteral("capturing eye diagram")}));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());

        const LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY(state.holder);
        QCOMPARE(state.holder->pid, locker.pid());
        QCOMPARE(state.holder->program, std::string("test-locker"));
        QCOMPARE(state.holder->note, std::string("capturing eye diagram"));
        QVERIFY(!state.heldByForeignProgram());
        const OsHolder *flockEntry = find(state, OsHolder::Kind::Flock);
        QVERIFY(flockEntry);
        QCOMPARE(flockEntry->pid, locker.pid());
        QVERIFY(find(state, OsHolder::Kind::Ofd));

        locker.closeStdin();
        QVERIFY(!locker.waitForLine("released").isEmpty());
        QCOMPARE(locker.waitForExit(), 0);
        const LockState after = probeLock(location());
        QVERIFY(!after.held);
        QVERIFY2(!after.abandoned, "a clean release leaves no record");
    }

    void flockHolderIsForeignWithPidAndProgram()
    {
        QDir().mkpath(m_dir->path());
        Helper holder;
        QVERIFY(devlatch::test::startFlockHolder(holder, lockFile()));
        const LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY(state.heldByForeignProgram());
        const OsHolder *entry = find(state, OsHolder::Kind::Flock);
        QVERIFY(entry);
        QCOMPARE(entry->pid, holder.pid());
        QCOMPARE(entry->program, std::string("flock"));
        QVERIFY(QString::fromStdString(describeOsHolder(*entry)).startsWith(QStringLiteral("flock (pid ")));
    }

    void fcntlHolderIsForeignWithPid()
    {
        QDir().mkpath(m_dir->path());
        Helper holder;
        QVERIFY(devlatch::test::startFcntlHolder(holder, lockFile()));
        const LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY(state.heldByForeignProgram());
        const OsHolder *entry = find(state, OsHolder::Kind::Posix);
        QVERIFY(entry);
        QCOMPARE(entry->pid, holder.pid());
        QVERIFY(QString::fromStdString(entry->program).startsWith(QStringLiteral("python")));
    }

    void killedHolderLeavesAbandonedRecord()
    {
        Helper locker;
        QVERIFY(locker.start(QStringLiteral(DEVLATCH_TEST_LOCKER), {QStringLiteral("hold"), QStringLiteral("scope-1")}));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());
        const qint64 pid = locker.pid();
        locker.signal(SIGKILL);
        locker.waitForExit();

        const LockState state = probeLock(location());
        QVERIFY(!state.held);
        QVERIFY(!state.holder);
        QVERIFY(state.abandoned);
        QCOMPARE(state.abandoned->pid, pid);
        QVERIFY(QString::fromStdString(describeAbandoned(*state.abandoned)).contains(QStringLiteral("ended without releasing")));
    }

    void waitersAreListed()
    {
        Helper holder, waiter;
        QVERIFY(holder.start(QStringLiteral(DEVLATCH_TEST_LOCKER), {QStringLiteral("hold"), QStringLiteral("scope-1")}));
        QVERIFY(!holder.waitForLine("acquired").isEmpty());
        QVERIFY(waiter.start(QStringLiteral(DEVLATCH_TEST_LOCKER), {QStringLiteral("wait"), QStringLiteral("scope-1")}));
        QVERIFY(!waiter.waitForLine("waiting").isEmpty());
        // The waiter blocks in the kernel; /proc/locks shows it as "->" once it is there.
        QTRY_VERIFY_WITH_TIMEOUT(find(probeLock(location()), OsHolder::Kind::Ofd, true) != nullptr, 10000);
        holder.closeStdin();
        QVERIFY(!waiter.waitForLine("acquired").isEmpty());
        const LockState state = probeLock(location());
        QVERIFY(state.holder);
        QCOMPARE(state.holder->pid, waiter.pid());
        QVERIFY(!find(state, OsHolder::Kind::Ofd, true));
    }

    void symlinkIsReportedNotFollowed()
    {
        QDir().mkpath(m_dir->path());
        QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), lockFile()));
        const LockState state = probeLock(location());
        QVERIFY(QString::fromStdString(state.error).contains(QStringLiteral("symbolic link")));
        QVERIFY(!state.held);
    }
};

QTEST_GUILESS_MAIN(TestLockProbe)
#include "tst_lockprobe.moc"
