// SPDX-License-Identifier: MIT
#include "Notifier.h"

#include "Icons.h"
#include "TraySettings.h"

#include <QSystemTrayIcon>

namespace devlatch::tray {

namespace {
constexpr int kHistory = 50;
constexpr int kShowMs = 8000;
} // namespace

Notifier::Notifier(TraySettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_desktop(NotificationBackend::forThisDesktop(this))
{
    if (m_desktop) {
        connect(m_desktop.get(), &NotificationBackend::actionInvoked, this, &Notifier::actionInvoked);
        // Deleted later: it is in the middle of emitting.
        connect(m_desktop.get(), &NotificationBackend::failed, this, [this] { m_desktop.release()->deleteLater(); });
    }
}

Notifier::~Notifier() = default;

void Notifier::setTrayIcon(QSystemTrayIcon *icon)
{
    m_icon = icon;
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT actionInvoked(m_lastDevice, QStringLiteral("default")); });
}

bool Notifier::supportsActions() const
{
    return m_desktop && m_desktop->supportsActions();
}

void Notifier::notify(const QString &title, const QString &text, Kind kind, const QString &deviceId,
                      const QList<Action> &actions)
{
    m_history.prepend(title + QStringLiteral(": ") + text);
    if (m_history.size() > kHistory)
        m_history.removeLast();
    Q_EMIT notified(title, text);
    if (!m_settings.notificationsEnabled())
        return;
    const QIcon icon = Icons::tray(kind == Kind::Warning ? Icons::TrayState::Attention : Icons::TrayState::Holding);
    if (m_desktop) {
        m_desktop->show(title, text, kind, icon, deviceId, actions);
        return;
    }
    if (!m_icon || !QSystemTrayIcon::supportsMessages())
        return;
    // Our own icon, never the stock warning one (which some panels put in the tray itself).
    m_lastDevice = deviceId;
    m_icon->showMessage(title, text, icon, kShowMs);
}

} // namespace devlatch::tray
