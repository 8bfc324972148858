// SPDX-License-Identifier: MIT
#include "LabCommands.h"

#include "ClaimCommand.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "LabClaimSession.h"
#include "Output.h"
#include "SignalRoute.h"
#include "SignalWatcher.h"

#include "common/LabConnection.h"
#include "common/LabPublisher.h"
#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"
#include "model/DeviceStatus.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

namespace devlatch::cli {

std::unique_ptr<LabConnection> openLabConnection(const LabSettings &settings, int &code)
{
    // devlatchctl makes no QCoreApplication for local locks (start-up cost); the lab needs
    // an event loop for Qt Network.
    static int argc = 1;
    static char name[] = "devlatchctl";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv);
    QString error;
    auto lab = LabConnection::open(settings, error);
    if (!lab) {
        printError(error);
        code = SystemError;
    }
    return lab;
}

void runLoopUntil(const bool &done)
{
    QEventLoop loop;
    while (!done)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
}

namespace {

void printJson(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed());
}

std::optional<QString> labDevice(const CliContext &context, const QString &typed)
{
    QString error;
    const QString device = LabConnection::deviceName(typed, context.catalog(), error);
    if (device.isEmpty()) {
        printError(QStringLiteral("bad device name: %1").arg(error));
        return std::nullopt;
    }
    return device;
}

std::optional<QString> singleDevice(const CliContext &context)
{
    const QStringList positional = const_cast<CliContext &>(context).parser().positionalArguments();
    if (positional.size() != 1) {
        printError(positional.isEmpty() ? QStringLiteral("which device? Give a lab device name or id")
                                        : QStringLiteral("one device at a time; unexpected \"%1\"").arg(positional.at(1)));
        return std::nullopt;
    }
    return labDevice(context, positional.first());
}

// The DEV argument as a lab name and the connection; an exit code when either fails.
std::optional<int> openForDevice(const CliContext &context, QString &device, std::unique_ptr<LabConnection> &lab)
{
    const auto name = singleDevice(context);
    if (!name)
        return Usage;
    device = *name;
    int code = Done;
    lab = openLabConnection(context.labSettings(), code);
    if (!lab)
        return code;
    return std::nullopt;
}

} // namespace

int claimInLab(CliContext &context, const ClaimRequest &request)
{
    if (!request.any.isEmpty()) {
        printError(QStringLiteral("--any is not available in the lab scope; name the device"));
        return Usage;
    }
    QString device;
    std::unique_ptr<LabConnection> lab;
    if (const auto code = openForDevice(context, device, lab))
        return *code;
    return LabClaimSession(*lab, device, request).run();
}

int showLabStatus(CliContext &context, bool whoOnly)
{
    QString device;
    std::unique_ptr<LabConnection> lab;
    if (const auto code = openForDevice(context, device, lab))
        return *code;
    lab::LabStatus status;
    bool done = false;
    lab->claims().status(device, [&](const lab::LabStatus &read) {
        status = read;
        done = true;
    });
    runLoopUntil(done);
    const bool unknown = status.state == lab::LabStatus::State::Unknown;
    // `who` of a lab that cannot be read names nobody: "nobody" would read as free.
    if (!(unknown && whoOnly && !context.json()))
        printStatus(context.json(), whoOnly, status.toJson(), status.holderLines(),
                    QStringLiteral("%1 (lab): %2").arg(device, status.summary()));
    if (unknown) {
        if (!context.json())
            printError(whoOnly ? QStringLiteral("%1 (lab): unknown: %2").arg(device, status.error) : status.error);
        return SystemError;
    }
    return whoOnly || status.state == lab::LabStatus::State::Free ? Done : BusyOrTimedOut;
}

