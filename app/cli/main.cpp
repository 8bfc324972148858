// SPDX-License-Identifier: MIT
// devlatchctl: the command-line client. Scripts take the very same device locks as the tray.

#include "Arguments.h"
#include "CommandGuard.h"
#include "Commands.h"
#include "ExitCode.h"
#include "LabCommands.h"
#include "Output.h"
#include "ProcessSetup.h"

#include <QStringList>

using namespace devlatch::cli;

static const char kUsage[] =
    "Usage: devlatchctl [--scope machine|user|lab] COMMAND [OPTIONS] [DEV] [-- CMD ARGS...]\n"
    "\n"
    "Named inter-process locks for shared lab hardware.\n"
    "\n"
    "Commands:\n"
    "  list                    devices, their nodes and who holds them (--names: names only)\n"
    "  status DEV              is DEV free? (exit 0 free, 1 held)\n"
    "  who DEV                 who holds DEV and who waits for it\n"
    "  claim DEV -- CMD ARGS   run CMD while holding DEV; exits with CMD's status\n"
    "  claim DEV --hold        hold DEV until SIGINT/SIGTERM\n"
    "  lab status|publish|steal|maintenance|audit   the lab scope's cluster, publishing, admin actions\n"
    "\n"
    "Common options: --scope machine|user|lab, --json (list, status, who), -h/--help, -V/--version.\n"
    "Exit status: 0 done, 1 busy or timed out (claim -E N: N), 2 usage or bad input, 3 system error;\n"
    "claim -- CMD: CMD's own, 126 not executable, 127 not found.\n"
    "Run 'devlatchctl COMMAND --help' for a command's options.";

int main(int argc, char *argv[])
{
    // Windows: this process may be the guard of another devlatchctl's command.
    if (const std::optional<int> guarded = runAsCommandGuard(rawArguments(argc, argv)))
        return *guarded;
    // Before any thread exists, so every thread inherits the blocked mask.
    prepareProcess();
    // No QCoreApplication: nothing here needs an event loop, and constructing one costs more
    // than the whole lock round trip (see the start-up row of devlatch-bench).
    // Our own arguments as text; CMD after "--" stays bytes, passed on untouched.
    QStringList arguments;
    QByteArrayList command;
    bool inCommand = false;
    for (const QByteArray &argument : rawArguments(argc, argv)) {
        if (inCommand) {
            command << argument;
            continue;
        }
        arguments << decodeArgument(argument.constData());
        inCommand = arguments.constLast() == u"--";
    }
    // Options may come before the command: devlatchctl --scope user status DEV.
    qsizetype commandIndex = 0;
    while (commandIndex < arguments.size() && arguments.at(commandIndex).startsWith(u'-')
           && arguments.at(commandIndex) != u"--") {
        const QString option = arguments.at(commandIndex);
        commandIndex += (option == u"--scope") ? 2 : 1;
    }
    if (commandIndex >= arguments.size() || arguments.at(commandIndex) == u"--") {
        if (arguments.contains(QStringLiteral("--version")) || arguments.contains(QStringLiteral("-V"))) {
            printOut(QStringLiteral("devlatchctl " DEVLATCH_VERSION));
            return Done;
        }
        if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
            printOut(QString::fromLatin1(kUsage));
            return Done;
        }
        printError(QStringLiteral("which command?\n") + QString::fromLatin1(kUsage));
        return Usage;
    }
    const QString name = arguments.takeAt(commandIndex);
    arguments.prepend(name); // the command's parser sees: COMMAND [options...] [DEV] ...

    if (name == u"list")
        return runList(arguments);
    if (name == u"status")
        return runStatus(arguments);
    if (name == u"who")
        return runWho(arguments);
    if (name == u"claim")
        return runClaim(arguments, command);
    if (name == u"lab")
        return runLab(arguments);
    printError(QStringLiteral("unknown command \"%1\"; commands: list, status, who, claim, lab").arg(name));
    return Usage;
}
