#include "CliContext.h"

#include "ExitCode.h"
#include "config/DeviceConfig.h"
#include "discovery/UdevDiscovery.h"
#include "model/DeviceInventory.h"

#include <cstdio>

namespace devlatch::cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &text)
{
    const QByteArray bytes = "devlatchctl: " + text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

CliContext::CliContext(const QString &command, const QString &description)
    : m_command(command)
{
    m_parser.setApplicationDescription(description);
    // Not addHelpOption(): its --help-all lists Qt's GUI options, which mean nothing here.
    m_parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Shows this help.")});
    m_parser.addOption({QStringLiteral("scope"),
                        QStringLiteral("Lock scope: machine (default; every user sees the claim) or user."),
                        QStringLiteral("machine|user")});
    m_parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("The command: %1").arg(command),
                                   command);
}

void CliContext::addJsonOption()
{
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON for other programs.")});
    m_hasJson = true;
}

int CliContext::parse(const QStringList &arguments)
{
    QStringList withProgram = arguments;
    withProgram.prepend(QStringLiteral("devlatchctl"));
    if (!m_parser.parse(withProgram)) {
        printError(m_parser.errorText() + QStringLiteral("\nTry: devlatchctl %1 --help").arg(m_command));
        return Usage;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        QString help = m_parser.helpText().trimmed();
        help.replace(QStringLiteral("<executable_name>"), QStringLiteral("devlatchctl"));
        help.replace(QStringLiteral("--wait <SECONDS>  "), QStringLiteral("--wait[=SECONDS]  "));
        printOut(help);
        return Done;
    }
    const QString scope = m_parser.value(QStringLiteral("scope"));
    if (!scope.isEmpty() && scope != u"machine" && scope != u"user") {
        printError(QStringLiteral("--scope must be machine or user, not \"%1\"").arg(scope));
        return Usage;
    }
    return -1;
}

int CliContext::loadDevices()
{
    const DeviceConfig config = DeviceConfig::load();
    for (const QString &warning : config.warnings)
        printError(QStringLiteral("warning: ") + warning);
    // The configured devices merged with the ones udev finds on this machine right now, so
    // /dev/ttyUSB0, its /dev/serial/by-id link, the stable id and the alias take one lock.
    const QList<Device> discovered = discoveryEnabled() ? UdevDiscovery::enumerate() : QList<Device>();
    m_catalog = DeviceCatalog::build(config.devices, discovered, config.hide);
    QString scope = m_parser.value(QStringLiteral("scope"));
    if (scope.isEmpty())
        scope = config.scope;
    m_arbiter = std::make_unique<Arbiter>(scope == u"user" ? lock::Scope::User : lock::Scope::Machine);
    if (!m_arbiter->directoryError().isEmpty()) {
        printError(m_arbiter->directoryError());
        return SystemError;
    }
    return -1;
}

} // namespace devlatch::cli
