// SPDX-License-Identifier: MIT
#include "TrayTestSupport.h"

#include "tray/SingleInstance.h"

#include <QDir>
#include <QSignalSpy>

using namespace devlatch::test;
using devlatch::tray::SingleInstance;

class TestSingleInstance final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void secondLaunchHandsOverAndExits()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        const QByteArray name = "devlatch-test-" + QByteArray::number(QCoreApplication::applicationPid());
        qputenv("DEVLATCH_INSTANCE_NAME", name);
        SingleInstance primary;
        QVERIFY(primary.becomePrimary());
        QSignalSpy received(&primary, &SingleInstance::messageReceived);

        // The real program, launched again, hands over "show" and exits at once.
        QProcess launch;
        launch.start(TestPaths::tray(), {});
        QVERIFY(launch.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(launch.state() == QProcess::NotRunning, 20000);
        QCOMPARE(launch.exitCode(), 0);
        // Said on the terminal, not a silent return that looks like a crash.
        const QByteArray said = launch.readAllStandardError();
        QVERIFY2(said.contains("devlatch is already running: its Devices window was shown"), said.constData());
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);
        QCOMPARE(received.first().first().toByteArray(), QByteArray("show"));
        qunsetenv("DEVLATCH_INSTANCE_NAME");
    }

    void staleSocketOfACrashedInstanceIsTakenOver()
    {
        const QByteArray name = "devlatch-test-stale-" + QByteArray::number(QCoreApplication::applicationPid());
        qputenv("DEVLATCH_INSTANCE_NAME", name);
        // What a crashed instance leaves behind: a socket path nobody listens on.
        QFile stale(QDir::temp().filePath(QString::fromLatin1(name)));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
        SingleInstance fresh;
        QVERIFY(fresh.becomePrimary());
        qunsetenv("DEVLATCH_INSTANCE_NAME");
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
