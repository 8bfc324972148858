#pragma once

#include <QObject>
#include <QStringList>

class QSystemTrayIcon;

namespace devlatch::tray {

class TraySettings;

// Desktop notifications through the tray icon: honours the user's on/off setting and
// QSystemTrayIcon::supportsMessages(). Keeps what it said so tests and the window can show it.
class Notifier final : public QObject {
    Q_OBJECT

public:
    Notifier(TraySettings &settings, QObject *parent = nullptr);
    void setTrayIcon(QSystemTrayIcon *icon) { m_icon = icon; }

    enum class Kind { Information, Warning };
    void notify(const QString &title, const QString &text, Kind kind = Kind::Information);
    QStringList history() const { return m_history; }

Q_SIGNALS:
    void notified(const QString &title, const QString &text);

private:
    TraySettings &m_settings;
    QSystemTrayIcon *m_icon = nullptr;
    QStringList m_history;
};

} // namespace devlatch::tray
