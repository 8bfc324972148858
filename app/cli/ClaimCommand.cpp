#include "ClaimCommand.h"

#include "ClaimSession.h"
#include "CliContext.h"
#include "Commands.h"
#include "ExitCode.h"
#include "Output.h"

#include "lock/Numbers.h"

#include <cmath>

namespace devlatch::cli {

namespace {

constexpr double kMaxWaitSeconds = 365.0 * 24 * 3600;

// --wait alone means forever. QCommandLineParser has no optional values, so the bare form
// is rewritten before parsing (only before "--").
QStringList normaliseWaitOption(QStringList arguments)
{
    for (int i = 0; i < arguments.size() && arguments.at(i) != u"--"; ++i)
        if (arguments.at(i) == u"--wait")
            arguments[i] = QStringLiteral("--wait=forever");
    return arguments;
}

void addClaimOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("DEV"), QStringLiteral("Device id, name or node path."));
    parser.addPositionalArgument(QStringLiteral("-- CMD [ARGS...]"), QStringLiteral("Command to run while holding DEV."));
    parser.addOption({QStringLiteral("wait"),
                      QStringLiteral("Wait until DEV is free; with =SECONDS give up after that long (exit 1)."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("A note shown to others, e.g. what you are doing."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("hold"), QStringLiteral("Hold DEV until SIGINT or SIGTERM instead of running a command.")});
    parser.addOption({QStringLiteral("release-on-exit"),
                      QStringLiteral("Release DEV as soon as CMD exits, even if processes it started are still running "
                                     "(they lose the claim). Without it the claim lasts until they have exited too.")});
}

// Parses the claim's own options; CMD is everything after "--", untouched.
std::optional<int> parseRequest(CliContext &context, const QStringList &rawArguments, const QByteArrayList &command,
                                ClaimRequest &request)
{
    const QStringList arguments = normaliseWaitOption(rawArguments);
    const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
    if (const auto code = context.parse(separator < 0 ? arguments : arguments.mid(0, separator)))
        return code;
    QCommandLineParser &parser = context.parser();
    request.hold = parser.isSet(QStringLiteral("hold"));
    request.releaseOnExit = parser.isSet(QStringLiteral("release-on-exit"));
    request.command = command;
    if (request.hold == !request.command.isEmpty()) {
        printError(request.hold ? QStringLiteral("--hold and a command exclude each other")
                                : QStringLiteral("what should run while DEV is held? Use: devlatchctl claim DEV -- CMD [ARGS...] "
                                                 "or devlatchctl claim DEV --hold"));
        return Usage;
    }
    if (parser.isSet(QStringLiteral("wait"))) {
        const QString value = parser.value(QStringLiteral("wait"));
        const auto wait = parseWait(value);
        if (!wait) {
            printError(QStringLiteral("--wait=SECONDS needs a number of seconds from 0 to %1, not \"%2\"")
                           .arg(kMaxWaitSeconds, 0, 'f', 0)
                           .arg(value));
            return Usage;
        }
        request.wait = *wait;
    }
    request.note = parser.value(QStringLiteral("note"));
    if (request.note.toUtf8().size() > qsizetype(lock::kMaxNoteLength)) {
        printError(QStringLiteral("--note is longer than %1 bytes").arg(lock::kMaxNoteLength));
        return Usage;
    }
    return std::nullopt;
}

} // namespace

std::optional<lock::WaitPolicy> parseWait(const QString &value)
{
    if (value == u"forever")
        return lock::WaitPolicy::forever();
    const auto seconds = lock::parseNumber<double>(value.toStdString());
    if (!seconds || !std::isfinite(*seconds) || *seconds < 0 || *seconds > kMaxWaitSeconds)
        return std::nullopt;
    return lock::WaitPolicy::upTo(std::chrono::milliseconds(qint64(std::llround(*seconds * 1000.0))));
}

int runClaim(const QStringList &arguments, const QByteArrayList &command)
{
    CliContext context(QStringLiteral("claim"),
                       QStringLiteral("Claims DEV for the duration of CMD, or until a signal with --hold.\n"
                                      "CMD inherits one descriptor of the lock, as with flock(1): the claim lasts while "
                                      "CMD or any process it passes the descriptor on to runs, even if devlatchctl is "
                                      "killed, and devlatchctl waits for the processes CMD leaves running unless "
                                      "--release-on-exit is given. SIGINT, SIGTERM and SIGHUP are passed on to CMD; a "
                                      "signal that was ignored when devlatchctl started stays ignored for CMD too.\n"
                                      "Exit status: CMD's own; 1 when DEV is busy or the wait timed out "
                                      "(the message names the holder); 2 bad input; 3 system error; 126 CMD cannot "
                                      "be executed; 127 CMD not found; 128+N when signal N ended the wait."));
    addClaimOptions(context.parser());
    ClaimRequest request;
    if (const auto code = parseRequest(context, arguments, command, request))
        return *code;
    if (const auto code = context.loadDevices())
        return *code;
    Device device;
    if (const auto code = context.resolveDevice(device))
        return *code;
    return ClaimSession(context, device, request).run();
}

} // namespace devlatch::cli
