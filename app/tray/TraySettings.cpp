// SPDX-License-Identifier: MIT
#include "TraySettings.h"

#include "config/DeviceAliases.h"

#include <algorithm>

namespace devlatch::tray {

namespace {
constexpr int kRecentLimit = 15;
const QString kDevices = QStringLiteral("devices");
} // namespace

TraySettings::TraySettings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("devlatch"), QStringLiteral("devlatch-tray"))
{
}

TraySettings::TraySettings(const QString &file) : m_settings(file, QSettings::IniFormat) {}

QString TraySettings::key(const QString &deviceId, const char *field)
{
    const QByteArray encoded = deviceId.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QStringLiteral("%1/%2/%3").arg(kDevices, QString::fromLatin1(encoded), QLatin1String(field));
}

QString TraySettings::pinnedNote(const QString &deviceId) const
{
    return m_settings.value(key(deviceId, "note")).toString();
}

void TraySettings::setPinnedNote(const QString &deviceId, const QString &note)
{
    if (note.isEmpty())
        m_settings.remove(key(deviceId, "note"));
    else
        m_settings.setValue(key(deviceId, "note"), note);
}

QHash<QString, QString> TraySettings::takeLegacyAliases()
{
    QHash<QString, QString> aliases;
    m_settings.beginGroup(kDevices);
    for (const QString &encoded : m_settings.childGroups()) {
        const QString alias = m_settings.value(encoded + QStringLiteral("/alias")).toString();
        if (alias.isEmpty())
            continue;
        const QByteArray id = QByteArray::fromBase64(encoded.toLatin1(), QByteArray::Base64UrlEncoding);
        aliases.insert(QString::fromUtf8(id), alias);
        m_settings.remove(encoded + QStringLiteral("/alias"));
    }
    m_settings.endGroup();
    return aliases;
}

void TraySettings::moveLegacyAliases()
{
    // Earlier versions kept aliases here, where devlatchctl never saw them.
    const QHash<QString, QString> legacy = takeLegacyAliases();
    if (legacy.isEmpty())
        return;
    DeviceAliases aliases = DeviceAliases::load();
    for (auto it = legacy.cbegin(); it != legacy.cend(); ++it) {
        const bool taken = std::any_of(aliases.entries.begin(), aliases.entries.end(), [&it](const DeviceAlias &a) {
            return a.id == it.key() || a.name.compare(it.value(), Qt::CaseInsensitive) == 0;
        });
        if (!taken)
            aliases.entries << DeviceAlias{it.key(), it.value(), {}};
    }
    DeviceAliases::save(aliases.entries);
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
    if (scope.isEmpty())
        m_settings.remove(QStringLiteral("scope"));
    else
        m_settings.setValue(QStringLiteral("scope"), scope);
}

int TraySettings::menuSize() const
{
    return std::clamp(m_settings.value(QStringLiteral("menuSize"), kDefaultMenuSize).toInt(), kMinMenuSize, kMaxMenuSize);
}

void TraySettings::setMenuSize(int devices)
{
    m_settings.setValue(QStringLiteral("menuSize"), std::clamp(devices, kMinMenuSize, kMaxMenuSize));
}

bool TraySettings::monochromeIcon() const
{
    return m_settings.value(QStringLiteral("monochromeIcon"), false).toBool();
}

void TraySettings::setMonochromeIcon(bool on)
{
    m_settings.setValue(QStringLiteral("monochromeIcon"), on);
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

QByteArray TraySettings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray TraySettings::tableLayout() const
{
    return m_settings.value(QStringLiteral("window/table")).toByteArray();
}

void TraySettings::setWindowLayout(const QByteArray &geometry, const QByteArray &table)
{
    m_settings.setValue(QStringLiteral("window/geometry"), geometry);
    m_settings.setValue(QStringLiteral("window/table"), table);
}

} // namespace devlatch::tray
