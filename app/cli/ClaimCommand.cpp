// SPDX-License-Identifier: MIT
#include "ClaimCommand.h"

#include <QFileInfo>

#include "ClaimSession.h"
#include "CliContext.h"
#include "Commands.h"
#include "LabCommands.h"
#include "ExitCode.h"
#include "Output.h"
#include "SignalWatcher.h"

#include "lock/Numbers.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace devlatch::cli {

namespace {

constexpr double kMaxWaitSeconds = 365.0 * 24 * 3600;

void addClaimOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("DEV"), QStringLiteral("Device id, name or node path."));
    parser.addPositionalArgument(QStringLiteral("-- CMD [ARGS...]"), QStringLiteral("Command to run while holding DEV."));
    parser.addOption({{QStringLiteral("w"), QStringLiteral("wait")},
                      QStringLiteral("Wait until DEV is free; with SECONDS (--wait 30, --wait=30, -w 30) give up after "
                                     "that long (exit 1, or the -E code)."),
                      QStringLiteral("SECONDS")});
    parser.addOption({{QStringLiteral("n"), QStringLiteral("nonblock")},
                      QStringLiteral("Fail at once when DEV is busy (the default, unlike flock(1), which waits).")});
    parser.addOption({{QStringLiteral("E"), QStringLiteral("conflict-exit-code")},
                      QStringLiteral("Exit with N instead of 1 when DEV is busy or the wait timed out, so a script "
                                     "can tell that from CMD's own 1 (0-255)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("A note shown to others, e.g. what you are doing."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("any"),
                      QStringLiteral("Instead of DEV: claim the first free device that matches SELECTOR, print its id "
                                     "and give CMD DEVLATCH_DEVICE and DEVLATCH_NODE. SELECTOR is kind=KIND or a glob on "
                                     "id, name or alias, e.g. --any kind=serial."),
                      QStringLiteral("SELECTOR")});
    parser.addOption({QStringLiteral("hold"), QStringLiteral("Hold DEV until %1 instead of running a command.")
                                                  .arg(QLatin1String(SignalWatcher::releaseHint()))});
    parser.addOption({QStringLiteral("max-hold"),
                      QStringLiteral("Lab scope: release DEV after DURATION (2h, 30m, 90s) whatever happens; others see "
                                     "\"until\" in the record."),
                      QStringLiteral("DURATION")});
    parser.addOption({QStringLiteral("on-lost"),
                      QStringLiteral("Lab scope: what happens to CMD when the claim is lost (the session expired, an admin "
                                     "took the device, --max-hold ended): warn (default: a loud message, CMD goes on) or kill "
                                     "(CMD is ended before the server can free the claim: SIGTERM at 3/4 of the TTL without a "
                                     "confirmed keepalive, SIGKILL at 9/10). Either way exit 4 tells CMD ran unprotected."),
                      QStringLiteral("warn|kill")});
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
    if (parser.isSet(QStringLiteral("wait")) && parser.isSet(QStringLiteral("nonblock"))) {
        printError(QStringLiteral("--wait and --nonblock exclude each other"));
        return Usage;
    }
    if (parser.isSet(QStringLiteral("conflict-exit-code"))) {
        const QString value = parser.value(QStringLiteral("conflict-exit-code"));
        const auto code = lock::parseNumber<int>(value.toStdString());
        if (!code || *code < 0 || *code > 255) {
            printError(QStringLiteral("--conflict-exit-code needs a number from 0 to 255, not \"%1\"").arg(value));
            return Usage;
        }
        request.conflictExitCode = *code;
    }
    if (parser.isSet(QStringLiteral("wait"))) {
        const QString value = parser.value(QStringLiteral("wait"));
        const auto wait = parseWait(value);
        if (!wait) {
            printError(QStringLiteral("--wait SECONDS needs a number of seconds from 0 to %1, not \"%2\"")
                           .arg(kMaxWaitSeconds, 0, 'f', 0)
                           .arg(value));
            return Usage;
        }
        request.wait = *wait;
    }
    request.any = parser.value(QStringLiteral("any"));
    if (parser.isSet(QStringLiteral("any")) && (request.any.isEmpty() || parser.isSet(QStringLiteral("wait")))) {
        printError(request.any.isEmpty() ? QStringLiteral("--any needs a selector, e.g. --any kind=serial")
                                         : QStringLiteral("--any claims the first free device at once; it takes no --wait"));
        return Usage;
    }
    const bool lab = parser.value(QStringLiteral("scope")) == u"lab";
    if ((parser.isSet(QStringLiteral("max-hold")) || parser.isSet(QStringLiteral("on-lost"))) && !lab) {
        printError(QStringLiteral("--max-hold and --on-lost are for the lab scope (--scope lab)"));
        return Usage;
    }
    if (parser.isSet(QStringLiteral("max-hold"))) {
        const auto seconds = parseDuration(parser.value(QStringLiteral("max-hold")));
        if (!seconds || *seconds == 0) {
            printError(QStringLiteral("--max-hold needs a duration such as 2h, 30m or 90s, not \"%1\"")
                           .arg(parser.value(QStringLiteral("max-hold"))));
            return Usage;
        }
        request.maxHoldSeconds = *seconds;
    }
    const QString onLost = parser.value(QStringLiteral("on-lost"));
    if (!onLost.isEmpty() && onLost != u"warn" && onLost != u"kill") {
        printError(QStringLiteral("--on-lost must be warn or kill, not \"%1\"").arg(onLost));
        return Usage;
    }
    request.onLostKill = onLost == u"kill";
    request.note = parser.value(QStringLiteral("note"));
    if (request.note.toUtf8().size() > qsizetype(lock::kMaxNoteLength)) {
        printError(QStringLiteral("--note is longer than %1 bytes").arg(lock::kMaxNoteLength));
        return Usage;
    }
    return std::nullopt;
}