int listLab(CliContext &context, bool namesOnly)
{
    int code = Done;
    auto lab = openLabConnection(context.labSettings(), code);
    if (!lab)
        return code;
    QList<lab::LabStatus> all;
    QString error;
    bool done = false;
    lab->claims().statuses([&](const QList<lab::LabStatus> &read, const QString &why) {
        all = read;
        error = why;
        done = true;
    });
    runLoopUntil(done);
    if (!error.isEmpty()) {
        printError(QStringLiteral("cannot read the lab: %1").arg(error));
        return SystemError;
    }
    if (context.json()) {
        QJsonObject document = jsonDocumentFor(QStringLiteral("list"));
        QJsonArray devices;
        for (const lab::LabStatus &status : std::as_const(all))
            devices.append(status.toJson());
        document[QStringLiteral("devices")] = devices;
        printJson(document);
        return Done;
    }
    if (all.isEmpty() && !namesOnly)
        printOut(QStringLiteral("no lab device is claimed or waited for"));
    for (const lab::LabStatus &status : std::as_const(all))
        printOut(namesOnly ? status.device : QStringLiteral("%1: %2").arg(lab::escapedText(status.device), status.summary()));
    return Done;
}

int publishToLab(CliContext &context, const QStringList &typed)
{
    // Every device of this machine unless named: what a bench PC without a desktop runs.
    QList<Device> devices;
    QStringList names;
    const QList<Device> all = typed.isEmpty() ? context.catalog().devices() : QList<Device>{};
    for (const QString &name : typed.isEmpty() ? QStringList{} : typed) {
        const DeviceCatalog::Resolved resolved = context.catalog().resolve(name);
        QString error;
        const QString labName = resolved.ok() ? LabConnection::deviceName(name, context.catalog(), error) : QString();
        if (labName.isEmpty()) {
            printError(QStringLiteral("bad device name: %1").arg(resolved.ok() ? error : resolved.error));
            return Usage;
        }
        devices << resolved.device;
        names << labName;
    }
    for (const Device &device : all) {
        devices << device;
        names << device.id;
    }
    if (devices.isEmpty()) {
        printError(QStringLiteral("nothing to publish: this machine has no devices (name one: devlatchctl lab publish DEV)"));
        return Usage;
    }
    int code = Done;
    auto lab = openLabConnection(context.labSettings(), code);
    if (!lab)
        return code;
    LabPublisher publisher(*lab, context.arbiter());
    const auto finish = [&](int exitCode) {
        code = exitCode;
        publisher.stop([] { QCoreApplication::quit(); });
    };
    const bool routed = routeSignalsTo([&](int signal, bool) {
        if (!SignalWatcher::isChildSignal(signal))
            QMetaObject::invokeMethod(&publisher, [&finish] { finish(Done); }, Qt::QueuedConnection);
    });
    if (!routed) {
        printError(QStringLiteral("cannot start watching for signals (out of threads or descriptors); nothing was published"));
        return SystemError;
    }
    const QString host = lab->claims().identity().host;
    qsizetype refused = 0;
    qsizetype answered = 0;
    const auto settled = [&] {
        if (++answered == devices.size() && refused == devices.size())
            finish(BusyOrTimedOut);
        else if (answered == devices.size())
            printOut(QStringLiteral("publishing %1 device%2 from %3 as pid %4; %5 ends it")
                         .arg(devices.size() - refused)
                         .arg(devices.size() - refused == 1 ? QString() : QStringLiteral("s"))
                         .arg(lab::escapedText(host))
                         .arg(QCoreApplication::applicationPid())
                         .arg(QLatin1String(SignalWatcher::releaseHint())));
    };
    QObject::connect(&publisher, &LabPublisher::published, [&](const QString &name) {
        printError(QStringLiteral("%1: published").arg(lab::escapedText(name)));
        settled();
    });
    QObject::connect(&publisher, &LabPublisher::refused, [&](const QString &name, const QString &why) {
        printError(QStringLiteral("%1: not published: %2").arg(lab::escapedText(name), why));
        ++refused;
        settled();
    });
    QObject::connect(&publisher, &LabPublisher::event,
                     [](const QString &name, const QString &what) { printError(QStringLiteral("%1: %2").arg(lab::escapedText(name), what)); });
    publisher.publish(devices, names);
    QCoreApplication::exec();
    routeSignalsTo({});
    return code;
}

} // namespace devlatch::cli
