// SPDX-License-Identifier: MIT
// LockMonitor: activity on lock files is reported as it happens, with one follow-up, and
// the watch survives the lock directory being deleted and created again.

#include "TestSupport.h"

#include "arbiter/LockMonitor.h"

#include "lock/LockProbe.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>

using namespace devlatch;

class TestLockMonitor final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_dir;

    void touch(const QString &name)
    {
        QFile file(m_dir + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
        file.write("x");
    }
    static bool reported(const QSignalSpy &spy, const QString &name)
    {
        for (const QList<QVariant> &arguments : spy) {
            const auto names = arguments.at(0).value<QSet<QString>>();
            if (names.isEmpty() || names.contains(name))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = m_root.filePath(QStringLiteral("locks"));
        QDir(m_dir).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir));
    }

    void reportsActivityByLockName()
    {
        LockMonitor monitor(m_dir);
        QVERIFY2(monitor.isWatching(), qPrintable(monitor.error()));
        QSignalSpy activity(&monitor, &LockMonitor::activity);
        touch(QStringLiteral("bench-psu.lock"));
        touch(QStringLiteral("not-a-lock.txt"));
        QTRY_VERIFY_WITH_TIMEOUT(reported(activity, QStringLiteral("bench-psu")), 10000);
        for (const QList<QVariant> &arguments : std::as_const(activity))
            QVERIFY(!arguments.at(0).value<QSet<QString>>().contains(QStringLiteral("not-a-lock.txt")));
        // One follow-up report after the burst, for a waiter that acquires without an event.
        const qsizetype afterBurst = activity.size();
        QTRY_VERIFY_WITH_TIMEOUT(activity.size() > afterBurst, 10000);
    }

    // Readers open and close lock files too; a monitor reports none of its own process's
    // reads (or a refresh would trigger the next refresh, for ever).
    void ownReadsAreNotActivity()
    {
        touch(QStringLiteral("quiet.lock"));
        LockMonitor monitor(m_dir);
        QSignalSpy activity(&monitor, &LockMonitor::activity);
        for (int i = 0; i < 5; ++i)
            lock::probeLock({m_dir.toStdString(), "quiet", lock::Scope::Machine, {}});
        touch(QStringLiteral("marker.lock")); // another's activity, reported after ours would be
        QTRY_VERIFY_WITH_TIMEOUT(reported(activity, QStringLiteral("marker")), 10000);
        QTest::qWait(100); // and the follow-up
        for (const QList<QVariant> &arguments : std::as_const(activity))
            QVERIFY2(!arguments.at(0).value<QSet<QString>>().contains(QStringLiteral("quiet")), "our own read was reported");
    }

    void followsTheDirectoryAfterItIsDeletedAndCreatedAgain()
    {
        LockMonitor monitor(m_dir);
        QVERIFY(monitor.isWatching());
        QSignalSpy activity(&monitor, &LockMonitor::activity);
        QVERIFY(QDir(m_dir).removeRecursively());
        QTRY_VERIFY_WITH_TIMEOUT(!monitor.isWatching(), 10000);
        QVERIFY(monitor.error().contains(m_dir));
        QVERIFY(QDir().mkpath(m_dir));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.isWatching(), 10000);
        activity.clear();
        touch(QStringLiteral("after-recreate.lock"));
        QTRY_VERIFY_WITH_TIMEOUT(reported(activity, QStringLiteral("after-recreate")), 10000);
    }

    void aDirectoryCreatedLaterIsFollowed()
    {
        QVERIFY(QDir(m_dir).removeRecursively());
        LockMonitor monitor(m_dir);
        QVERIFY(!monitor.isWatching());
        QVERIFY2(monitor.error().contains(QStringLiteral("does not exist")), qPrintable(monitor.error()));
        QSignalSpy activity(&monitor, &LockMonitor::activity);
        QVERIFY(QDir().mkpath(m_dir));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.isWatching(), 10000);
        touch(QStringLiteral("late.lock"));
        QTRY_VERIFY_WITH_TIMEOUT(reported(activity, QStringLiteral("late")), 10000);
    }
};

QTEST_GUILESS_MAIN(TestLockMonitor)
#include "tst_lockmonitor.moc"
