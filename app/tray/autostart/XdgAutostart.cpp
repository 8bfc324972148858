// SPDX-License-Identifier: MIT
#include "Autostart.h"

#include "DesktopExec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace devlatch::tray {

QString Autostart::launchProgram()
{
    // Installed in PATH: the plain name keeps the entry valid across upgrades.
    const QString self = QCoreApplication::applicationFilePath();
    const QString inPath = QStandardPaths::findExecutable(QStringLiteral("devlatch"));
    if (!inPath.isEmpty() && QFileInfo(inPath).canonicalFilePath() == QFileInfo(self).canonicalFilePath())
        return QStringLiteral("devlatch");
    return self;
}

namespace {

// The same file name as the system-wide entry an administrator may enable in
// /etc/xdg/autostart, so the person's own entry overrides it (XDG Autostart spec).
const QString kEntryName = QStringLiteral(DEVLATCH_APP_ID ".desktop");
// What earlier versions wrote; read, and removed when the person changes the setting.
const QString kLegacyEntryName = QStringLiteral("devlatch.desktop");

// An entry is there but switched off by Hidden=true or by the session's settings app.
bool entryEnabled(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line == "Hidden=true" || line == "X-GNOME-Autostart-enabled=false")
            return false;
    }
    return true;
}

class XdgAutostart final : public Autostart {
public:
    QString location() const override
    {
        const QString mock = qEnvironmentVariable("DEVLATCH_AUTOSTART_PATH_MOCK");
        if (!mock.isEmpty())
            return mock;
        return userDirectory() + u'/' + kEntryName;
    }

    QString systemEntry() const override
    {
        const QString user = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        for (const QString &dir : QStandardPaths::standardLocations(QStandardPaths::GenericConfigLocation)) {
            const QString path = dir + QStringLiteral("/autostart/") + kEntryName;
            if (dir != user && QFileInfo::exists(path))
                return path;
        }
        return {};
    }

    bool isEnabled() const override
    {
        if (QFileInfo::exists(location()))
            return entryEnabled(location());
        if (QFileInfo::exists(legacyLocation()))
            return entryEnabled(legacyLocation());
        const QString system = systemEntry();
        return !system.isEmpty() && entryEnabled(system);
    }

    QString setEnabled(bool enabled) override
    {
        if (QFileInfo::exists(legacyLocation()) && !QFile::remove(legacyLocation()))
            return QCoreApplication::translate("Autostart", "Cannot remove %1").arg(legacyLocation());
        const QString system = systemEntry();
        const bool systemStarts = !system.isEmpty() && entryEnabled(system);
        if (enabled == systemStarts) {
            // The administrator's entry says what the person wants: no entry of one's own.
            if (QFileInfo::exists(location()) && !QFile::remove(location()))
                return QCoreApplication::translate("Autostart", "Cannot remove %1").arg(location());
            return {};
        }
        // Either our own entry, or one that hides the administrator's.
        return write(enabled ? entryText() : QStringLiteral("[Desktop Entry]\nType=Application\nName=devlatch\nHidden=true\n"));
    }

private:
    static QString userDirectory()
    {
        return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/autostart");
    }
    QString legacyLocation() const
    {
        return qEnvironmentVariableIsSet("DEVLATCH_AUTOSTART_PATH_MOCK") ? QString() : userDirectory() + u'/' + kLegacyEntryName;
    }

    static QString entryText()
    {
        return QStringLiteral("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=devlatch\n"
                              "GenericName=Device Lock Arbiter\n"
                              "Comment=Shows who holds which lab device and claims them\n"
                              "Exec=%1 --autostart\n"
                              "Icon=" DEVLATCH_APP_ID "\n"
                              "Terminal=false\n"
                              "Categories=Development;Utility;\n"
                              "X-GNOME-Autostart-enabled=true\n"
                              "X-GNOME-Autostart-Delay=5\n"
                              "X-KDE-autostart-after=panel\n"
                              "X-LXQt-Need-Tray=true\n")
            .arg(desktopExecArgument(launchProgram()));
    }

    QString write(const QString &text) const
    {
        const QString path = location();
        if (!QDir().mkpath(QFileInfo(path).path()))
            return QCoreApplication::translate("Autostart", "Cannot create %1").arg(QFileInfo(path).path());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
            return QCoreApplication::translate("Autostart", "Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
};

} // namespace

std::unique_ptr<Autostart> Autostart::forThisPlatform()
{
    return std::make_unique<XdgAutostart>();
}

} // namespace devlatch::tray
