#include "Commands.h"

#include "ChildProcess.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "SignalWatcher.h"

#include "lock/CancelToken.h"

#include "config/DeviceConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <unistd.h>

namespace devlatch::cli {

namespace {

void printJson(const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    printOut(QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed());
}

QString deviceLabel(const Device &device)
{
    return device.name.isEmpty() || device.name == device.id ? device.id
                                                            : QStringLiteral("%1 (%2)").arg(device.id, device.name);
}

// The single DEV argument of status/who/claim, resolved through the catalog.
int resolveOne(CliContext &context, Device &device)
{
    const QStringList positional = context.parser().positionalArguments().mid(1);
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
    const DeviceCatalog::Resolved resolved = context.catalog().resolve(positional.first());
    if (!resolved.ok()) {
        printError(QStringLiteral("bad device name: %1").arg(resolved.error));
        return Usage;
    }
    device = resolved.device;
    return -1;
}

// Held locks in the lock directory whose ids are not configured: ad-hoc named resources
// that some process claims right now.
QList<Device> heldAdHocResources(Arbiter &arbiter, const DeviceCatalog &catalog)
{
    QList<Device> extra;
    const QDir directory(arbiter.lockDirectory());
    const QStringList files = directory.entryList({QStringLiteral("*.lock")}, QDir::Files | QDir::NoSymLinks);
    for (const QString &file : files) {
        QFile lockFile(directory.filePath(file));
        if (!lockFile.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = lockFile.read(lock::kMaxHolderRecordSize);
        const lock::HolderRecord record = lock::parseHolderRecord({content.constData(), size_t(content.size())});
        if (!record.isValid() || record.id.empty())
            continue;
        const QString id = QString::fromStdString(record.id);
        const bool known = std::any_of(catalog.devices().begin(), catalog.devices().end(),
                                       [&id](const Device &d) { return d.id == id; })
                           || std::any_of(extra.begin(), extra.end(), [&id](const Device &d) { return d.id == id; });
        if (!known)
            extra << catalog.resolve(id).device;
    }
    return extra;
}

} // namespace

int runList(const QStringList &arguments)
{
    CliContext context(QStringLiteral("list"), QStringLiteral("Lists the devices found on this machine and the "
                                                              "configured ones, and named resources held right now, "
                                                              "with who holds or uses them."));
    context.addJsonOption();
    if (const int code = context.parse(arguments); code >= 0)
        return code;
    if (context.parser().positionalArguments().size() > 1) {
        printError(QStringLiteral("list takes no device name"));
        return Usage;
    }
    if (const int code = context.loadDevices(); code >= 0)
        return code;

    QList<Device> devices = context.catalog().devices();
    devices += heldAdHocResources(context.arbiter(), context.catalog());
    QJsonArray array;
    QStringList rows;
    for (const Device &device : std::as_const(devices)) {
        const DeviceStatus status = context.arbiter().status(device, true);
        array.append(status.toJson());
        rows << QStringLiteral("%1  %2").arg(deviceLabel(device), -36).arg(status.summary());
    }
    if (context.json()) {
        printJson(array);
    } else if (rows.isEmpty()) {
        printOut(QStringLiteral("No devices found or configured and nothing held in %1.\n"
                                "Add devices to %2, or claim any name: devlatchctl claim NAME -- CMD")
                     .arg(context.arbiter().lockDirectory(), DeviceConfig::defaultFiles().constLast()));
    } else {
        printOut(rows.join(u'\n'));
    }
    return Done;
}

static int showStatus(const QStringList &arguments, bool whoOnly)
{
    CliContext context(whoOnly ? QStringLiteral("who") : QStringLiteral("status"),
                       whoOnly ? QStringLiteral("Shows who holds DEV and who waits for it, devlatch or not.")
                               : QStringLiteral("Shows whether DEV is free. Exit status: 0 free, 1 held, "
                                                "2 bad input, 3 error."));
    context.addJsonOption();
    context.parser().addPositionalArgument(QStringLiteral("DEV"), QStringLiteral("Device id, name or node path."));
    if (const int code = context.parse(arguments); code >= 0)
        return code;
    if (const int code = context.loadDevices(); code >= 0)
        return code;
    Device device;
    if (const int code = resolveOne(context, device); code >= 0)
        return code;

    const DeviceStatus status = context.arbiter().status(device, true);
    if (context.json()) {
        printJson(status.toJson());
    } else if (whoOnly) {
        const QStringList lines = status.holderLines();
        printOut(lines.isEmpty() ? QStringLiteral("nobody") : lines.join(u'\n'));
    } else {
        printOut(QStringLiteral("%1: %2").arg(deviceLabel(device), status.summary()));
        if (!status.lockPath.isEmpty())
            printOut(QStringLiteral("lock: %1").arg(status.lockPath));
    }
    if (status.state == DeviceStatus::State::Unknown) {
        if (!context.json())
            printError(status.error);
        return SystemError;
    }
    if (whoOnly)
        return Done;
    return status.isBusy() ? BusyOrTimedOut : Done;
}

int runStatus(const QStringList &arguments)
{
    return showStatus(arguments, false);
}

int runWho(const QStringList &arguments)
{
    return showStatus(arguments, true);
}

namespace {

// What the signal watcher should do with a signal at each stage of a claim.
class ClaimSignals final {
public:
    enum class Stage { Waiting, Holding, RunningChild };

