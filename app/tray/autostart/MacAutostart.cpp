#include "Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace devlatch::tray {

namespace {

// A LaunchAgent that runs devlatch at login.
class MacAutostart final : public Autostart {
public:
    QString location() const override
    {
        const QString mock = qEnvironmentVariable("DEVLATCH_AUTOSTART_PATH_MOCK");
        return mock.isEmpty() ? QDir::homePath() + QStringLiteral("/Library/LaunchAgents/org.devlatch.devlatch.plist") : mock;
    }
    bool isEnabled() const override { return QFile::exists(location()); }
    QString setEnabled(bool enabled) override
    {
        const QString path = location();
        if (!enabled)
            return !QFile::exists(path) || QFile::remove(path)
                       ? QString()
                       : QCoreApplication::translate("Autostart", "Cannot remove %1").arg(path);
        QDir().mkpath(QFileInfo(path).path());
        const QString plist = QStringLiteral(
                                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                  "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                  "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                                  "<plist version=\"1.0\"><dict>\n"
                                  "  <key>Label</key><string>org.devlatch.devlatch</string>\n"
                                  "  <key>ProgramArguments</key><array><string>%1</string><string>--autostart</string></array>\n"
                                  "  <key>RunAtLoad</key><true/>\n"
                                  "</dict></plist>\n")
                                  .arg(launchProgram().toHtmlEscaped());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(plist.toUtf8()) < 0 || !file.commit())
            return QCoreApplication::translate("Autostart", "Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
};

} // namespace

#ifdef Q_OS_MACOS
std::unique_ptr<Autostart> Autostart::forThisPlatform()
{
    return std::make_unique<MacAutostart>();
}
#endif

} // namespace devlatch::tray
