#pragma once

#include "arbiter/Arbiter.h"
#include "model/DeviceCatalog.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>

namespace devlatch::cli {

// What every command shares: the parser with the common options, the configured devices,
// the scope and an arbiter for it.
class CliContext final {
public:
    CliContext(const QString &command, const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    void addJsonOption();
    // Parses; on --help prints help and returns Done, on bad usage prints the error and
    // returns Usage; returns -1 when the command should go on.
    int parse(const QStringList &arguments);
    // Loads the configuration (printing its warnings to stderr) and sets up the arbiter.
    // Returns -1 when usable, otherwise the exit code.
    int loadDevices();

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    const DeviceCatalog &catalog() const { return m_catalog; }
    Arbiter &arbiter() { return *m_arbiter; }

private:
    QString m_command;
    QCommandLineParser m_parser;
    DeviceCatalog m_catalog;
    std::unique_ptr<Arbiter> m_arbiter;
    bool m_hasJson = false;
};

void printOut(const QString &text);
void printError(const QString &text);

} // namespace devlatch::cli
