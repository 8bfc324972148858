// SPDX-License-Identifier: MIT
// Notifications through a desktop notification server (a stand-in on a private D-Bus
// session bus): our icon, buttons that act ("Release", "Claim now"), one notification per
// device at a time; and the tray balloon where there is no server.

#include "TrayTestSupport.h"

#include "tray/Notifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QStandardPaths>

#include <csignal>

using namespace devlatch;
using namespace devlatch::test;

class TestNotifier final : public QObject {
    Q_OBJECT

private:
    QProcess m_bus;
    Helper m_server;

    QJsonObject nextNotification()
    {
        const QByteArray line = m_server.waitForLine("{", 10000);
        return QJsonDocument::fromJson(line).object();
    }
    // Skips other notifications (e.g. "… is busy") until one with this summary, or none in time.
    // Polls with qWait, not a blocking read: the controller needs the event loop to see changes.
    QJsonObject notificationWithSummary(const QString &summary)
    {
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (!m_server.process().canReadLine()) {
                QTest::qWait(20);
                continue;
            }
            const QByteArray line = m_server.process().readLine().trimmed();
            const QJsonObject notification = QJsonDocument::fromJson(line).object();
            if (notification.value(QStringLiteral("summary")).toString() == summary)
                return notification;
            qInfo() << "skipped notification" << line;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            QSKIP("dbus-daemon is not installed (make test installs it)");
        // A private session bus: nothing of the desktop's, before anything connects to one.
        m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--session"), QStringLiteral("--nofork"),
                                                    QStringLiteral("--print-address=1")});
        QVERIFY(m_bus.waitForReadyRead(10000));
        const QByteArray address = m_bus.readLine().trimmed();
        QVERIFY(!address.isEmpty());
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        QVERIFY(m_server.start(TestPaths::notifications(), {}));
        QVERIFY(!m_server.waitForLine("ready").isEmpty());
    }
    void cleanupTestCase()
    {
        m_server.stop();
        m_bus.terminate();
        m_bus.waitForFinished();
    }

    void iconButtonsAndOnePerDevice()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        tray::TraySettings settings(world.settingsPath());
        tray::Notifier notifier(settings);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), 10000);
        notifier.notify(QStringLiteral("Bench PSU is yours"), QStringLiteral("It became free"), tray::Notifier::Kind::Information,
                        QStringLiteral("psu"), {{QStringLiteral("release"), QStringLiteral("Release")}});
        // The next one about the same device replaces it, even sent before the server has
        // answered the first with its id.
        notifier.notify(QStringLiteral("Bench PSU was unplugged"), QString(), tray::Notifier::Kind::Warning, QStringLiteral("psu"));
        const QJsonObject first = nextNotification();
        QCOMPARE(first.value(QStringLiteral("summary")).toString(), QStringLiteral("Bench PSU is yours"));
        QCOMPARE(first.value(QStringLiteral("app")).toString(), QStringLiteral("devlatch"));
        QCOMPARE(first.value(QStringLiteral("imageWidth")).toInt(), 48); // our icon, not a stock one
        QCOMPARE(first.value(QStringLiteral("actions")).toArray().toVariantList(),
                 (QVariantList{QStringLiteral("default"), QString(), QStringLiteral("release"), QStringLiteral("Release")}));
        const QJsonObject second = notificationWithSummary(QStringLiteral("Bench PSU was unplugged")); // needs the event loop
        QCOMPARE(second.value(QStringLiteral("replaces")).toInt(), first.value(QStringLiteral("id")).toInt());
        QCOMPARE(second.value(QStringLiteral("urgency")).toInt(), 2);
        // A click on a button comes back with the device.
        QSignalSpy invoked(&notifier, &tray::Notifier::actionInvoked);
        m_server.process().write(QByteArray::number(second.value(QStringLiteral("id")).toInt()) + " release\n");
        QTRY_COMPARE_WITH_TIMEOUT(invoked.size(), 1, 10000);
        QCOMPARE(invoked.first(), (QList<QVariant>{QStringLiteral("psu"), QStringLiteral("release")}));
    }

    // "Claim now" on "X is free" claims it; "Release" on "X is yours" releases it.
    void buttonsActThroughTheController()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        QTRY_VERIFY_WITH_TIMEOUT(controller->notifier().supportsActions(), 10000);
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::Held, 5000);
        controller->notifyWhenFree(QStringLiteral("psu"));
        holder.signal(SIGTERM);
        const QJsonObject isFree = notificationWithSummary(QStringLiteral("Bench PSU is free"));
        QVERIFY2(!isFree.isEmpty(), "no \"Bench PSU is free\" notification");
        QVERIFY(isFree.value(QStringLiteral("actions")).toArray().contains(QStringLiteral("claim")));
        m_server.process().write(QByteArray::number(isFree.value(QStringLiteral("id")).toInt()) + " claim\n");
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::HeldByMe, 10000);
    }

    void withoutAServerTheTrayBalloonIsUsed()
    {
        qputenv("DEVLATCH_NOTIFICATIONS", "tray");
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        tray::TraySettings settings(world.settingsPath());
        tray::Notifier notifier(settings);
        QVERIFY(!notifier.supportsActions());
        QSignalSpy notified(&notifier, &tray::Notifier::notified);
        notifier.notify(QStringLiteral("t"), QStringLiteral("x"));
        QCOMPARE(notified.size(), 1); // said (and kept for the window), without a server
        QCOMPARE(notifier.history().first(), QStringLiteral("t: x"));
        qunsetenv("DEVLATCH_NOTIFICATIONS");
    }
};

QTEST_MAIN(TestNotifier)
#include "tst_notifier.moc"
