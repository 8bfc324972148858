// SPDX-License-Identifier: MIT
#include "ClaimSession.h"

#include "ChildProcess.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "Output.h"
#include "SignalRoute.h"
#include "SignalWatcher.h"

#include "model/LockWording.h"

#include "lock/LockFileWatch.h"
#include "lock/LockName.h"

#include <QCoreApplication>


namespace devlatch::cli {


ClaimSession::ClaimSession(CliContext &context, const Device &device, const ClaimRequest &request)
    : m_context(context), m_device(device), m_request(request)
{
    m_signalsRouted = routeSignalsTo([this](int signal, bool fromTerminal) { onSignal(signal, fromTerminal); });
}

ClaimSession::~ClaimSession()
{
    routeSignalsTo({});
}

void ClaimSession::onSignal(int signal, bool fromTerminal)
{
    if (!SignalWatcher::isChildSignal(signal))
        m_cancel.cancel(); // ends a wait; harmless once granted
    m_events.postSignal(signal, fromTerminal);
}

int ClaimSession::run()
{
    if (!m_events.isOpen() || !m_signalsRouted) {
        printError(QStringLiteral("cannot start watching for signals (out of threads or descriptors); nothing was claimed"));
        return SystemError;
    }
    if (const auto refused = acquire())
        return *refused;
    // A signal that arrived while the claim was being granted ends it before anything runs.
    if (const auto signal = pendingSignal()) {
        m_context.arbiter().releaseAll();
        return 128 + signal->signal;
    }
    return m_request.hold ? hold() : runCommand();
}

std::optional<int> ClaimSession::acquire()
{
    ClaimOptions options;
    options.wait = m_request.wait;
    options.note = m_request.note;
    // The pid in the record is ours (we hold the lock), so say what we run on whose behalf.
    options.program = holderProgram(m_request);
    options.cancel = &m_cancel;
    const ClaimResult result = m_context.arbiter().claim(m_device, options);
    switch (result.status) {
    case lock::AcquireStatus::Acquired:
        warnAboutOthers(result);
        if (m_request.announce) {
            // --any: say which one, and let CMD know without parsing our output.
            printOut(m_device.id);
            qputenv("DEVLATCH_DEVICE", m_device.id.toUtf8());
            qputenv("DEVLATCH_NODE", m_device.nodes.value(0).toLocal8Bit());
        }
        return std::nullopt;
    case lock::AcquireStatus::Busy:
    case lock::AcquireStatus::TimedOut:
    case lock::AcquireStatus::AlreadyHeld:
        m_busy = true;
        if (!m_request.quietWhenBusy)
            printError(result.message);
        return m_request.conflictExitCode;
    case lock::AcquireStatus::Cancelled: {
        const auto signal = pendingSignal();
        return 128 + (signal ? signal->signal : 2);
    }
    case lock::AcquireStatus::Error: printError(result.message); return SystemError;
    }
    return SystemError;
}

std::optional<ClaimEvents::Event> ClaimSession::pendingSignal()
{
    while (const auto event = m_events.next(-1, 0))
        if (event->kind == ClaimEvents::Event::Kind::Signal && !SignalWatcher::isChildSignal(event->signal))
            return event;
    return std::nullopt;
}

// The lock is ours, but a program that does not take it may be using the device, and the
// previous holder may have ended without releasing.
void ClaimSession::warnAboutOthers(const ClaimResult &result)
{
    if (const QList<ForeignUse> foreign = m_context.arbiter().foreignUseOf(m_device); !foreign.isEmpty()) {
        QStringList uses;
        for (const ForeignUse &use : foreign)
            uses << use.describe();
        printError(QStringLiteral("warning: %1 is in use outside devlatch: %2")
                       .arg(deviceLabel(m_device), uses.join(QStringLiteral("; "))));
    }
    if (result.abandoned)
        printError(QStringLiteral("warning: %1: %2").arg(deviceLabel(m_device), LockWording::abandoned(*result.abandoned)));
}

// Closing a watch costs the kernel milliseconds (an RCU grace period), more than a whole
// short claim: a claim that ends at once never opens one. One that goes on watches after
// kWatchAfterMs and checks at once what happened before.
static constexpr int kWatchAfterMs = 250;

std::optional<ClaimEvents::Event> ClaimSession::nextEvent()
{
    if (m_watch)
        return m_events.next(m_watch->descriptor());
    if (auto event = m_events.next(-1, kWatchAfterMs))
        return event;
    if (const auto location = m_context.arbiter().lockLocation(m_device))
        m_watch = std::make_unique<lock::LockFileWatch>(*location);
    return ClaimEvents::Event{ClaimEvents::Event::Kind::LockFileChanged, 0, false};
}

void ClaimSession::checkLockFile()
{
    if (m_watch && m_watch->descriptor() >= 0)
        m_watch->takeEvents();
    for (const auto &[id, result] : m_context.arbiter().verifyHeld()) {
        if (result.state == lock::DeviceLock::Integrity::Restored) {
            printError(QStringLiteral("warning: the lock file of %1 was removed or replaced while held; devlatchctl took "
                                      "the new one too, so newcomers are refused again (lock files must never be removed)")
                           .arg(deviceLabel(m_device)));
        } else {
            const QString why = result.problem ? LockWording::problem(result.problem)
                                               : m_context.arbiter().status(m_device).summary();
            printError(QStringLiteral("warning: the lock file of %1 was removed or replaced while held, and the new one "
                                      "could not be taken: %2. Another process may now use the device too.")
                           .arg(deviceLabel(m_device), why));
        }
    }
}

int ClaimSession::hold()
{
    printOut(QStringLiteral("holding %1 as pid %2; %3 releases it")
                 .arg(deviceLabel(m_device))
                 .arg(QCoreApplication::applicationPid())
                 .arg(QLatin1String(SignalWatcher::releaseHint())));
    for (;;) {
        const auto event = nextEvent();
        if (!event)
            continue;
        if (event->kind == ClaimEvents::Event::Kind::LockFileChanged)
            checkLockFile();
        else if (!SignalWatcher::isChildSignal(event->signal))
            break;
    }
    m_context.arbiter().releaseAll();
    return Done;
}

int ClaimSession::runCommand()
{
    ChildProcess child;
    QString error;
    const ChildProcess::StartError started =
        child.start(m_request.command, m_context.arbiter().inheritableDescriptor(m_device.id), error);
    if (started != ChildProcess::StartError::None) {
        m_context.arbiter().releaseAll();
        printError(error);
        return started == ChildProcess::StartError::NotExecutable ? CommandNotExecutable
               : started == ChildProcess::StartError::NotFound    ? CommandNotFound
                                                                  : SystemError;
    }
    m_context.arbiter().setCommand(m_device.id, child.pid());
    bool announced = false;
    for (;;) {
        // Any signal already queued (even one from before CMD started) is handled here.
        const auto event = nextEvent();
        if (!event)
            continue;
        if (event->kind == ClaimEvents::Event::Kind::LockFileChanged) {
            checkLockFile();
            continue;
        }
        if (!SignalWatcher::isChildSignal(event->signal)) {
            // Ctrl-C already reached CMD through the terminal's process group.
            if (!event->fromTerminal || child.exitCode())
                child.signal(event->signal);
            continue;
        }
        const bool commandEnded = child.collect();
        if (!commandEnded)
            continue;
        if (m_request.releaseOnExit || !child.childrenLeft())
            break;
        if (!announced) {
            QStringList left;
            for (const qint64 pid : child.leftBehind())
                left << QStringLiteral("pid %1").arg(pid);
            printError(QStringLiteral("%1 exited with status %2; %3 keeps the claim until the processes it left running "
                                      "have ended (%4); --release-on-exit would not wait for them")
                           .arg(QString::fromLocal8Bit(m_request.command.first()))
                           .arg(*child.exitCode())
                           .arg(deviceLabel(m_device), left.join(QStringLiteral(", "))));
            announced = true;
        }
    }
    m_context.arbiter().releaseAll();
    return *child.exitCode();
}

} // namespace devlatch::cli
