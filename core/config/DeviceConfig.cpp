// SPDX-License-Identifier: MIT
#include "DeviceConfig.h"

#include "DeviceAliases.h"
#include "IniFile.h"

#include "lock/LockName.h"
#include "model/NodePath.h"

#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QStandardPaths>

namespace devlatch {

namespace {

const QString kDevicePrefix = QStringLiteral("device.");

QString warning(const QString &file, int line, const QString &text)
{
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(text)
                    : QStringLiteral("%1: %2").arg(file, text);
}

// A list value: comma-separated, each item trimmed, empty ones dropped.
QStringList toList(const QString &value)
{
    QStringList cleaned;
    for (const QString &item : value.split(u','))
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
    void readGeneral(const IniFile::Section &section);
    void readDevice(const IniFile::Section &section);
    void readLab(const IniFile::Section &section);
    bool validate(const Device &device, const IniFile::Section &section);
    void warn(int line, const QString &text) { m_config.warnings << warning(m_path, line, text); }

    DeviceConfig m_config;
    QMap<QString, Device> m_byKey;
    QStringList m_order;
    QString m_path;
};

void ConfigReader::readFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return;
    m_path = path;
    QString error;
    const IniFile file = info.isReadable() ? IniFile::readFile(path, &error) : IniFile();
    if (!info.isReadable() || !error.isEmpty()) {
        warn(0, QStringLiteral("cannot be read; ignored"));
        return;
    }
    m_config.files << path;
    for (const IniFile::Problem &problem : file.problems)
        warn(problem.line, problem.text);
    for (const IniFile::Section &section : file.sections) {
        if (section.name == u"General")
            readGeneral(section);
        else if (section.name.startsWith(kDevicePrefix))
            readDevice(section);
        else if (section.name == u"lab")
            readLab(section);
        else
            warn(section.line, QStringLiteral("unknown section [%1]; sections are [lab] and [device.KEY]").arg(section.name));
    }
}

void ConfigReader::readGeneral(const IniFile::Section &section)
{
    if (const auto scope = section.entry(QStringLiteral("scope"))) {
        if (scope->value == u"machine" || scope->value == u"user")
            m_config.scope = scope->value;
        else if (!scope->value.isEmpty())
            warn(scope->line, QStringLiteral("scope must be machine or user, not \"%1\"").arg(scope->value));
    }
    if (const auto hide = section.entry(QStringLiteral("hide")))
        m_config.hide = toList(hide->value);
}

void ConfigReader::readLab(const IniFile::Section &section)
{
    LabSettings &lab = m_config.lab;
    static const QStringList known = {QStringLiteral("endpoints"), QStringLiteral("prefix"), QStringLiteral("ttl"),
                                      QStringLiteral("ca"), QStringLiteral("cert"), QStringLiteral("key"),
                                      QStringLiteral("user"), QStringLiteral("password-file"),
                                      QStringLiteral("devices")};
    for (const IniFile::Entry &entry : section.entries)
        if (!known.contains(entry.key))
            warn(entry.line, QStringLiteral("unknown key \"%1\" in [lab]; known: %2").arg(entry.key, known.join(QStringLiteral(", "))));
    if (const auto endpoints = section.entry(QStringLiteral("endpoints")))
        lab.endpoints = toList(endpoints->value);
    if (const auto devices = section.entry(QStringLiteral("devices")))
        lab.devices = toList(devices->value);
    if (const auto ttlEntry = section.entry(QStringLiteral("ttl"))) {
        bool ok = false;
        const int ttl = ttlEntry->value.toInt(&ok);
        if (ok && ttl >= LabSettings::kMinTtl && ttl <= LabSettings::kMaxTtl)
            lab.ttlSeconds = ttl;
        else
            warn(ttlEntry->line, QStringLiteral("ttl must be %1 to %2 seconds; using %3")
                                     .arg(LabSettings::kMinTtl).arg(LabSettings::kMaxTtl).arg(lab.ttlSeconds));
    }
    const auto text = [&](const char *key, QString &into) {
        if (const auto entry = section.entry(QString::fromLatin1(key)))
            into = entry->value;
    };
    text("prefix", lab.prefix);
    text("ca", lab.caFile);
    text("cert", lab.certFile);
    text("key", lab.keyFile);
    text("user", lab.user);
    text("password-file", lab.passwordFile);
}

void ConfigReader::readDevice(const IniFile::Section &section)
{
    const QString key = section.name.mid(kDevicePrefix.size());
    Device device = m_byKey.value(key);
    const auto id = section.entry(QStringLiteral("id"));
    if (id || device.id.isEmpty())
        device.id = id ? id->value : key;
    if (const auto name = section.entry(QStringLiteral("name")))
        device.name = name->value;
    if (const auto alias = section.entry(QStringLiteral("alias"))) // another word for name: what people call it
        device.name = alias->value;
    if (const auto kind = section.entry(QStringLiteral("kind")))
        device.kind = kind->value;
    if (const auto nodes = section.entry(QStringLiteral("nodes")))
        device.nodes = toList(nodes->value);
    device.source = m_path;
    device.key = key;
    if (!validate(device, section)) {
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

bool ConfigReader::validate(const Device &device, const IniFile::Section &section)
{
    const QByteArray idBytes = device.id.toUtf8();
    const std::string problem = lock::validateId({idBytes.constData(), size_t(idBytes.size())});
    if (!problem.empty()) {
        warn(section.line, QStringLiteral("[%1]: %2; device ignored").arg(section.name, QString::fromStdString(problem)));
        return false;
    }
    const auto nodes = section.entry(QStringLiteral("nodes"));
    for (const QString &node : device.nodes)
        if (!NodePath::looksLikeNode(node))
            warn(nodes ? nodes->line : section.line,
                 QStringLiteral("[%1]: node \"%2\" is not a device node (expected %3)")
                     .arg(section.name, node, NodePath::expectedForm()));
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
