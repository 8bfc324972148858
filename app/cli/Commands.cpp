// SPDX-License-Identifier: MIT
#include "Commands.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "LabCommands.h"
#include "Output.h"

#include "config/DeviceConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace devlatch::cli {

namespace {

void printJson(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed());
}

int showStatus(const QStringList &arguments, bool whoOnly)
{
    CliContext context(whoOnly ? QStringLiteral("who") : QStringLiteral("status"),
                       whoOnly ? QStringLiteral("Shows who holds DEV and who waits for it, devlatch or not.")
                               : QStringLiteral("Shows whether DEV is free. Exit status: 0 free, 1 held, "
                                                "2 bad input, 3 error."));
    context.addJsonOption();
    context.parser().addPositionalArgument(QStringLiteral("DEV"), QStringLiteral("Device id, name or node path."));
    if (const auto code = context.parse(arguments))
        return *code;
    if (const auto code = context.loadDevices())
        return *code;
    if (context.isLab())
        return showLabStatus(context, whoOnly);
    Device device;
    if (const auto code = context.resolveDevice(device))
        return *code;

    const DeviceStatus status = context.arbiter().status(device, true);
    printStatus(context.json(), whoOnly, status.toJson(), status.holderLines(),
                QStringLiteral("%1: %2").arg(deviceLabel(device), status.summary()));
    if (!context.json() && !whoOnly && !status.lockPath.isEmpty())
        printOut(QStringLiteral("lock: %1").arg(status.lockPath));
    if (status.state == DeviceStatus::State::Unknown) {
        if (!context.json())
            printError(status.error);
        return SystemError;
    }
    if (whoOnly)
        return Done;
    return status.isBusy() ? BusyOrTimedOut : Done;
}

} // namespace

int runList(const QStringList &arguments)
{
    CliContext context(QStringLiteral("list"), QStringLiteral("Lists the devices found on this machine and the "
                                                              "configured ones, and named resources held right now, "
                                                              "with who holds or uses them."));
    context.addJsonOption();
    context.parser().addOption({QStringLiteral("names"),
                                QStringLiteral("Print only the names DEV accepts, one per line (for shell completion): "
                                               "each device's id, configured key, name and alias.")});
    if (const auto code = context.parse(arguments))
        return *code;
    if (!context.parser().positionalArguments().isEmpty()) {
        printError(QStringLiteral("list takes no device name"));
        return Usage;
    }
    if (const auto code = context.loadDevices())
        return *code;
    if (context.isLab())
        return listLab(context, context.parser().isSet(QStringLiteral("names")));
    if (context.parser().isSet(QStringLiteral("names"))) {
        QStringList names;
        for (const Device &device : context.catalog().devices())
            for (const QString &name : {device.id, device.key, device.name, device.alias})
                if (!name.isEmpty() && !names.contains(name))
                    names << name;
        names.sort(Qt::CaseInsensitive);
        if (!names.isEmpty())
            printOut(names.join(u'\n'));
        return Done;
    }

    const Arbiter::Listing listing = context.arbiter().listing(context.catalog());
    QJsonArray array;
    QStringList rows;
    for (const DeviceStatus &status : listing.devices) {
        array.append(status.toJson());
        QString row = QStringLiteral("%1  %2").arg(deviceLabel(status.device), -36).arg(status.summary());
        if (!status.device.nodes.isEmpty())
            row += QStringLiteral("\n    %1").arg(status.device.nodes.join(QStringLiteral(", ")));
        rows << row;
    }
    for (const DeviceStatus &status : listing.unnamed) {
        QJsonObject entry = status.toJson();
        entry[QStringLiteral("id")] = QJsonValue();
        array.append(entry);
        rows << QStringLiteral("%1  %2").arg(QStringLiteral("(lock file %1.lock)").arg(status.lockName), -36).arg(status.summary());
    }
    for (const Arbiter::BrokenLock &broken : listing.broken) {
        array.append(QJsonObject{{QStringLiteral("id"), QJsonValue()},
                                 {QStringLiteral("lockName"), broken.lockName},
                                 {QStringLiteral("lockPath"), broken.lockPath},
                                 {QStringLiteral("state"), DeviceStatus::stateKeyword(DeviceStatus::State::Unknown)},
                                 {QStringLiteral("error"), broken.problem}});
        rows << QStringLiteral("%1  unknown: %2").arg(QStringLiteral("(lock file %1.lock)").arg(broken.lockName), -36).arg(broken.problem);
    }
    if (context.json()) {
        QJsonObject document = jsonDocumentFor(QStringLiteral("list"));
        document[QStringLiteral("devices")] = array;
        printJson(document);
    } else if (rows.isEmpty()) {
        printOut(QStringLiteral("No devices found or configured and nothing held in %1.\n"
                                "Add devices to %2, or claim any name: devlatchctl claim NAME -- CMD")
                     .arg(context.arbiter().lockDirectory(), DeviceConfig::defaultFiles().constLast()));
    } else {
        printOut(rows.join(u'\n'));
    }
    return Done;
}

int runStatus(const QStringList &arguments)
{
    return showStatus(arguments, false);
}

int runWho(const QStringList &arguments)
{
    return showStatus(arguments, true);
}

} // namespace devlatch::cli
