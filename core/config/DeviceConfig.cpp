// SPDX-License-Identifier: MIT
#include "DeviceConfig.h"

#include "DeviceAliases.h"
#include "IniDiagnostics.h"

#include "lock/LockName.h"
#include "model/NodePath.h"

#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

namespace devlatch {

namespace {

const QString kDevicePrefix = QStringLiteral("device.");

QString warning(const QString &file, int line, const QString &text)
{
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(text)
                    : QStringLiteral("%1: %2").arg(file, text);
}

QStringList toList(const QVariant &value)
{
    QStringList items = value.toStringList();
    if (items.size() == 1 && items.first().contains(u','))
        items = items.first().split(u',');
    QStringList cleaned;
    for (const QString &item : items)
        if (!item.trimmed().isEmpty())
            cleaned << item.trimmed();
    return cleaned;
}

// Reading the files in order: later files override earlier ones key by key.
class ConfigReader {
public:
    void readFile(const QString &path);
    DeviceConfig finish();

private:
    void readGeneral(QSettings &settings);
    void readDevice(QSettings &settings, const QString &group);
    void readLab(QSettings &settings);
    bool validate(const Device &device, const QString &group);
    void warn(int line, const QString &text) { m_config.warnings << warning(m_path, line, text); }

    DeviceConfig m_config;
    QMap<QString, Device> m_byKey;
    QStringList m_order;
    QString m_path;
    IniDiagnostics m_lines;
};

void ConfigReader::readFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return;
    m_path = path;
    if (!info.isReadable()) {
        warn(0, QStringLiteral("cannot be read; ignored"));
        return;
    }
    m_config.files << path;
    m_lines = IniDiagnostics::scanFile(path);
    for (const IniDiagnostics::Problem &problem : std::as_const(m_lines.problems))
        warn(problem.line, problem.text);

