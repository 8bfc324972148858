#pragma once

#include <QSettings>
#include <QStringList>

namespace devlatch::tray {

// The tray's own settings (QSettings: ~/.config/devlatch/devlatch-tray.conf): per-device
// alias, default note and "claim at login", notifications, scope, recently used devices.
// Device ids may contain '/', which QSettings reads as a group separator, so ids are
// stored base64url-encoded.
class TraySettings final {
public:
    TraySettings();
    explicit TraySettings(const QString &file); // tests

    QString alias(const QString &deviceId) const;
    void setAlias(const QString &deviceId, const QString &alias);
    QString note(const QString &deviceId) const;
    void setNote(const QString &deviceId, const QString &note);
    bool claimAtLogin(const QString &deviceId) const;
    void setClaimAtLogin(const QString &deviceId, bool on);
    QStringList claimAtLoginDevices() const;

    bool notificationsEnabled() const;
    void setNotificationsEnabled(bool on);
    QString scope() const; // "machine", "user" or empty: use devlatch.conf
    void setScope(const QString &scope);

    QStringList recentlyUsed() const; // most recent first
    void touch(const QString &deviceId);

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    static QString key(const QString &deviceId, const char *field);
    mutable QSettings m_settings;
};

} // namespace devlatch::tray