// --any: the candidates in a stable order (present ones, by id), each tried without waiting.
int claimAny(CliContext &context, ClaimRequest request)
{
    if (!context.parser().positionalArguments().isEmpty()) {
        printError(QStringLiteral("--any replaces DEV; unexpected \"%1\"").arg(context.parser().positionalArguments().first()));
        return Usage;
    }
    QList<Device> candidates;
    for (const Device &device : context.catalog().devices())
        if (device.present && matchesSelector(device, request.any))
            candidates << device;
    std::sort(candidates.begin(), candidates.end(), [](const Device &a, const Device &b) { return a.id < b.id; });
    if (candidates.isEmpty()) {
        printError(QStringLiteral("no device matches \"%1\" (see: devlatchctl list)").arg(request.any));
        return Usage;
    }
    request.quietWhenBusy = true;
    request.announce = true;
    for (const Device &device : std::as_const(candidates)) {
        ClaimSession session(context, device, request);
        const int code = session.run();
        if (!session.wasBusy())
            return code;
    }
    printError(QStringLiteral("all %1 devices matching \"%2\" are busy (see: devlatchctl list)")
                   .arg(candidates.size())
                   .arg(request.any));
    return request.conflictExitCode;
}

} // namespace

bool matchesSelector(const Device &device, const QString &selector)
{
    if (selector.startsWith(QStringLiteral("kind=")))
        return device.kind.compare(selector.mid(5), Qt::CaseInsensitive) == 0;
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(selector, QRegularExpression::UnanchoredWildcardConversion),
                                  QRegularExpression::CaseInsensitiveOption);
    const QString anchored = QStringLiteral("\\A(?:%1)\\z").arg(glob.pattern());
    const QRegularExpression exact(anchored, QRegularExpression::CaseInsensitiveOption);
    for (const QString &name : {device.id, device.key, device.alias, device.name})
        if (!name.isEmpty() && exact.match(name).hasMatch())
            return true;
    return false;
}

QStringList normaliseWaitOption(QStringList arguments)
{
    for (int i = 0; i < arguments.size() && arguments.at(i) != u"--"; ++i) {
        if (arguments.at(i) != u"--wait" && arguments.at(i) != u"-w")
            continue;
        // A number next is its value (--wait 30); anything else (DEV, an option, "--",
        // nothing) leaves the bare form, which waits forever.
        if (i + 1 < arguments.size() && arguments.at(i + 1) != u"forever" && parseWait(arguments.at(i + 1))) {
            arguments[i] = QStringLiteral("--wait=") + arguments.takeAt(i + 1);
        } else {
            arguments[i] = QStringLiteral("--wait=forever");
        }
    }
    return arguments;
}

std::optional<qint64> parseDuration(const QString &value)
{
    static const QRegularExpression form(QStringLiteral("\\A(?:(\\d{1,5})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s?)?\\z"));
    const QRegularExpressionMatch match = form.match(value.trimmed());
    if (value.trimmed().isEmpty() || !match.hasMatch())
        return std::nullopt;
    const qint64 seconds = match.captured(1).toLongLong() * 3600 + match.captured(2).toLongLong() * 60 + match.captured(3).toLongLong();
    if (seconds > qint64(kMaxWaitSeconds))
        return std::nullopt;
    return seconds;
}

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
    if (context.isLab())
        return claimInLab(context, request);
    if (!request.any.isEmpty())
        return claimAny(context, request);
    Device device;
    if (const auto code = context.resolveDevice(device))
        return *code;
    return ClaimSession(context, device, request).run();
}

QString holderProgram(const ClaimRequest &request)
{
    if (request.hold || request.command.isEmpty())
        return QStringLiteral("devlatchctl");
    const QString program = QFileInfo(QString::fromLocal8Bit(request.command.first())).fileName();
    if (program == u"devlatchctl" || program.compare(QStringLiteral("devlatchctl.exe"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("devlatchctl (nested claim)");
    return QStringLiteral("%1 via devlatchctl").arg(program);
}

} // namespace devlatch::cli
