// SPDX-License-Identifier: MIT
// Use of a device outside devlatch, found read-only: a process with the node open, a
// flock on the node (picocom, tio), a UUCP lock file with a live pid (minicom, cu); and
// finding it never opens the node. Regular files stand in for device nodes.

#include "TestSupport.h"

#include "discovery/ForeignUseScan.h"

#include <QDir>
#include <QFile>

#include <sys/inotify.h>
#include <unistd.h>

using namespace devlatch;
using namespace devlatch::test;

class TestForeignUse final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_node;

    static const ForeignUse *find(const QList<ForeignUse> &uses, ForeignUse::How how)
    {
        for (const ForeignUse &use : uses)
            if (use.how == how)
                return &use;
        return nullptr;
    }
    void writeUucpLock(qint64 pid)
    {
        QFile lock(m_dir.filePath(QStringLiteral("LCK..") + QFileInfo(m_node).fileName()));
        QVERIFY(lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
        lock.write(QByteArray::number(pid).rightJustified(10, ' ') + '\n');
    }

private Q_SLOTS:
    void init()
    {
        m_node = m_dir.filePath(QStringLiteral("ttyUSB9"));
        QFile node(m_node);
        QVERIFY(node.open(QIODevice::WriteOnly));
        qputenv("DEVLATCH_UUCP_LOCK_DIR", m_dir.path().toLocal8Bit());
        QFile::remove(m_dir.filePath(QStringLiteral("LCK..ttyUSB9")));
    }

    void nothingWhenUnused() { QVERIFY(findForeignUse({m_node}).isEmpty()); }

    void processWithTheNodeOpen()
    {
        Helper holder;
        QVERIFY(holder.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo ready; exec sleep 600 < \"$0\""), m_node}));
        QVERIFY(!holder.waitForLine("ready").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(find(findForeignUse({m_node}), ForeignUse::How::Open), 10000);
        QTRY_COMPARE(find(findForeignUse({m_node}), ForeignUse::How::Open)->program, QStringLiteral("sleep"));
        const ForeignUse use = *find(findForeignUse({m_node}), ForeignUse::How::Open);
        QCOMPARE(use.pid, holder.pid());
        QCOMPARE(use.program, QStringLiteral("sleep"));
        QCOMPARE(use.describe(), QStringLiteral("sleep (pid %1) has %2 open").arg(holder.pid()).arg(m_node));
    }

    void flockOnTheNode()
    {
        Helper holder;
        QVERIFY(startFlockHolder(holder, m_node));
        const QList<ForeignUse> uses = findForeignUse({m_node});
        const ForeignUse *use = find(uses, ForeignUse::How::Lock);
        QVERIFY(use);
        QCOMPARE(use->pid, holder.pid());
        QCOMPARE(use->program, QStringLiteral("flock"));
    }

    void uucpLockWithLiveAndDeadPid()
    {
        Helper alive;
        QVERIFY(alive.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo ready; exec sleep 600")}));
        QVERIFY(!alive.waitForLine("ready").isEmpty());
        writeUucpLock(alive.pid());
        const QList<ForeignUse> uses = findForeignUse({m_node});
        const ForeignUse *use = find(uses, ForeignUse::How::UucpLock);
        QVERIFY(use);
        QCOMPARE(use->pid, alive.pid());
        QTRY_COMPARE(find(findForeignUse({m_node}), ForeignUse::How::UucpLock)->program, QStringLiteral("sleep")); // after exec

        QProcess reaped;
        reaped.start(QStringLiteral("true"), {});
        QVERIFY(reaped.waitForFinished());
        writeUucpLock(reaped.processId() > 0 ? reaped.processId() : 4194303); // that pid has exited
        QVERIFY2(!find(findForeignUse({m_node}), ForeignUse::How::UucpLock), "a stale UUCP lock is nobody's use");
    }

    void lookingNeverOpensTheNode()
    {
        Helper holder;
        QVERIFY(startFlockHolder(holder, m_node)); // something to find
        const int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        QVERIFY(watch >= 0);
        QVERIFY(inotify_add_watch(watch, m_node.toLocal8Bit().constData(), IN_OPEN | IN_ACCESS | IN_MODIFY) >= 0);
        QVERIFY(!findForeignUse({m_node}).isEmpty());
        char buffer[4096];
        const ssize_t got = read(watch, buffer, sizeof buffer);
        close(watch);
        QVERIFY2(got <= 0, "findForeignUse opened the node");
    }
};

QTEST_GUILESS_MAIN(TestForeignUse)
#include "tst_foreignuse.moc"
