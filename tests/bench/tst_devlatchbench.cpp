// SPDX-License-Identifier: MIT
// devlatch-bench as a person starts it: --help says what it measures and runs nothing, a
// wrong option or section is a usage error, --only runs the one section asked for.

#include "TestSupport.h"

using namespace devlatch::test;

namespace {

Finished bench(const QStringList &arguments)
{
    return run(TestPaths::bench(), arguments, 120000);
}

} // namespace

class TestDevlatchBench final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpListsSectionsAndRunsNothing_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("--help") << QStringLiteral("--help");
        QTest::newRow("-h") << QStringLiteral("-h");
    }
    void helpListsSectionsAndRunsNothing()
    {
        QFETCH(QString, option);
        const Finished help = bench({option});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: devlatch-bench [--rounds N] [--only SECTION]"), help.out);
        for (const char *needle : {"--rounds N", "--only SECTION", "--help", "  1  claim + release", "  2  hand-off",
                                   "  3  whole process", "  4  many locks", "  5  reads during", "  6  the lab scope",
                                   "DEVLATCH_LOCK_DIR"})
            QVERIFY2(help.out.contains(needle), needle);
        QVERIFY2(!help.out.contains("lock directory /"), "--help started the benchmark");
        QVERIFY(help.err.isEmpty());
    }

    void wrongOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--fast")} << QByteArray("unknown option \"--fast\"");
        QTest::newRow("section 0") << QStringList{QStringLiteral("--only"), QStringLiteral("0")} << QByteArray("--only needs a section");
        QTest::newRow("section 7") << QStringList{QStringLiteral("--only"), QStringLiteral("7")} << QByteArray("--only needs a section");
        QTest::newRow("section word") << QStringList{QStringLiteral("--only"), QStringLiteral("lab")} << QByteArray("--only needs a section");
        QTest::newRow("--only alone") << QStringList{QStringLiteral("--only")} << QByteArray("--only needs a section");
        QTest::newRow("too few rounds") << QStringList{QStringLiteral("--rounds"), QStringLiteral("3")} << QByteArray("--rounds needs a number");
    }
    void wrongOptionsAreUsageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Finished wrong = bench(arguments);
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains(message), wrong.err);
        QVERIFY2(wrong.err.contains("Usage: devlatch-bench"), wrong.err);
        QVERIFY2(wrong.out.isEmpty(), wrong.out);
    }

    void onlyRunsTheSectionAskedFor()
    {
        const Finished one = bench({QStringLiteral("--only"), QStringLiteral("1"), QStringLiteral("--rounds"), QStringLiteral("10")});
        QVERIFY2(one.exitCode == 0, one.err);
        QVERIFY2(one.out.contains("(1) claim + release of a warm lock"), one.out);
        QVERIFY2(one.out.contains("devlatch DeviceLock acquire+release"), one.out);
        for (const char *other : {"(2)", "(3)", "(4)", "(5)", "(6)"})
            QVERIFY2(!one.out.contains(other), one.out);
    }
};

QTEST_GUILESS_MAIN(TestDevlatchBench)
#include "tst_devlatchbench.moc"
