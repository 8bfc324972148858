// SPDX-License-Identifier: MIT
#include "DeviceAliases.h"

#include "lock/LockName.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

namespace devlatch {

namespace {
const QString kGroup = QStringLiteral("aliases");

QString idProblem(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    return QString::fromStdString(lock::validateId({bytes.constData(), size_t(bytes.size())}));
}
} // namespace

QString DeviceAliases::defaultFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/devlatch/aliases.conf");
}

DeviceAliases DeviceAliases::load(const QString &file)
{
    DeviceAliases result;
    const QFileInfo info(file);
    if (!info.exists())
        return result;
    if (!info.isReadable()) {
        result.warnings << QStringLiteral("%1: cannot be read; device aliases are not used").arg(file);
        return result;
    }
    QSettings settings(file, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        result.warnings << QStringLiteral("%1: is not a valid INI file; parts of it were ignored").arg(file);
    QSet<QString> ids, names;
    const int size = settings.beginReadArray(kGroup);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        DeviceAlias alias{settings.value(QStringLiteral("id")).toString(), settings.value(QStringLiteral("name")).toString(),
                          settings.value(QStringLiteral("kind")).toString()};
        QString problem = idProblem(alias.id);
        if (problem.isEmpty())
            problem = idProblem(alias.name);
        if (problem.isEmpty() && ids.contains(alias.id))
            problem = QStringLiteral("%1 has a second alias").arg(alias.id);
        if (problem.isEmpty() && names.contains(alias.name.toCaseFolded()))
            problem = QStringLiteral("\"%1\" names two devices").arg(alias.name);
        if (!problem.isEmpty()) {
            result.warnings << QStringLiteral("%1: alias %2 ignored: %3").arg(file).arg(i + 1).arg(problem);
            continue;
        }
        ids.insert(alias.id);
        names.insert(alias.name.toCaseFolded());
        result.entries << alias;
    }
    settings.endArray();
    return result;
}

QString DeviceAliases::save(const QList<DeviceAlias> &entries, const QString &file)
{
    if (!QDir().mkpath(QFileInfo(file).path()))
        return QStringLiteral("cannot create %1").arg(QFileInfo(file).path());
    QSettings settings(file, QSettings::IniFormat);
    settings.remove(kGroup);
    settings.beginWriteArray(kGroup, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("id"), entries[i].id);
        settings.setValue(QStringLiteral("name"), entries[i].name);
        if (!entries[i].kind.isEmpty())
            settings.setValue(QStringLiteral("kind"), entries[i].kind);
    }
    settings.endArray();
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return QStringLiteral("cannot write %1").arg(file);
    return {};
}

} // namespace devlatch
