#include "DeviceConfig.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

#include "lock/LockName.h"

namespace devlatch {

namespace {

const QString kDevicePrefix = QStringLiteral("device.");

// QSettings skips lines it cannot parse without saying where; this finds them so the
// warning can name the line. Returns line numbers by section for later messages, too.
struct IniLines {
    QStringList problems;             // "line N: ..."
    QMap<QString, int> sectionLine;   // section name -> line of its header
    QMap<QString, int> keyLine;       // "section/key" -> line
};

IniLines scanIni(const QString &path)
{
    IniLines lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    QString section = QStringLiteral("General");
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        const QByteArray raw = file.readLine();
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
            continue;
        if (raw.contains('\0') || QString::fromUtf8(raw).contains(QChar::ReplacementCharacter)) {
            lines.problems << QStringLiteral("line %1: not valid UTF-8 text").arg(number);
            continue;
        }
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']')) {
                lines.problems << QStringLiteral("line %1: section header without closing ']'").arg(number);
                continue;
            }
            section = line.mid(1, line.size() - 2).trimmed();
            lines.sectionLine.insert(section, number);
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0) {
            lines.problems << QStringLiteral("line %1: expected key=value, found \"%2\"")
                                  .arg(number)
                                  .arg(line.left(60));
            continue;
        }
        lines.keyLine.insert(section + u'/' + line.left(eq).trimmed(), number);
    }
    return lines;
}

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
    return loadFiles(defaultFiles());
}

DeviceConfig DeviceConfig::loadFiles(const QStringList &filesSystemFirst)
{
    DeviceConfig config;
    QMap<QString, Device> byKey; // later files override earlier ones key by key
    QStringList order;
    for (const QString &path : filesSystemFirst) {
        const QFileInfo info(path);
        if (!info.exists())
            continue;
        if (!info.isReadable()) {
            config.warnings << warning(path, 0, QStringLiteral("cannot be read; ignored"));
            continue;
        }
        config.files << path;
        const IniLines lines = scanIni(path);
        for (const QString &problem : lines.problems)
            config.warnings << path + u':' + problem.mid(5) + QStringLiteral(" (line ignored)");

        QSettings settings(path, QSettings::IniFormat);
        const QString scope = settings.value(QStringLiteral("scope")).toString();
        if (!scope.isEmpty()) {
            if (scope == u"machine" || scope == u"user")
                config.scope = scope;
            else
                config.warnings << warning(path, lines.keyLine.value(QStringLiteral("General/scope")),
                                           QStringLiteral("scope must be machine or user, not \"%1\"").arg(scope));
        }
        if (settings.contains(QStringLiteral("hide")))
            config.hide = toList(settings.value(QStringLiteral("hide")));
        for (const QString &group : settings.childGroups()) {
            if (!group.startsWith(kDevicePrefix)) {
                config.warnings << warning(path, lines.sectionLine.value(group),
                                           QStringLiteral("unknown section [%1]; device sections are named [device.KEY]")
                                               .arg(group));
                continue;
            }
            const QString key = group.mid(kDevicePrefix.size());
            settings.beginGroup(group);
            Device device = byKey.value(key);
            if (!byKey.contains(key))
                order << key;
            if (settings.contains(QStringLiteral("id")) || device.id.isEmpty())
                device.id = settings.value(QStringLiteral("id"), key).toString().trimmed();
            if (settings.contains(QStringLiteral("name")))
                device.name = settings.value(QStringLiteral("name")).toString().trimmed();
            if (settings.contains(QStringLiteral("alias"))) // another word for name: what people call it
                device.name = settings.value(QStringLiteral("alias")).toString().trimmed();
            if (settings.contains(QStringLiteral("kind")))
                device.kind = settings.value(QStringLiteral("kind")).toString().trimmed();
            if (settings.contains(QStringLiteral("nodes")))
                device.nodes = toList(settings.value(QStringLiteral("nodes")));
            settings.endGroup();
            device.source = path;
            device.key = key;

            const QByteArray idBytes = device.id.toUtf8();
            const std::string problem = lock::validateId({idBytes.constData(), size_t(idBytes.size())});
            if (!problem.empty()) {
                config.warnings << warning(path, lines.sectionLine.value(group),
                                           QStringLiteral("[%1]: %2; device ignored")
                                               .arg(group, QString::fromStdString(problem)));
                byKey.remove(key);
                order.removeAll(key);
                continue;
            }
            for (const QString &node : std::as_const(device.nodes))
                if (!node.startsWith(u'/'))
                    config.warnings << warning(path, lines.keyLine.value(group + QStringLiteral("/nodes")),
                                               QStringLiteral("[%1]: node \"%2\" is not an absolute path")
                                                   .arg(group, node));
            if (device.kind.isEmpty())
                device.kind = device.nodes.isEmpty() ? QStringLiteral("resource") : QStringLiteral("device");
            byKey.insert(key, device);
        }
        if (settings.status() == QSettings::FormatError && lines.problems.isEmpty())
            config.warnings << warning(path, 0, QStringLiteral("is not a valid INI file; parts of it were ignored"));
    }
    QSet<QString> seenIds;
    for (const QString &key : std::as_const(order)) {
        const Device &device = byKey[key];
        if (seenIds.contains(device.id)) {
            config.warnings << warning(device.source, 0,
                                       QStringLiteral("device id \"%1\" is configured twice; [device.%2] ignored")
                                           .arg(device.id, key));
            continue;
        }
        seenIds.insert(device.id);
        config.devices << device;
    }
    return config;
}

} // namespace devlatch
