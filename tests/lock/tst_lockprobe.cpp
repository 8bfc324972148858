// SPDX-License-Identifier: MIT
#include "TestSupport.h"

#include "lock/LockName.h"
#include "lock/DeviceLock.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <set>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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

    // Overwrites the record in the lock file, as any user may (the file is writable by all).
    void writeRecord(const HolderRecord &record)
    {
        QFile file(lockFile());
        QVERIFY(file.open(QIODevice::WriteOnly)); // no truncate: like a pwrite over the record
        file.write(QByteArray::fromStdString(serializeHolderRecord(record)) + QByteArray(600, '\n'));
    }
    void startLocker(Helper &locker, const QStringList &arguments = {QStringLiteral("hold"), QStringLiteral("scope-1")})
    {
        QVERIFY(locker.start(TestPaths::locker(), arguments));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());
    }
    static QString runOut(const QString &program, const QStringList &arguments)
    {
        return QString::fromUtf8(devlatch::test::run(program, arguments).out).trimmed();
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
        QVERIFY(locker.start(TestPaths::locker(), {QStringLiteral("hold"), QStringLiteral("scope-1"),
                                                                  QStringLiteral("capturing eye diagram")}));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());

        const LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY(state.holder);
        QCOMPARE(state.holder->pid, locker.pid());
        QCOMPARE(state.holder->program, std::string("test-locker"));
        QCOMPARE(state.holder->note, std::string("capturing eye diagram"));
        QVERIFY(!state.heldByForeignProgram());
        // One process holding both lock families: one entry, confirmed by its descriptor.
        QCOMPARE(state.osHolders.size(), size_t(1));
        const OsHolder *flockEntry = find(state, OsHolder::Kind::Flock);
        QVERIFY(flockEntry);
        QCOMPARE(flockEntry->pid, locker.pid());
        QVERIFY(flockEntry->confirmed);
        QVERIFY(state.holderVerified);

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
        QVERIFY(locker.start(TestPaths::locker(), {QStringLiteral("hold"), QStringLiteral("scope-1")}));
        QVERIFY(!locker.waitForLine("acquired").isEmpty());
        const qint64 pid = locker.pid();
        locker.signal(SIGKILL);
        locker.waitForExit();

        const LockState state = probeLock(location());
        QVERIFY(!state.held);
        QVERIFY(!state.holder);
        QVERIFY(state.abandoned);
        QCOMPARE(state.abandoned->pid, pid);
    }

    void waitersAreListed()
    {
        Helper holder, waiter;
        QVERIFY(holder.start(TestPaths::locker(), {QStringLiteral("hold"), QStringLiteral("scope-1")}));
        QVERIFY(!holder.waitForLine("acquired").isEmpty());
        QVERIFY(waiter.start(TestPaths::locker(), {QStringLiteral("wait"), QStringLiteral("scope-1")}));
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
        QCOMPARE(int(state.problem.kind), int(LockProblem::Kind::LockFileSymlink));
        QVERIFY(!state.known());
        QVERIFY(!state.held);
    }

    // Under claim/release churn (two processes, each claim held 0.2 ms), reads are
    // consistent snapshots: a devlatch holder between its lock and its record is never
    // "foreign", a held lock never "abandoned", and no read needs to give up.
    void churnGivesNoFalseReports()
    {
        Helper first, second;
        QVERIFY(first.start(TestPaths::locker(), {QStringLiteral("churn"), QStringLiteral("scope-1"), QStringLiteral("5000"), QStringLiteral("200")}));
        QVERIFY(second.start(TestPaths::locker(), {QStringLiteral("churn"), QStringLiteral("scope-1"), QStringLiteral("5000"), QStringLiteral("200")}));
        QVERIFY(!first.waitForLine("started").isEmpty());
        QVERIFY(!second.waitForLine("started").isEmpty());
        int reads = 0, held = 0, foreign = 0, abandonedWhileHeld = 0, abandonedFree = 0, unbelieved = 0, errors = 0;
        // waitForFinished(0) also lets QProcess notice that a helper ended.
        auto running = [](Helper &helper) {
            helper.process().waitForFinished(0); // lets QProcess notice an exit
            return helper.process().state() != QProcess::NotRunning;
        };
        while (running(first) || running(second)) {
            const LockState state = probeLock(location());
            ++reads;
            held += state.held;
            foreign += state.heldByForeignProgram();
            abandonedWhileHeld += state.held && state.abandoned.has_value();
            abandonedFree += !state.held && state.abandoned.has_value();
            unbelieved += state.unbelievedRecord.has_value();
            errors += !state.known();
        }
        QCOMPARE(first.waitForExit(120000), 0);
        QCOMPARE(second.waitForExit(120000), 0);
        qInfo("%d reads during churn, %d saw it held: %d foreign, %d abandoned while held, %d abandoned while free, "
              "%d unbelieved, %d errors",
              reads, held, foreign, abandonedWhileHeld, abandonedFree, unbelieved, errors);
        QVERIFY(held > 0);
        QCOMPARE(foreign, 0);
        QCOMPARE(abandonedWhileHeld, 0);
        QCOMPARE(abandonedFree, 0);
        QCOMPARE(unbelieved, 0);
        // "Changed hands on every read" is honest, not false, but must stay rare.
        QVERIFY2(errors * 20 < reads, qPrintable(QStringLiteral("%1 of %2 reads gave up").arg(errors).arg(reads)));
    }

    // A holder that changes its note never exposes a record that is half old, half new.
    void noteUpdatesAreNeverTorn()
    {
        Helper notes;
        QVERIFY(notes.start(TestPaths::locker(), {QStringLiteral("notes"), QStringLiteral("scope-1"), QStringLiteral("1000"), QStringLiteral("1000")}));
        QVERIFY(!notes.waitForLine("acquired").isEmpty());
        // Reads until enough of them caught a note (the holder keeps changing it until told):
        // a loaded machine makes this slower, never thinner.
        // Enough: reads that caught a note, across many different notes (they interleave).
        constexpr int kEnough = 300;
        constexpr int kChanges = 50;
        int reads = 0, torn = 0, withNote = 0, unknown = 0;
        std::set<std::string> seen;
        QDeadlineTimer deadline(120000);
        while ((withNote < kEnough || int(seen.size()) < kChanges) && !deadline.hasExpired()) {
            const LockState state = probeLock(location());
            ++reads;
            if (!state.error.empty()) {
                ++unknown; // the lock changed under the look: honest, not a torn record
                continue;
            }
            if (!state.held || !state.holder) {
                ++torn; // held by devlatch until stdin closes: "free" or no record would be false
                continue;
            }
            const std::string &note = state.holder->note;
            if (note.empty())
                continue;
            ++withNote;
            seen.insert(note);
            torn += note.find_first_not_of(note.front()) != std::string::npos || note.size() % 40 != 1;
        }
        notes.closeStdin();
        QCOMPARE(notes.waitForExit(120000), 0);
        qInfo("%d reads during note updates, %d with a note, %zu different notes, %d unknown, %d torn", reads, withNote,
              seen.size(), unknown, torn);
        QVERIFY2(withNote >= kEnough && int(seen.size()) >= kChanges,
                 qPrintable(QStringLiteral("only %1 of %2 reads saw a note, %3 different ones, in 120 s")
                                .arg(withNote).arg(reads).arg(seen.size())));
        QCOMPARE(torn, 0);
    }

    // Anyone may write into a lock file: a record is believed only for the process that
    // holds the lock now.
    void rewrittenRecordIsNotBelieved()
    {
        Helper locker;
        startLocker(locker);
        Helper bystander; // alive, but holding nothing
        QVERIFY(bystander.start(QStringLiteral("sleep"), {QStringLiteral("600")}));
        HolderRecord fake = currentProcessRecord("scope-1", "innocent", "all yours");
        fake.pid = bystander.pid();
        fake.startTicks = processFacts(bystander.pid())->startTicks;
        fake.since = currentUtcTimestamp();
        writeRecord(fake);
        LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY2(!state.holder, "a record naming a process that does not hold the lock");
        QVERIFY(state.unbelievedRecord && state.unbelievedRecord->pid == bystander.pid());
        QVERIFY(find(state, OsHolder::Kind::Flock) && find(state, OsHolder::Kind::Flock)->pid == locker.pid());

        // The holder's own pid and start, but another user's name and uid: not believed either.
        HolderRecord impostor = currentProcessRecord("scope-1", "test-locker", "");
        impostor.pid = locker.pid();
        impostor.startTicks = processFacts(locker.pid())->startTicks;
        impostor.uid = 4242;
        impostor.user = "someone-else";
        writeRecord(impostor);
        state = probeLock(location());
        QVERIFY(state.held && !state.holder && state.unbelievedRecord);
    }

    // The holder's own pid, start and uid, but another user's name: the name shown is the one
    // the OS gives that uid, and the record's claim only as a mismatch.
    void theHoldersUserIsTheOnesTheOsNames()
    {
        Helper locker;
        startLocker(locker);
        const std::string mine = currentProcessRecord("scope-1", "x", "").user;
        QCOMPARE(mine, userNameOfUid(static_cast<long long>(geteuid())));
        LockState state = probeLock(location());
        QVERIFY(state.holder && state.holder->user == mine);
        QVERIFY(state.recordedUser.empty());
        HolderRecord liar = currentProcessRecord("scope-1", "test-locker", "");
        liar.pid = locker.pid();
        liar.startTicks = processFacts(locker.pid())->startTicks;
        liar.user = "alice-the-admin";
        writeRecord(liar);
        state = probeLock(location());
        QVERIFY2(state.holder && state.holderVerified, "the holder itself is the one the OS names");
        QCOMPARE(state.holder->user, mine);
        QCOMPARE(state.holder->uid, static_cast<std::int64_t>(geteuid()));
        QCOMPARE(state.recordedUser, std::string("alice-the-admin"));
        // A record without a uid (another program's) is named by the OS all the same.
        liar.uid = -1;
        writeRecord(liar);
        state = probeLock(location());
        QVERIFY(state.holder && state.holder->user == mine && state.recordedUser == "alice-the-admin");
    }

    void recordWithoutStartTimeIsUnverified()
    {
        QDir().mkpath(m_dir->path());
        Helper python;
        const QString code = QStringLiteral(
            "import fcntl,os,struct,sys\nfd=os.open(sys.argv[1],os.O_RDWR|os.O_CREAT,0o666)\n"
            "fcntl.fcntl(fd,37,struct.pack('hhqqi',fcntl.F_WRLCK,0,0,0,0))\nfcntl.flock(fd,fcntl.LOCK_EX)\n"
            "os.pwrite(fd,('devlatch-holder 1\\nid=scope-1\\npid=%d\\nprogram=old-recipe\\n' % os.getpid()).encode(),0)\n"
            "print('locked',flush=True)\nsys.stdin.read()");
        QVERIFY(python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), code, lockFile()}));
        QVERIFY2(!python.waitForLine("locked").isEmpty(), python.readAllStderr().constData());
        const LockState state = probeLock(location());
        QVERIFY(state.holder && state.holder->pid == python.pid());
        QVERIFY(!state.holderVerified);
    }

    // flock(1) names the pid that placed a lock; the process holding it now is another when
    // the placer handed the descriptor on and ended (the shell idiom exec 9>>LOCK; flock 9).
    void flockHolderIsTheProcessHoldingNow()
    {
        QDir().mkpath(m_dir->path());
        const QString background = runOut(QStringLiteral("sh"),
                                          {QStringLiteral("-c"), QStringLiteral("exec 9>>\"$0\"; flock 9; sleep 600 >/dev/null 2>&1 & echo $!"),
                                           lockFile()});
        const qint64 sleeper = background.toLongLong();
        QVERIFY2(sleeper > 0, qPrintable(background));
        // The background child is the shell until it has exec'd sleep (a busy machine shows it).
        const auto comm = [sleeper] {
            QFile file(QStringLiteral("/proc/%1/comm").arg(sleeper));
            return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
        };
        QTRY_COMPARE(comm(), QByteArray("sleep"));
        const LockState state = probeLock(location());
        ::kill(pid_t(sleeper), SIGKILL);
        QVERIFY(state.held);
        const OsHolder *entry = find(state, OsHolder::Kind::Flock);
        QVERIFY(entry);
        QCOMPARE(entry->pid, sleeper);
        QCOMPARE(entry->program, std::string("sleep"));
        QVERIFY(entry->confirmed);
        QCOMPARE(state.osHolders.size(), size_t(1)); // not the shell that placed it and ended
    }

    // Without a descriptor to spare, a reader says it cannot read: never "free".
    void outOfDescriptorsIsAnErrorNotFree()
    {
        Helper locker;
        startLocker(locker);
        struct rlimit before {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &before), 0);
        std::vector<int> spent;
        for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
            spent.push_back(fd);
        const LockState state = probeLock(location());
        for (int fd : spent)
            ::close(fd);
        QVERIFY2(!state.known(), "the reader had no descriptor left");
        QVERIFY(!state.error.empty());
        QVERIFY(QString::fromStdString(state.error).contains(QStringLiteral("Too many open files")));
    }

    // A holder in another pid namespace that shares the lock directory is named by its
    // record: its pid there is the innermost of NSpid.
    void holderInAPidNamespaceIsNamed()
    {
        if (!devlatch::test::isRoot())
            QSKIP("needs root to create a pid namespace (unshare --pid)");
        Helper contained;
        QVERIFY(contained.start(QStringLiteral("unshare"), {QStringLiteral("--pid"), QStringLiteral("--fork"), QStringLiteral("--kill-child"),
                                                          TestPaths::locker(), QStringLiteral("hold"), QStringLiteral("scope-1")}));
        const QByteArray acquired = contained.waitForLine("acquired");
        if (acquired.isEmpty())
            QSKIP(qPrintable(QStringLiteral("unshare --pid does not work here: ") + QString::fromUtf8(contained.readAllStderr())));
        const LockState state = probeLock(location());
        QVERIFY(state.held);
        QVERIFY2(state.holder, "the holder in the namespace is named by its record");
        QCOMPARE(state.holder->pid, acquired.mid(acquired.indexOf('=') + 1).toLongLong()); // its pid in there
        QVERIFY(state.holderVerified);
        QVERIFY(!state.abandoned);
        QVERIFY(!state.unbelievedRecord);
        QVERIFY(find(state, OsHolder::Kind::Flock) && find(state, OsHolder::Kind::Flock)->pid != state.holder->pid);
    }

    // btrfs gives stat() a subvolume's anonymous device, /proc/locks the superblock's.
    void flockHolderOnBtrfsIsSeen()
    {
        if (!devlatch::test::isRoot())
            QSKIP("needs root to mount a btrfs image");
        if (QStandardPaths::findExecutable(QStringLiteral("mkfs.btrfs")).isEmpty())
            QSKIP("mkfs.btrfs is not installed (make test installs btrfs-progs)");
        const QString image = m_dir->root() + QStringLiteral("/btrfs.img");
        const QString mountPoint = m_dir->root() + QStringLiteral("/btrfs");
        QVERIFY(QDir().mkpath(mountPoint));
        QFile file(image);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(256 * 1024 * 1024));
        file.close();
        QCOMPARE(devlatch::test::run(QStringLiteral("mkfs.btrfs"), {QStringLiteral("-q"), QStringLiteral("-f"), image}).exitCode, 0);
        const auto mounted = devlatch::test::run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("loop"), image, mountPoint});
        if (mounted.exitCode != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a loop device here: ") + QString::fromUtf8(mounted.err)));
        struct Unmount {
            QString path;
            ~Unmount() { devlatch::test::run(QStringLiteral("umount"), {path}); }
        } unmount{mountPoint};
        QCOMPARE(devlatch::test::run(QStringLiteral("btrfs"), {QStringLiteral("subvolume"), QStringLiteral("create"),
                                                              mountPoint + QStringLiteral("/locks")}).exitCode, 0);
        QCOMPARE(chmod(QFile::encodeName(mountPoint + QStringLiteral("/locks")).constData(), 01777), 0);
        const LockLocation onBtrfs{(mountPoint + QStringLiteral("/locks")).toStdString(), lockNameForId("scope-1").name, Scope::Machine};
        {
            Helper holder;
            QVERIFY(devlatch::test::startFlockHolder(holder, QString::fromStdString(lockObjectName(onBtrfs))));
            const LockState state = probeLock(onBtrfs);
            QVERIFY2(state.held, "a flock(1) holder on btrfs");
            QVERIFY(find(state, OsHolder::Kind::Flock) && find(state, OsHolder::Kind::Flock)->pid == holder.pid());
            holder.closeStdin(); // flock(1)'s command holds the lock too: end it properly
            QCOMPARE(holder.waitForExit(), 0);
        }
        {
            DeviceLock deviceLock(onBtrfs);
            const AcquireResult claimed = deviceLock.acquire(currentProcessRecord("scope-1", "tst_lockprobe", ""));
            QVERIFY2(claimed.acquired(), qPrintable(QStringLiteral("status %1 problem %2 %3 errno %4").arg(int(claimed.status))
                                                         .arg(int(claimed.problem.kind)).arg(QString::fromStdString(claimed.problem.path))
                                                         .arg(claimed.problem.systemError)));
            Helper other;
            QVERIFY(other.start(QStringLiteral("flock"), {QStringLiteral("-n"), QString::fromStdString(lockObjectName(onBtrfs)),
                                                          QStringLiteral("true")}));
            QCOMPARE(other.waitForExit(), 1); // flock(1) sees our claim there too
        }
    }
};

QTEST_GUILESS_MAIN(TestLockProbe)
#include "tst_lockprobe.moc"
