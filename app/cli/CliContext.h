// SPDX-License-Identifier: MIT
#pragma once

#include "arbiter/Arbiter.h"
#include "config/LabSettings.h"
#include "model/DeviceCatalog.h"

#include <QCommandLineParser>

#include <memory>
#include <optional>

namespace devlatch::cli {

// What every command shares: the parser with the common options, the devices (through the
// shared DeviceInventory), the scope and an arbiter for it.
class CliContext final {
public:
    CliContext(const QString &command, const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    void addJsonOption();
    // Parses. An exit code when the command is done already (--help printed: Done; bad
    // usage reported: Usage); nothing when the command should go on.
    std::optional<int> parse(const QStringList &arguments);
    // Loads the devices (printing every warning to stderr) and sets up the arbiter. An exit
    // code when the command cannot go on.
    std::optional<int> loadDevices();
    // The single DEV argument of status/who/claim, resolved; an exit code on bad input.
    std::optional<int> resolveDevice(Device &device) const;

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    // --scope lab: the devices live in etcd (LabCommands.h); no local arbiter is made.
    bool isLab() const { return m_parser.value(QStringLiteral("scope")) == u"lab"; }
    LabSettings labSettings() const { return m_lab; }
    const DeviceCatalog &catalog() const { return m_catalog; }
    Arbiter &arbiter() { return *m_arbiter; }

private:
    QString m_command;
    QCommandLineParser m_parser;
    DeviceCatalog m_catalog;
    std::unique_ptr<Arbiter> m_arbiter;
    LabSettings m_lab;
};

// "usb:0403:6001:A50285BI (Bench PSU)", or the id alone when it has no other name.
QString deviceLabel(const Device &device);

} // namespace devlatch::cli
