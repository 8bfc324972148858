// SPDX-License-Identifier: MIT
// devlatch: the tray application. Shows who holds which lab device and claims or releases
// a device with a click; the locks are the same ones devlatchctl and other programs take.

#include "Icons.h"
#include "QuitOnSignal.h"
#include "SingleInstance.h"
#include "TrayApp.h"
#include "TrayController.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace devlatch::tray;

namespace {

// --state, --help and --version need no display (SSH, cron, CI): no GUI platform for them.
bool needsNoGui(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char *option : {"--state", "--help", "-h", "--help-all", "--version", "-v", "-V"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
           || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

struct Options {
    bool autostart = false;
    bool state = false;
};

Options parse(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("devlatch: who holds which lab device, in the system tray."));
    parser.addHelpOption();
    // -V as devlatchctl has it (and Qt's -v too).
    const QCommandLineOption version({QStringLiteral("V"), QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Displays version information."));
    parser.addOption(version);
    const QCommandLineOption autostart(QStringLiteral("autostart"),
                                       QStringLiteral("Started at login: wait for the panel, claim the devices marked "
                                                      "\"claim at login\"."));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("User interface language, e.g. de or fr."),
                                      QStringLiteral("LANG"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   QStringLiteral("Print what the running devlatch shows, as JSON, and exit."));
    parser.addOptions({autostart, language, state});
    parser.process(app); // --help prints and exits here
    if (parser.isSet(version)) {
        std::printf("devlatch %s\n", DEVLATCH_VERSION);
        std::exit(0);
    }
    installTranslations(app, parser.value(language));
    return {parser.isSet(autostart), parser.isSet(state)};
}

int printState()
{
    SingleInstance instance;
    const QByteArray reply = instance.request("state");
    if (reply.isEmpty() || reply == "ok") {
        std::fputs("devlatch is not running\n", stderr);
        return 1;
    }
    std::fwrite(reply.constData(), 1, size_t(reply.size()), stdout);
    std::fputc('\n', stdout);
    return 0;
}

void describeApp()
{
    QCoreApplication::setApplicationName(QStringLiteral("devlatch"));
    QCoreApplication::setOrganizationName(QStringLiteral("devlatch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVLATCH_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    if (needsNoGui(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApp();
        const Options options = parse(app);
        return options.state ? printState() : 0;
    }
    if (!hasDisplay()) {
        std::fputs("devlatch: no desktop session (DISPLAY and WAYLAND_DISPLAY are unset). The tray needs one; "
                   "devlatchctl works anywhere.\n", stderr);
        return 1;
    }
    QApplication app(argc, argv);
    describeApp();
    QApplication::setQuitOnLastWindowClosed(false); // closing the window leaves the tray
    QGuiApplication::setDesktopFileName(QStringLiteral(DEVLATCH_APP_ID)); // Wayland/SNI match the .desktop
    QApplication::setWindowIcon(Icons::application());
    const Options options = parse(app);

    SingleInstance instance;
    if (!instance.becomePrimary()) {
        // Already running: let that one show its window, unless this is a login autostart.
        // Said on the terminal: a second launch that only returned looked like a crash.
        if (options.autostart) {
            std::fputs("devlatch is already running; nothing to start at login\n", stderr);
        } else if (instance.sendToPrimary("show")) {
            std::fputs("devlatch is already running: its Devices window was shown\n", stderr);
        } else {
            std::fputs("devlatch is already running, but did not answer; its window could not be shown\n", stderr);
            return 1;
        }
        return 0;
    }
    TrayController controller({});
    controller.start();
    TrayApp tray(controller, {options.autostart});
    instance.answer = [&tray](const QByteArray &message) { return message == "state" ? tray.stateJson() : QByteArray(); };
    QObject::connect(&instance, &SingleInstance::messageReceived, &tray, [&tray](const QByteArray &message) {
        if (message == "show")
            tray.showDevicesWindow();
    });
    QuitOnSignal quitOnSignal;
    // Logout or kill: no question asked, but the lab's claims still end on the server first.
    QObject::connect(&quitOnSignal, &QuitOnSignal::quitRequested, &tray, &TrayApp::quit);
    tray.start();
    return QApplication::exec();
}
