// SPDX-License-Identifier: MIT
#include "CliContext.h"

#include "ExitCode.h"
#include "Output.h"

#include "common/DeviceInventory.h"

namespace devlatch::cli {

QString deviceLabel(const Device &device)
{
    const QString name = device.displayName();
    return name == device.id ? device.id : QStringLiteral("%1 (%2)").arg(device.id, name);
}

CliContext::CliContext(const QString &command, const QString &description) : m_command(command)
{
    m_parser.setApplicationDescription(description);
    // Not addHelpOption(): its --help-all lists Qt's GUI options, which mean nothing here.
    m_parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help.")});
    m_parser.addOption({{QStringLiteral("V"), QStringLiteral("version")}, QStringLiteral("Shows the version.")});
    m_parser.addOption({QStringLiteral("scope"),
                        QStringLiteral("Lock scope: machine (default; every user sees the claim), user, or lab (every "
                                       "machine of the lab, through etcd: [lab] in devlatch.conf)."),
                        QStringLiteral("machine|user|lab")});
}

void CliContext::addJsonOption()
{
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON for other programs.")});
}

std::optional<int> CliContext::parse(const QStringList &arguments)
{
    // The parser sees the command's own arguments only: its help lists the real ones.
    QStringList withProgram = arguments.mid(1);
    withProgram.prepend(QStringLiteral("devlatchctl"));
    if (!m_parser.parse(withProgram)) {
        printError(m_parser.errorText() + QStringLiteral("\nTry: devlatchctl %1 --help").arg(m_command));
        return Usage;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        QString help = m_parser.helpText().trimmed();
        help.replace(QStringLiteral("<executable_name> [options]"), QStringLiteral("devlatchctl %1 [options]").arg(m_command));
        help.replace(QStringLiteral("--wait <SECONDS>    "), QStringLiteral("--wait [SECONDS]    "));
        printOut(help);
        return Done;
    }
    if (m_parser.isSet(QStringLiteral("version"))) {
        printOut(QStringLiteral("devlatchctl " DEVLATCH_VERSION));
        return Done;
    }
    const QString scope = m_parser.value(QStringLiteral("scope"));
    if (!scope.isEmpty() && scope != u"machine" && scope != u"user" && scope != u"lab") {
        printError(QStringLiteral("--scope must be machine, user or lab, not \"%1\"").arg(scope));
        return Usage;
    }
    return std::nullopt;
}

std::optional<int> CliContext::loadDevices()
{
    // /dev/ttyUSB0, its /dev/serial/by-id link, the stable id and the alias take one lock:
    // the configured devices merged with the ones found on this machine right now.
    DeviceInventory inventory;
    inventory.load(false);
    for (const QString &warning : inventory.warnings())
        printError(QStringLiteral("warning: ") + warning);
    m_catalog = inventory.catalog();
    m_lab = inventory.labSettings();
    // `lab publish` takes local locks for the lab's holders: it needs the arbiter.
    const bool publishing = m_command == u"lab" && m_parser.positionalArguments().value(0) == u"publish";
    if ((isLab() || m_command == u"lab") && !publishing)
        return std::nullopt;
    QString scope = m_parser.value(QStringLiteral("scope"));
    if (scope.isEmpty())
        scope = inventory.configuredScope();
    m_arbiter = std::make_unique<Arbiter>(scope == u"user" ? lock::Scope::User : lock::Scope::Machine);
    if (!m_arbiter->directoryError().isEmpty()) {
        printError(m_arbiter->directoryError());
        return SystemError;
    }
    return std::nullopt;
}

std::optional<int> CliContext::resolveDevice(Device &device) const
{
    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        printError(QStringLiteral("which device? Give a device id, name or node path (see: devlatchctl list)"));
        return Usage;
    }
    if (positional.size() > 1) {
        printError(QStringLiteral("one device at a time; unexpected \"%1\"").arg(positional.at(1)));
        return Usage;
    }
    // Bytes that are not UTF-8 arrive here as U+FFFD (Qt decodes argv as UTF-8).
    if (positional.first().contains(QChar::ReplacementCharacter)) {
        printError(QStringLiteral("bad device name: the device id is not valid UTF-8"));
        return Usage;
    }
    const DeviceCatalog::Resolved resolved = m_catalog.resolve(positional.first());
    if (!resolved.ok()) {
        printError(QStringLiteral("bad device name: %1").arg(resolved.error));
        return Usage;
    }
    device = resolved.device;
    return std::nullopt;
}

} // namespace devlatch::cli