    QSettings settings(path, QSettings::IniFormat);
    readGeneral(settings);
    // QSettings knows no section without keys; "[device.lamp]" alone still declares a device.
    QStringList groups = settings.childGroups();
    QMap<int, QString> emptySections; // by line, so they keep the file's order
    for (auto it = m_lines.sectionLine.cbegin(); it != m_lines.sectionLine.cend(); ++it)
        if (it.key().startsWith(kDevicePrefix) && !groups.contains(it.key()))
            emptySections.insert(it.value(), it.key());
    groups += emptySections.values();
    for (const QString &group : std::as_const(groups)) {
        if (group.startsWith(kDevicePrefix))
            readDevice(settings, group);
        else if (group == u"lab")
            readLab(settings);
        else
            warn(m_lines.sectionLine.value(group),
                 QStringLiteral("unknown section [%1]; sections are [lab] and [device.KEY]").arg(group));
    }
    if (settings.status() == QSettings::FormatError && m_lines.problems.isEmpty())
        warn(0, QStringLiteral("is not a valid INI file; parts of it were ignored"));
}

void ConfigReader::readGeneral(QSettings &settings)
{
    const QString scope = settings.value(QStringLiteral("scope")).toString().trimmed();
    if (scope == u"machine" || scope == u"user")
        m_config.scope = scope;
    else if (!scope.isEmpty())
        warn(m_lines.keyLine.value(QStringLiteral("General/scope")),
             QStringLiteral("scope must be machine or user, not \"%1\"").arg(scope));
    if (settings.contains(QStringLiteral("hide")))
        m_config.hide = toList(settings.value(QStringLiteral("hide")));
}

void ConfigReader::readLab(QSettings &settings)
{
    settings.beginGroup(QStringLiteral("lab"));
    LabSettings &lab = m_config.lab;
    static const QStringList known = {QStringLiteral("endpoints"), QStringLiteral("prefix"), QStringLiteral("ttl"),
                                      QStringLiteral("ca"), QStringLiteral("cert"), QStringLiteral("key"),
                                      QStringLiteral("user"), QStringLiteral("password-file"),
                                      QStringLiteral("devices")};
    const auto line = [this](const QString &key) { return m_lines.keyLine.value(QStringLiteral("lab/") + key); };
    for (const QString &key : settings.childKeys())
        if (!known.contains(key))
            warn(line(key), QStringLiteral("unknown key \"%1\" in [lab]; known: %2").arg(key, known.join(QStringLiteral(", "))));
    if (settings.contains(QStringLiteral("endpoints")))
        lab.endpoints = toList(settings.value(QStringLiteral("endpoints")));
    if (settings.contains(QStringLiteral("devices")))
        lab.devices = toList(settings.value(QStringLiteral("devices")));
    if (settings.contains(QStringLiteral("ttl"))) {
        bool ok = false;
        const int ttl = settings.value(QStringLiteral("ttl")).toString().trimmed().toInt(&ok);
        if (ok && ttl >= LabSettings::kMinTtl && ttl <= LabSettings::kMaxTtl)
            lab.ttlSeconds = ttl;
        else
            warn(line(QStringLiteral("ttl")), QStringLiteral("ttl must be %1 to %2 seconds; using %3")
                                                   .arg(LabSettings::kMinTtl).arg(LabSettings::kMaxTtl).arg(lab.ttlSeconds));
    }
    const auto text = [&](const char *key, QString &into) {
        const QString name = QString::fromLatin1(key);
        if (settings.contains(name))
            into = settings.value(name).toString().trimmed();
    };
    text("prefix", lab.prefix);
    text("ca", lab.caFile);
    text("cert", lab.certFile);
    text("key", lab.keyFile);
    text("user", lab.user);
    text("password-file", lab.passwordFile);
    settings.endGroup();
}

void ConfigReader::readDevice(QSettings &settings, const QString &group)
{
    const QString key = group.mid(kDevicePrefix.size());
    Device device = m_byKey.value(key);
    settings.beginGroup(group);
    auto text = [&settings](const char *name) { return settings.value(QLatin1String(name)).toString().trimmed(); };
    if (settings.contains(QStringLiteral("id")) || device.id.isEmpty())
        device.id = settings.contains(QStringLiteral("id")) ? text("id") : key;
    if (settings.contains(QStringLiteral("name")))
        device.name = text("name");
    if (settings.contains(QStringLiteral("alias"))) // another word for name: what people call it
        device.name = text("alias");
    if (settings.contains(QStringLiteral("kind")))
        device.kind = text("kind");
    if (settings.contains(QStringLiteral("nodes")))
        device.nodes = toList(settings.value(QStringLiteral("nodes")));
    settings.endGroup();
    device.source = m_path;
    device.key = key;
    if (!validate(device, group)) {
        m_byKey.remove(key);
        m_order.removeAll(key);
        return;
    }
    if (device.kind.isEmpty())
        device.kind = device.nodes.isEmpty() ? QStringLiteral("resource") : QStringLiteral("device");
    if (!m_byKey.contains(key))
        m_order << key;
    m_byKey.insert(key, device);
}

bool ConfigReader::validate(const Device &device, const QString &group)
{
    const QByteArray idBytes = device.id.toUtf8();
    const std::string problem = lock::validateId({idBytes.constData(), size_t(idBytes.size())});
    if (!problem.empty()) {
        warn(m_lines.sectionLine.value(group),
             QStringLiteral("[%1]: %2; device ignored").arg(group, QString::fromStdString(problem)));
        return false;
    }
    for (const QString &node : device.nodes)
        if (!NodePath::looksLikeNode(node))
            warn(m_lines.keyLine.value(group + QStringLiteral("/nodes")),
                 QStringLiteral("[%1]: node \"%2\" is not a device node (expected %3)")
                     .arg(group, node, NodePath::expectedForm()));
    return true;
}

DeviceConfig ConfigReader::finish()
{
    QSet<QString> seenIds;
    for (const QString &key : std::as_const(m_order)) {
        const Device &device = m_byKey[key];
        if (seenIds.contains(device.id)) {
            m_config.warnings << warning(device.source, 0,
                                         QStringLiteral("device id \"%1\" is configured twice; [device.%2] ignored")
                                             .arg(device.id, key));
            continue;
        }
        seenIds.insert(device.id);
        m_config.devices << device;
    }
    return m_config;
}

} // namespace

QStringList DeviceConfig::defaultFiles()
{
    // GenericConfigLocation: [$XDG_CONFIG_HOME, $XDG_CONFIG_DIRS...]. Lowest priority first.
    const QStringList roots = QStandardPaths::standardLocations(QStandardPaths::GenericConfigLocation);
    QStringList files;
    for (auto it = roots.crbegin(); it != roots.crend(); ++it)
        files << *it + QStringLiteral("/devlatch/devlatch.conf");
    return files;
}

DeviceConfig DeviceConfig::load()
{
    DeviceConfig config = loadFiles(defaultFiles());
    DeviceAliases aliases = DeviceAliases::load();
    config.aliases = aliases.entries;
    config.warnings += aliases.warnings;
    return config;
}

DeviceConfig DeviceConfig::loadFiles(const QStringList &filesSystemFirst)
{
    ConfigReader reader;
    for (const QString &path : filesSystemFirst)
        reader.readFile(path);
    return reader.finish();
}

} // namespace devlatch
