#include "Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>

namespace devlatch::tray {

namespace {

// The per-user Run key: no installer, no admin rights.
class WindowsAutostart final : public Autostart {
public:
    QString location() const override
    {
        const QString mock = qEnvironmentVariable("DEVLATCH_AUTOSTART_PATH_MOCK");
        return mock.isEmpty() ? QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")
                              : mock;
    }
    bool isEnabled() const override { return settings().contains(QStringLiteral("devlatch")); }
    QString setEnabled(bool enabled) override
    {
        QSettings run = settings();
        if (enabled)
            run.setValue(QStringLiteral("devlatch"),
                         QStringLiteral("\"%1\" --autostart").arg(QDir::toNativeSeparators(launchProgram())));
        else
            run.remove(QStringLiteral("devlatch"));
        run.sync();
        return run.status() == QSettings::NoError
                   ? QString()
                   : QCoreApplication::translate("Autostart", "Cannot write %1").arg(location());
    }

private:
    QSettings settings() const
    {
        return qEnvironmentVariableIsSet("DEVLATCH_AUTOSTART_PATH_MOCK") ? QSettings(location(), QSettings::IniFormat)
                                                                         : QSettings(location(), QSettings::NativeFormat);
    }
};

} // namespace

#ifdef Q_OS_WIN
std::unique_ptr<Autostart> Autostart::forThisPlatform()
{
    return std::make_unique<WindowsAutostart>();
}
#endif

} // namespace devlatch::tray
