// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QSettings>
#include <QStringList>

namespace devlatch::tray {

// The tray's own settings (QSettings INI: ~/.config/devlatch/devlatch-tray.ini): per-device
// pinned note and "claim at login", notifications, scope, menu size, icon style, recently
// used devices and the window's layout. Aliases are not here: they live in aliases.conf,
// where devlatchctl reads them too. Device ids may contain '/', which QSettings reads as a
// group separator, so ids are stored base64url-encoded.
class TraySettings final {
public:
    TraySettings();
    explicit TraySettings(const QString &file); // tests

    // A note given to every claim of the device (pinned); an unpinned note belongs to one claim.
    QString pinnedNote(const QString &deviceId) const;
    void setPinnedNote(const QString &deviceId, const QString &note);
    bool claimAtLogin(const QString &deviceId) const;
    void setClaimAtLogin(const QString &deviceId, bool on);
    QStringList claimAtLoginDevices() const;
    // Aliases earlier versions kept here, by device id; removed from here once read.
    QHash<QString, QString> takeLegacyAliases();
    // Moves them into aliases.conf (a name or device already there wins), for every program.
    void moveLegacyAliases();

    bool notificationsEnabled() const;
    void setNotificationsEnabled(bool on);
    QString scope() const; // "machine", "user" or empty: use devlatch.conf
    void setScope(const QString &scope);
    int menuSize() const; // devices listed in the tray menu before "N more…"
    void setMenuSize(int devices);
    bool monochromeIcon() const;
    void setMonochromeIcon(bool on);

    QStringList recentlyUsed() const; // most recent first
    void touch(const QString &deviceId);

    QByteArray windowGeometry() const;
    QByteArray tableLayout() const;
    void setWindowLayout(const QByteArray &geometry, const QByteArray &table);

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

    static constexpr int kDefaultMenuSize = 15;
    static constexpr int kMinMenuSize = 3;
    static constexpr int kMaxMenuSize = 60;

private:
    static QString key(const QString &deviceId, const char *field);
    mutable QSettings m_settings;
};

} // namespace devlatch::tray
