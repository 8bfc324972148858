#include "Notifier.h"

#include "TraySettings.h"

#include <QSystemTrayIcon>

namespace devlatch::tray {

namespace {
constexpr int kHistory = 50;
constexpr int kShowMs = 8000;
} // namespace

Notifier::Notifier(TraySettings &settings, QObject *parent) : QObject(parent), m_settings(settings) {}

void Notifier::notify(const QString &title, const QString &text, Kind kind)
{
    m_history.prepend(title + QStringLiteral(": ") + text);
    if (m_history.size() > kHistory)
        m_history.removeLast();
    Q_EMIT notified(title, text);
    if (!m_icon || !m_settings.notificationsEnabled() || !QSystemTrayIcon::supportsMessages())
        return;
    m_icon->showMessage(title, text,
                        kind == Kind::Warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, kShowMs);
}

} // namespace devlatch::tray