    void setStage(Stage stage, pid_t child = -1)
    {
        std::lock_guard lock(m_mutex);
        m_stage = stage;
        m_child = child;
    }
    void onSignal(int signal, bool fromTerminal)
    {
        std::lock_guard lock(m_mutex);
        if (m_signal == 0)
            m_signal = signal;
        switch (m_stage) {
        case Stage::Waiting: m_cancel.cancel(); break;
        case Stage::Holding: m_changed.notify_all(); break;
        case Stage::RunningChild:
            // Ctrl-C already reached the child through the terminal's process group.
            if (!fromTerminal && m_child > 0)
                kill(m_child, signal);
            break;
        }
    }
    void waitForSignal()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_signal != 0; });
    }
    int signal() const
    {
        std::lock_guard lock(m_mutex);
        return m_signal;
    }
    lock::CancelToken &cancelToken() { return m_cancel; }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Stage m_stage = Stage::Waiting;
    pid_t m_child = -1;
    int m_signal = 0;
    lock::CancelToken m_cancel;
};

// --wait alone means forever; --wait=SECONDS a timeout. QCommandLineParser has no optional
// values, so the bare form is rewritten before parsing (only before "--").
QStringList normaliseWaitOption(QStringList arguments)
{
    for (int i = 0; i < arguments.size() && arguments.at(i) != u"--"; ++i)
        if (arguments.at(i) == u"--wait")
            arguments[i] = QStringLiteral("--wait=forever");
    return arguments;
}

} // namespace

