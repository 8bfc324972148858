// SPDX-License-Identifier: MIT
// A stand-in desktop notification server (org.freedesktop.Notifications) for tests: prints
// every Notify call as one JSON line on stdout and, for each "ID KEY" line on stdin, emits
// ActionInvoked(ID, KEY) as a person's click on a button would. `--no-actions`: a server
// without buttons.

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusError>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QVariantMap>

#include <cstdio>
#include <unistd.h>

class FakeNotifications final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    explicit FakeNotifications(bool actions) : m_actions(actions) {}

public Q_SLOTS:
    QStringList GetCapabilities()
    {
        return m_actions ? QStringList{QStringLiteral("actions"), QStringLiteral("body")} : QStringList{QStringLiteral("body")};
    }
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary, const QString &body,
                const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        const uint id = replaces != 0 ? replaces : ++m_last;
        int imageWidth = 0;
        if (hints.contains(QStringLiteral("image-data"))) {
            const QDBusArgument image = hints.value(QStringLiteral("image-data")).value<QDBusArgument>();
            image.beginStructure();
            image >> imageWidth;
        }
        const QJsonObject line{{QStringLiteral("id"), int(id)},
                               {QStringLiteral("replaces"), int(replaces)},
                               {QStringLiteral("app"), app},
                               {QStringLiteral("icon"), icon},
                               {QStringLiteral("summary"), summary},
                               {QStringLiteral("body"), body},
                               {QStringLiteral("actions"), QJsonArray::fromStringList(actions)},
                               {QStringLiteral("imageWidth"), imageWidth},
                               {QStringLiteral("urgency"), hints.value(QStringLiteral("urgency")).toInt()},
                               {QStringLiteral("timeout"), timeout}};
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        return id;
    }
    void CloseNotification(uint id) { Q_EMIT NotificationClosed(id, 3); }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &key);
    void NotificationClosed(uint id, uint reason);

private:
    bool m_actions;
    uint m_last = 0;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    FakeNotifications server(!app.arguments().contains(QStringLiteral("--no-actions")));
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &server,
                            QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)
        || !bus.registerService(QStringLiteral("org.freedesktop.Notifications"))) {
        std::fprintf(stderr, "cannot register: %s\n", qPrintable(bus.lastError().message()));
        return 1;
    }
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&server, &input] {
        char line[256];
        if (!std::fgets(line, sizeof line, stdin)) {
            input.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        const QStringList parts = QString::fromLatin1(line).trimmed().split(u' ');
        if (parts.size() == 2)
            Q_EMIT server.ActionInvoked(parts.at(0).toUInt(), parts.at(1));
    });
    std::printf("ready\n");
    std::fflush(stdout);
    return QCoreApplication::exec();
}

#include "devlatch-test-notifications.moc"
