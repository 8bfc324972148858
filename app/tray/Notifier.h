// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>

class QSystemTrayIcon;

namespace devlatch::tray {

class NotificationBackend;
class TraySettings;

// Desktop notifications: through the desktop's notification server where there is one
// (freedesktop.org Notifications over D-Bus: an icon, and buttons such as "Release" where the
// server supports actions), otherwise through the tray icon's balloon. Honours the person's
// on/off setting. Keeps what it said so tests and the window can show it.
class Notifier final : public QObject {
    Q_OBJECT

public:
    enum class Kind { Information, Warning };
    struct Action {
        QString key;   // "release", "claim", ... handed back by actionInvoked
        QString label; // what the button says
    };

    explicit Notifier(TraySettings &settings, QObject *parent = nullptr);
    ~Notifier() override;
    void setTrayIcon(QSystemTrayIcon *icon);

    // `deviceId` and `actions` make buttons where the server has them; a click on the
    // notification itself is the action "default".
    void notify(const QString &title, const QString &text, Kind kind = Kind::Information, const QString &deviceId = {},
                const QList<Action> &actions = {});
    QStringList history() const { return m_history; }
    bool supportsActions() const;

Q_SIGNALS:
    void notified(const QString &title, const QString &text);
    void actionInvoked(const QString &deviceId, const QString &action);

private:
    TraySettings &m_settings;
    QSystemTrayIcon *m_icon = nullptr;
    std::unique_ptr<NotificationBackend> m_desktop; // null: no notification server
    QString m_lastDevice;                            // for a click on a tray balloon
    QStringList m_history;
};

// One way of showing notifications (NotificationBackend_<os>.cpp).
class NotificationBackend : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    // The desktop's own notification service, or null when there is none.
    static std::unique_ptr<NotificationBackend> forThisDesktop(QObject *parent = nullptr);

    virtual bool supportsActions() const = 0;
    virtual void show(const QString &title, const QString &text, Notifier::Kind kind, const QIcon &icon,
                      const QString &deviceId, const QList<Notifier::Action> &actions) = 0;

Q_SIGNALS:
    void actionInvoked(const QString &deviceId, const QString &action);
    void failed(); // the service went away: use the tray balloon from now on
};

} // namespace devlatch::tray
