#include "Autostart.h"

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

class XdgAutostart final : public Autostart {
public:
    QString location() const override
    {
        const QString mock = qEnvironmentVariable("DEVLATCH_AUTOSTART_PATH_MOCK");
        if (!mock.isEmpty())
            return mock;
        return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
               + QStringLiteral("/autostart/devlatch.desktop");
    }

    bool isEnabled() const override
    {
        QFile file(location());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        // A desktop file can also be present but disabled by the session's settings app.
        const QByteArray content = file.readAll();
        return !content.contains("\nHidden=true") && !content.contains("\nX-GNOME-Autostart-enabled=false");
    }

    QString setEnabled(bool enabled) override
    {
        const QString path = location();
        if (!enabled) {
            if (QFile::exists(path) && !QFile::remove(path))
                return QCoreApplication::translate("Autostart", "Cannot remove %1").arg(path);
            return {};
        }
        if (!QDir().mkpath(QFileInfo(path).path()))
            return QCoreApplication::translate("Autostart", "Cannot create %1").arg(QFileInfo(path).path());
        QString program = launchProgram();
        if (program.contains(u' '))
            program = u'"' + program + u'"';
        const QString text = QStringLiteral(
                                 "[Desktop Entry]\n"
                                 "Type=Application\n"
                                 "Name=devlatch\n"
                                 "GenericName=Device lock arbiter\n"
                                 "Comment=Shows who holds which lab device and claims them\n"
                                 "Exec=%1 --autostart\n"
                                 "Icon=devlatch\n"
                                 "Terminal=false\n"
                                 "Categories=Utility;Development;\n"
                                 "X-GNOME-Autostart-enabled=true\n"
                                 "X-GNOME-Autostart-Delay=5\n"
                                 "X-KDE-autostart-after=panel\n"
                                 "X-LXQt-Need-Tray=true\n")
                                 .arg(program);
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
