#include "TraySettings.h"

namespace devlatch::tray {

namespace {
constexpr int kRecentLimit = 15;
}

TraySettings::TraySettings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("devlatch"), QStringLiteral("devlatch-tray"))
{
}

TraySettings::TraySettings(const QString &file) : m_settings(file, QSettings::IniFormat) {}

QString TraySettings::key(const QString &deviceId, const char *field)
{
    const QByteArray encoded = deviceId.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QStringLiteral("devices/%1/%2").arg(QString::fromLatin1(encoded), QLatin1String(field));
}

QString TraySettings::alias(const QString &deviceId) const
{
    return m_settings.value(key(deviceId, "alias")).toString();
}

void TraySettings::setAlias(const QString &deviceId, const QString &alias)
{
    if (alias.trimmed().isEmpty())
        m_settings.remove(key(deviceId, "alias"));
    else
        m_settings.setValue(key(deviceId, "alias"), alias.trimmed());
}

QString TraySettings::note(const QString &deviceId) const
{
    return m_settings.value(key(deviceId, "note")).toString();
}

void TraySettings::setNote(const QString &deviceId, const QString &note)
{
    if (note.isEmpty())
        m_settings.remove(key(deviceId, "note"));
    else
        m_settings.setValue(key(deviceId, "note"), note);
}

bool TraySettings::claimAtLogin(const QString &deviceId) const
{
    return claimAtLoginDevices().contains(deviceId);
}

void TraySettings::setClaimAtLogin(const QString &deviceId, bool on)
{
    QStringList devices = claimAtLoginDevices();
    devices.removeAll(deviceId);
    if (on)
        devices << deviceId;
    m_settings.setValue(QStringLiteral("claimAtLogin"), devices);
}

QStringList TraySettings::claimAtLoginDevices() const
{
    return m_settings.value(QStringLiteral("claimAtLogin")).toStringList();
}

bool TraySettings::notificationsEnabled() const
{
    return m_settings.value(QStringLiteral("notifications"), true).toBool();
}

void TraySettings::setNotificationsEnabled(bool on)
{
    m_settings.setValue(QStringLiteral("notifications"), on);
}

QString TraySettings::scope() const
{
    return m_settings.value(QStringLiteral("scope")).toString();
}

void TraySettings::setScope(const QString &scope)
{
    m_settings.setValue(QStringLiteral("scope"), scope);
}

QStringList TraySettings::recentlyUsed() const
{
    return m_settings.value(QStringLiteral("recent")).toStringList();
}

void TraySettings::touch(const QString &deviceId)
{
    QStringList recent = recentlyUsed();
    recent.removeAll(deviceId);
    recent.prepend(deviceId);
    m_settings.setValue(QStringLiteral("recent"), recent.mid(0, kRecentLimit));
}

} // namespace devlatch::tray
