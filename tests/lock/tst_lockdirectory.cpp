// SPDX-License-Identifier: MIT
// Which lock directories devlatch trusts: one nobody else can pull lock files out of. The
// machine directory belongs to root and only root creates it; a user's belongs to the user;
// others may not write without the sticky bit; no symlink, no swappable ancestor.

#include "TestSupport.h"

#include "lock/LockDirectory.h"

#include <QDir>
#include <QFile>

#include <sys/stat.h>
#include <unistd.h>

using namespace devlatch::lock;
using devlatch::test::isRoot;

class TestLockDirectory final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_root;

    QString path(const char *name) const { return m_root->filePath(QString::fromLatin1(name)); }
    static std::string s(const QString &text) { return QFile::encodeName(text).toStdString(); }
    static int modeOf(const QString &file)
    {
        struct stat info {};
        return stat(QFile::encodeName(file).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
    }
    // prepareLockDirectory as another user (root only): its problem kind, or -1.
    static int kindAsOtherUser(const QString &directory, const char *scope)
    {
        const devlatch::test::Finished result = devlatch::test::run(
            QStringLiteral("setpriv"), devlatch::test::asUser(devlatch::test::kOtherUid, TestPaths::locker(),
                                                             {QStringLiteral("prepare-dir"), directory, QLatin1String(scope)}));
        const QList<QByteArray> words = result.out.split(' ');
        return words.size() > 1 ? words.at(1).toInt() : -1;
    }

private Q_SLOTS:
    void init()
    {
        qunsetenv(kLockDirEnv); // the scope's own rules, not the override's
        m_root = std::make_unique<QTemporaryDir>();
        QCOMPARE(chmod(QFile::encodeName(m_root->path()).constData(), 0755), 0);
    }

    void defaultsAndOverride()
    {
        qputenv("XDG_RUNTIME_DIR", "/run/user/4242/");
        QCOMPARE(lockDirectoryFor(Scope::Machine).path, std::string("/run/lock/devlatch"));
        QCOMPARE(lockDirectoryFor(Scope::User).path, std::string("/run/user/4242/devlatch"));
        qputenv(kLockDirEnv, "/tmp/somewhere//");
        QCOMPARE(lockDirectoryFor(Scope::Machine).path, std::string("/tmp/somewhere")); // no trailing slashes
        qunsetenv(kLockDirEnv);
        qunsetenv("XDG_RUNTIME_DIR");
        QCOMPARE(int(lockDirectoryFor(Scope::User).problem.kind), int(LockProblem::Kind::DirectoryNotSet));
    }

    // Only root creates the machine directory (whoever owns it may delete every lock file).
    void onlyRootCreatesTheMachineDirectory()
    {
        const QString machine = path("machine");
        if (isRoot()) {
            QVERIFY(prepareLockDirectory(s(machine), Scope::Machine, true).ok());
            QCOMPARE(modeOf(machine), 01777);
            QVERIFY(QDir(machine).removeRecursively());
            QCOMPARE(kindAsOtherUser(machine, "machine"), int(LockProblem::Kind::DirectoryNeedsRoot));
        } else {
            const LockDirectoryResult result = prepareLockDirectory(s(machine), Scope::Machine, true);
            QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectoryNeedsRoot));
        }
        QVERIFY(!QFileInfo::exists(machine));
    }

    void machineDirectoryOwnedByAUserIsRefused()
    {
        if (!isRoot())
            QSKIP("needs root to give a directory to another user");
        const QString machine = path("machine");
        QVERIFY(QDir().mkpath(machine));
        QCOMPARE(chmod(QFile::encodeName(machine).constData(), 01777), 0);
        QCOMPARE(chown(QFile::encodeName(machine).constData(), devlatch::test::kOtherUid, devlatch::test::kOtherUid), 0);
        const LockDirectoryResult result = prepareLockDirectory(s(machine), Scope::Machine, true);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectoryOwner));
        QCOMPARE(result.problem.owner, qint64(devlatch::test::kOtherUid));
        // ... and the user who owns it may not use it as the machine directory either.
        QCOMPARE(kindAsOtherUser(machine, "machine"), int(LockProblem::Kind::DirectoryOwner));
    }

    void aUsersDirectoryIsTheirs()
    {
        const QString user = path("user");
        QVERIFY(prepareLockDirectory(s(user), Scope::User, true).ok());
        QCOMPARE(modeOf(user), 0700);
        if (isRoot()) // another user must not take root's (or anyone else's)
            QCOMPARE(kindAsOtherUser(user, "user"), int(LockProblem::Kind::DirectoryOwner));
    }

    void writableByOthersNeedsTheStickyBit_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("1777") << 01777 << true;
        QTest::newRow("0755") << 0755 << true;
        QTest::newRow("0700") << 0700 << true;
        QTest::newRow("0777") << 0777 << false;
        QTest::newRow("0775 group-writable") << 0775 << false;
        QTest::newRow("1775") << 01775 << true;
    }
    void writableByOthersNeedsTheStickyBit()
    {
        QFETCH(int, mode);
        QFETCH(bool, accepted);
        const QString directory = path("locks");
        qputenv(kLockDirEnv, QFile::encodeName(directory)); // owned by us: the override accepts that
        QVERIFY(QDir().mkpath(directory));
        QCOMPARE(chmod(QFile::encodeName(directory).constData(), mode_t(mode)), 0);
        const LockDirectoryResult result = prepareLockDirectory(s(directory), Scope::Machine, true);
        QCOMPARE(result.ok(), accepted);
        if (!accepted)
            QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::DirectoryUnsafeMode));
    }

    // A symlink is refused, with or without a trailing slash (which would make lstat() follow it).
    void symlinkIsRefusedEvenWithATrailingSlash()
    {
        const QString real = path("real");
        QVERIFY(QDir().mkpath(real));
        QVERIFY(QFile::link(real, path("link")));
        qputenv(kLockDirEnv, "anything");
        for (const QString &given : {path("link"), path("link") + u'/', path("link") + QStringLiteral("//")}) {
            const LockDirectoryResult result = prepareLockDirectory(s(given), Scope::Machine, true);
            QVERIFY2(int(result.problem.kind) == int(LockProblem::Kind::DirectorySymlink), qPrintable(given));
        }
    }

    // Above the lock directory, a component another user owns or may swap is refused: they
    // could point the whole path elsewhere.
    void swappableAncestorIsRefused()
    {
        const QString shared = path("shared");
        QVERIFY(QDir().mkpath(shared + QStringLiteral("/locks")));
        QCOMPARE(chmod(QFile::encodeName(shared).constData(), 0777), 0); // anyone may rename "locks"
        qputenv(kLockDirEnv, "anything");
        LockDirectoryResult result = prepareLockDirectory(s(shared + QStringLiteral("/locks")), Scope::Machine, true);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::AncestorUnsafe));
        QCOMPARE(QString::fromStdString(result.problem.path), shared);
        QCOMPARE(chmod(QFile::encodeName(shared).constData(), 01777), 0); // sticky: only owners may
        QVERIFY(prepareLockDirectory(s(shared + QStringLiteral("/locks")), Scope::Machine, true).ok());
        if (!isRoot())
            return;
        // A symlinked parent that belongs to another user.
        const QString target = path("target");
        QVERIFY(QDir().mkpath(target + QStringLiteral("/locks")));
        const QString link = path("their-link");
        QVERIFY(QFile::link(target, link));
        QCOMPARE(lchown(QFile::encodeName(link).constData(), devlatch::test::kOtherUid, devlatch::test::kOtherUid), 0);
        result = prepareLockDirectory(s(link + QStringLiteral("/locks")), Scope::Machine, true);
        QCOMPARE(int(result.problem.kind), int(LockProblem::Kind::AncestorUnsafe));
        QCOMPARE(QString::fromStdString(result.problem.path), link);
    }
};

QTEST_GUILESS_MAIN(TestLockDirectory)
#include "tst_lockdirectory.moc"