int runClaim(const QStringList &rawArguments)
{
    CliContext context(QStringLiteral("claim"),
                       QStringLiteral("Claims DEV for the duration of CMD, or until a signal with --hold.\n"
                                      "Exit status: CMD's own; 1 when DEV is busy or the wait timed out "
                                      "(the message names the holder); 2 bad input; 3 system error; "
                                      "128+N when signal N ended the wait."));
    QCommandLineParser &parser = context.parser();
    parser.addPositionalArgument(QStringLiteral("DEV"), QStringLiteral("Device id, name or node path."));
    parser.addPositionalArgument(QStringLiteral("-- CMD [ARGS...]"), QStringLiteral("Command to run while holding DEV."));
    parser.addOption({QStringLiteral("wait"),
                      QStringLiteral("Wait until DEV is free; with =SECONDS give up after that long (exit 1)."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("A note shown to others, e.g. what you are doing."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("hold"), QStringLiteral("Hold DEV until SIGINT or SIGTERM instead of running a command.")});

    // Everything after "--" belongs to CMD, untouched by our parser.
    const QStringList arguments = normaliseWaitOption(rawArguments);
    const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
    const QStringList ours = separator < 0 ? arguments : arguments.mid(0, separator);
    const QStringList command = separator < 0 ? QStringList() : arguments.mid(separator + 1);
    if (const int code = context.parse(ours); code >= 0)
        return code;

    const bool hold = parser.isSet(QStringLiteral("hold"));
    if (hold == !command.isEmpty()) {
        printError(hold ? QStringLiteral("--hold and a command exclude each other")
                        : QStringLiteral("what should run while DEV is held? Use: devlatchctl claim DEV -- CMD [ARGS...] "
                                         "or devlatchctl claim DEV --hold"));
        return Usage;
    }
    lock::WaitPolicy wait = lock::WaitPolicy::noWait();
    if (parser.isSet(QStringLiteral("wait"))) {
        const QString value = parser.value(QStringLiteral("wait"));
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (value == u"forever") {
            wait = lock::WaitPolicy::forever();
        } else if (!ok || seconds < 0 || seconds > 365.0 * 24 * 3600) {
            printError(QStringLiteral("--wait=SECONDS needs a number of seconds, not \"%1\"").arg(value));
            return Usage;
        } else {
            wait = lock::WaitPolicy::upTo(std::chrono::milliseconds(qint64(seconds * 1000.0 + 0.5)));
        }
    }
    const QString note = parser.value(QStringLiteral("note"));
    if (note.toUtf8().size() > qsizetype(lock::kMaxNoteLength)) {
        printError(QStringLiteral("--note is longer than %1 bytes").arg(lock::kMaxNoteLength));
        return Usage;
    }
    if (const int code = context.loadDevices(); code >= 0)
        return code;
    Device device;
    if (const int code = resolveOne(context, device); code >= 0)
        return code;

    static ClaimSignals claimSignals; // the watcher thread outlives this function
    SignalWatcher::start([](int signal, bool fromTerminal) { claimSignals.onSignal(signal, fromTerminal); });

    ClaimOptions options;
    options.wait = wait;
    options.note = note;
    // The pid in the record is ours (we hold the lock), so say what we run on whose behalf.
    options.program = hold ? QStringLiteral("devlatchctl")
                           : QStringLiteral("%1 via devlatchctl").arg(QFileInfo(command.first()).fileName());
    options.cancel = &claimSignals.cancelToken();
    const ClaimResult result = context.arbiter().claim(device, options);
    switch (result.status) {
    case lock::AcquireStatus::Acquired: break;
    case lock::AcquireStatus::Busy:
    case lock::AcquireStatus::TimedOut:
        printError(result.message);
        return BusyOrTimedOut;
    case lock::AcquireStatus::Cancelled:
        return 128 + (claimSignals.signal() ? claimSignals.signal() : SIGINT);
    case lock::AcquireStatus::AlreadyHeld:
        printError(result.message);
        return BusyOrTimedOut;
    case lock::AcquireStatus::Error:
        printError(result.message);
        return SystemError;
    }
    // The lock is ours, but a program that does not take it may be using the device.
    if (const DeviceStatus now = context.arbiter().status(device, true); !now.foreignUse.isEmpty()) {
        QStringList uses;
        for (const ForeignUse &use : now.foreignUse)
            uses << use.describe();
        printError(QStringLiteral("warning: %1 is in use outside devlatch: %2").arg(deviceLabel(device), uses.join(QStringLiteral("; "))));
    }
    if (result.abandoned)
        printError(QStringLiteral("warning: %1: %2")
                       .arg(deviceLabel(device), QString::fromStdString(lock::describeAbandoned(*result.abandoned))));
    // A signal that arrived in the instant between the grant and here still counts.
    if (claimSignals.signal() != 0) {
        context.arbiter().releaseAll();
        return 128 + claimSignals.signal();
    }

    if (hold) {
        claimSignals.setStage(ClaimSignals::Stage::Holding);
        printOut(QStringLiteral("holding %1 as pid %2; SIGINT (Ctrl-C) or SIGTERM releases it")
                     .arg(deviceLabel(device))
                     .arg(getpid()));
        claimSignals.waitForSignal();
        context.arbiter().releaseAll();
        return Done;
    }

    ChildProcess child;
    QString error;
    if (!child.start(command, error)) {
        context.arbiter().releaseAll();
        printError(error);
        return CommandNotRun;
    }
    claimSignals.setStage(ClaimSignals::Stage::RunningChild, child.pid());
    const int status = child.wait();
    claimSignals.setStage(ClaimSignals::Stage::Holding);
    context.arbiter().releaseAll();
    return status;
}

} // namespace devlatch::cli
