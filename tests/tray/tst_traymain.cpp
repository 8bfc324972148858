// SPDX-License-Identifier: MIT
// The devlatch program where there is no desktop (SSH, cron, CI), item 8: --help, --version
// and --state need no GUI platform and never abort; a plain start says why it cannot run.

#include "TestSupport.h"

#include <QProcessEnvironment>

using namespace devlatch::test;

class TestTrayMain final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_runtime;

    Finished runHeadless(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
        env.insert(QStringLiteral("DEVLATCH_INSTANCE_NAME"), QStringLiteral("devlatch-main-test-%1").arg(QCoreApplication::applicationPid()));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(TestPaths::tray(), arguments);
        Finished result;
        if (!process.waitForFinished(30000))
            return result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 128 + 6;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

private Q_SLOTS:
    void helpAndVersionNeedNoDisplay()
    {
        const Finished help = runHeadless({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains("--state"), help.out.constData());
        for (const char *option : {"--version", "-V", "-v"}) {
            const Finished version = runHeadless({QString::fromLatin1(option)});
            QCOMPARE(version.exitCode, 0);
            QVERIFY2(version.out == "devlatch " DEVLATCH_VERSION "\n", version.out.constData());
        }
    }

    void stateWithoutARunningTraySaysSo()
    {
        const Finished state = runHeadless({QStringLiteral("--state")});
        QCOMPARE(state.exitCode, 1);
        QVERIFY2(state.err.contains("devlatch is not running"), state.err.constData());
    }

    void plainStartWithoutDisplayExplains()
    {
        const Finished start = runHeadless({});
        QCOMPARE(start.exitCode, 1);
        QVERIFY2(start.err.contains("no desktop session"), start.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTrayMain)
#include "tst_traymain.moc"
