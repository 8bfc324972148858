// SPDX-License-Identifier: MIT
// The sentences for lock problems and records: every problem is worded, advice to remove
// anything comes with "when nobody holds" and a way to check, and record text is escaped.

#include "model/LockWording.h"

#include <QTest>

using namespace devlatch;
using Kind = lock::LockProblem::Kind;

class TestLockWording final : public QObject {
    Q_OBJECT

private:
    static lock::LockProblem problem(Kind kind)
    {
        lock::LockProblem p;
        p.kind = kind;
        p.path = "/run/lock/devlatch/rig-8a11c11961161949.lock";
        p.systemError = 13;
        p.owner = 4242;
        p.mode = 0600;
        p.links = 2;
        p.operation = "open";
        return p;
    }

private Q_SLOTS:
    void everyProblemIsWorded()
    {
        QVERIFY(LockWording::problem({}).isEmpty());
        for (int kind = int(Kind::DirectoryMissing); kind <= int(Kind::System); ++kind) {
            const QString text = LockWording::problem(problem(Kind(kind)), QStringLiteral("rig"));
            QVERIFY2(text.size() > 30, qPrintable(QStringLiteral("%1: %2").arg(kind).arg(text)));
            QVERIFY2(!text.contains(QStringLiteral("%1")) && !text.contains(QStringLiteral("%2")), qPrintable(text));
        }
    }

    // No message advises removing a lock file (or what sits at its path) without "when nobody
    // holds" and a way to check.
    void removalIsAdvisedOnlyWithACheck()
    {
        for (int kind = int(Kind::DirectoryMissing); kind <= int(Kind::System); ++kind) {
            for (const QString &device : {QString(), QStringLiteral("rig")}) {
                const QString text = LockWording::problem(problem(Kind(kind)), device);
                QVERIFY2(!text.contains(QStringLiteral("rm ")), qPrintable(text));
                if (!text.contains(QStringLiteral("remove"), Qt::CaseInsensitive) || kind == int(Kind::LockFileHardLinked)
                    || kind == int(Kind::LockFileReplaced) || kind == int(Kind::DirectorySymlink)
                    || kind == int(Kind::DirectoryNotADirectory))
                    continue; // a link's other name or a non-directory is no lock anybody holds
                QVERIFY2(text.contains(QStringLiteral("nobody holds")), qPrintable(text));
                QVERIFY2(text.contains(QStringLiteral("check: ")), qPrintable(text));
            }
        }
        QVERIFY(LockWording::problem(problem(Kind::LockFileSymlink), QStringLiteral("rig"))
                    .contains(QStringLiteral("check: devlatchctl who 'rig'")));
        QVERIFY(LockWording::problem(problem(Kind::LockFileSymlink)).contains(QStringLiteral("check: fuser -v ")));
    }

    void missingMachineDirectoryNamesTheCommand()
    {
        QVERIFY(LockWording::problem(problem(Kind::DirectoryNeedsRoot))
                    .contains(QStringLiteral("sudo systemd-tmpfiles --create devlatch.conf")));
    }

    void recordTextIsEscaped()
    {
        QCOMPARE(LockWording::escaped(QStringLiteral("red\x1b[31m!\x07 ok")), QStringLiteral("red\\x1b[31m!\\x07 ok"));
        QCOMPARE(LockWording::escaped(QString(QChar(0x202e)) + QStringLiteral("txt.exe")), QStringLiteral("\\u202etxt.exe"));
        QCOMPARE(LockWording::escaped(QString(QChar(0x9b))), QStringLiteral("\\x9b")); // C1 CSI
        QCOMPARE(LockWording::escaped(QStringLiteral("Grüße, Ünïcödé")), QStringLiteral("Grüße, Ünïcödé"));
        lock::HolderRecord record;
        record.pid = 42;
        record.program = "evil\x1b]0;title\x07";
        record.user = "lab1";
        record.note = "line\rover";
        const QString text = LockWording::holder(record);
        QVERIFY2(!text.contains(QChar(0x1b)) && !text.contains(QChar(0x07)) && !text.contains(QChar(u'\r')), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("evil\\x1b]0;title\\x07 (pid 42) of lab1: line\\x0dover")));
    }
};

QTEST_APPLESS_MAIN(TestLockWording)
#include "tst_lockwording.moc"
