// SPDX-License-Identifier: MIT
// Unix desktops: the freedesktop.org Notifications service over D-Bus (GNOME, KDE, XFCE,
// dunst, ...). Calls are asynchronous: a hung notification server never blocks the tray.
// One notification per device at a time: a new one replaces the device's previous one.

#include "Notifier.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QHash>
#include <QImage>
#include <QSet>

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

// The "image-data" hint: (iiibiiay), raw RGBA.
struct NotificationImage {
    int width = 0, height = 0, rowStride = 0;
    bool hasAlpha = true;
    int bitsPerSample = 8, channels = 4;
    QByteArray data;
};

QDBusArgument &operator<<(QDBusArgument &argument, const NotificationImage &image)
{
    argument.beginStructure();
    argument << image.width << image.height << image.rowStride << image.hasAlpha << image.bitsPerSample
             << image.channels << image.data;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, NotificationImage &image)
{
    argument.beginStructure();
    argument >> image.width >> image.height >> image.rowStride >> image.hasAlpha >> image.bitsPerSample
        >> image.channels >> image.data;
    argument.endStructure();
    return argument;
}

} // namespace

Q_DECLARE_METATYPE(NotificationImage)

namespace devlatch::tray {

namespace {

class FreeDesktopNotifications final : public NotificationBackend {
    Q_OBJECT

public:
    explicit FreeDesktopNotifications(QObject *parent) : NotificationBackend(parent)
    {
        qDBusRegisterMetaType<NotificationImage>();
        QDBusConnection bus = QDBusConnection::sessionBus();
        bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                    SLOT(onActionInvoked(uint,QString)));
        bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                    SLOT(onClosed(uint,uint)));
        auto *watcher = new QDBusPendingCallWatcher(
            bus.asyncCall(QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"))),
            this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
            const QDBusPendingReply<QStringList> reply = *call;
            m_actions = reply.isValid() && reply.value().contains(QStringLiteral("actions"));
            call->deleteLater();
        });
    }

    bool supportsActions() const override { return m_actions; }

    void show(const QString &title, const QString &text, Notifier::Kind kind, const QIcon &icon, const QString &deviceId,
              const QList<Notifier::Action> &actions) override
    {
        QStringList actionList{QStringLiteral("default"), QString()}; // a click on the notification
        for (const Notifier::Action &action : actions)
            actionList << action.key << action.label;
        QVariantMap hints;
        hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(kind == Notifier::Kind::Warning ? 2 : 1)));
        hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("devlatch"));
        const QImage image = icon.pixmap(48, 48).toImage().convertToFormat(QImage::Format_RGBA8888);
        NotificationImage data{image.width(), image.height(), int(image.bytesPerLine()), true, 8, 4,
                               QByteArray(reinterpret_cast<const char *>(image.constBits()), int(image.sizeInBytes()))};
        hints.insert(QStringLiteral("image-data"), QVariant::fromValue(data));
        QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
        call << QStringLiteral("devlatch") << 0u << QString() << title << text << actionList << hints << -1;
        if (!deviceId.isEmpty() && m_inFlight.contains(deviceId)) {
            // The id to replace is still on its way: sent without it, this one would stack
            // beside the previous one. The newest waits for the id; older waiting ones are moot.
            m_nextForDevice.insert(deviceId, call);
            return;
        }
        send(call, deviceId);
    }

private:
    void send(QDBusMessage call, const QString &deviceId)
    {
        QList<QVariant> arguments = call.arguments();
        arguments[1] = QVariant::fromValue(m_idByDevice.value(deviceId, 0u)); // replaces_id
        call.setArguments(arguments);
        if (!deviceId.isEmpty())
            m_inFlight.insert(deviceId);
        auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, deviceId](QDBusPendingCallWatcher *pending) {
            const QDBusPendingReply<uint> reply = *pending;
            pending->deleteLater();
            m_inFlight.remove(deviceId);
            if (!reply.isValid()) {
                m_nextForDevice.clear();
                Q_EMIT failed(); // the Notifier drops this backend
                return;
            }
            m_deviceById.insert(reply.value(), deviceId);
            if (!deviceId.isEmpty())
                m_idByDevice.insert(deviceId, reply.value());
            if (m_nextForDevice.contains(deviceId))
                send(m_nextForDevice.take(deviceId), deviceId);
        });
    }

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action)
    {
        if (m_deviceById.contains(id))
            Q_EMIT actionInvoked(m_deviceById.value(id), action);
    }
    void onClosed(uint id, uint)
    {
        const QString device = m_deviceById.take(id);
        if (!device.isEmpty() && m_idByDevice.value(device) == id)
            m_idByDevice.remove(device);
    }

private:
    bool m_actions = false;
    QHash<uint, QString> m_deviceById;
    QHash<QString, uint> m_idByDevice;
    QSet<QString> m_inFlight;                    // devices whose Notify has not answered yet
    QHash<QString, QDBusMessage> m_nextForDevice; // the newest notification waiting for that answer
};

} // namespace

std::unique_ptr<NotificationBackend> NotificationBackend::forThisDesktop(QObject *parent)
{
    if (qEnvironmentVariable("DEVLATCH_NOTIFICATIONS") == u"tray") // the balloon only (tests, odd desktops)
        return nullptr;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return nullptr;
    const bool running = bus.interface()->isServiceRegistered(kService);
    const QDBusReply<QStringList> activatable = bus.interface()->call(QStringLiteral("ListActivatableNames"));
    if (!running && !(activatable.isValid() && activatable.value().contains(kService)))
        return nullptr;
    return std::make_unique<FreeDesktopNotifications>(parent);
}

} // namespace devlatch::tray

#include "NotificationBackend_unix.moc"
