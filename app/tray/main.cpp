// devlatch: the tray application. Shows who holds which lab device and claims or releases
// a device with a click; the locks are the same ones devlatchctl and other programs take.

#include "QuitOnSignal.h"
#include "SingleInstance.h"
#include "TrayApp.h"
#include "TrayController.h"
#include "Icons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

using namespace devlatch::tray;

static void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("devlatch"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    auto *qt = new QTranslator(&app); // Qt's own strings: dialog buttons
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("devlatch"));
    QApplication::setOrganizationName(QStringLiteral("devlatch"));
    QApplication::setApplicationVersion(QStringLiteral(DEVLATCH_VERSION));
    QApplication::setQuitOnLastWindowClosed(false); // closing the window leaves the tray
    QApplication::setWindowIcon(Icons::application());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("devlatch: who holds which lab device, in the system tray."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption autostart(QStringLiteral("autostart"),
                                       QStringLiteral("Started at login: wait for the panel, claim the devices marked "
                                                      "\"claim at login\"."));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("User interface language, e.g. de or fr."),
                                      QStringLiteral("LANG"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   QStringLiteral("Print what the running devlatch shows, as JSON, and exit."));
    parser.addOption(autostart);
    parser.addOption(language);
    parser.addOption(state);
    parser.process(app);
    installTranslations(app, parser.value(language));

    SingleInstance instance;
    if (parser.isSet(state)) {
        const QByteArray reply = instance.request("state");
        if (reply.isEmpty() || reply == "ok") {
            qWarning("devlatch is not running");
            return 1;
        }
        std::fwrite(reply.constData(), 1, size_t(reply.size()), stdout);
        std::fputc('\n', stdout);
        return 0;
    }
    if (!instance.becomePrimary()) {
        // Already running: let that one show its window, unless this is a login autostart.
        if (!parser.isSet(autostart))
            instance.sendToPrimary("show");
        return 0;
    }

    TrayController controller({});
    controller.start();
    TrayApp tray(controller, {parser.isSet(autostart)});
    instance.answer = [&controller](const QByteArray &message) {
        return message == "state" ? controller.stateJson() : QByteArray();
    };
    QObject::connect(&instance, &SingleInstance::messageReceived, &tray, [&tray](const QByteArray &message) {
        if (message == "show")
            tray.showDevicesWindow();
    });
    QuitOnSignal quitOnSignal;
    QObject::connect(&quitOnSignal, &QuitOnSignal::quitRequested, &app, [&controller] {
        controller.releaseAll();
        QApplication::quit();
    });
    tray.start();
    return QApplication::exec();
}
