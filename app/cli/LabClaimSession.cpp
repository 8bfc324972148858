// SPDX-License-Identifier: MIT
#include "LabClaimSession.h"

#include "ChildProcess.h"
#include "CommandGuard.h"
#include "ExitCode.h"
#include "Output.h"
#include "SignalRoute.h"
#include "SignalWatcher.h"

#include "common/LabConnection.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <climits>
#include <csignal>

namespace devlatch::cli {

LabClaimSession::LabClaimSession(LabConnection &lab, const QString &device, const ClaimRequest &request)
    : m_lab(lab), m_device(device), m_request(request)
{
}

LabClaimSession::~LabClaimSession()
{
    routeSignalsTo({});
}

int LabClaimSession::run()
{
    const bool routed = routeSignalsTo([this](int signal, bool fromTerminal) {
        QMetaObject::invokeMethod(this, [this, signal, fromTerminal] { onSignal(signal, fromTerminal); }, Qt::QueuedConnection);
    });
    if (!routed) {
        printError(QStringLiteral("cannot start watching for signals (out of threads or descriptors); nothing was claimed"));
        return SystemError;
    }
    lab::LabClaims &claims = m_lab.claims();
    connect(&claims, &lab::LabClaims::queued, this, [this](const QString &, const lab::LabStatus &status) {
        printError(QStringLiteral("waiting for %1 in the lab: you are %2 in the queue; held by %3")
                       .arg(m_device, lab::ordinal(status.myPosition), status.owner()->describe()));
    });
    connect(&claims, &lab::LabClaims::granted, this, [this](const QString &, const QString &vanished) { onGranted(vanished); });
    connect(&claims, &lab::LabClaims::refused, this,
            [this](const QString &, lock::AcquireStatus why, const lab::LabStatus &status) { onRefused(int(why), status); });
    connect(&claims, &lab::LabClaims::failed, this, [this](const QString &, const QString &error) {
        printError(QStringLiteral("%1: the lab claim failed: %2").arg(m_device, error));
        finish(SystemError);
    });
    connect(&claims, &lab::LabClaims::lost, this, [this](const QString &, const QString &why) { onLost(why); });
    connect(&claims, &lab::LabClaims::maxHoldReached, this, [this](const QString &) {
        if (m_request.hold) {
            printError(QStringLiteral("%1: released: its --max-hold of %2 s is over").arg(m_device).arg(m_request.maxHoldSeconds));
            finish(Done);
            return;
        }
        onLost(QStringLiteral("its --max-hold of %1 s is over, so devlatchctl released it").arg(m_request.maxHoldSeconds));
    });
    connect(&m_lab.session(), &lab::LabSession::stateChanged, this, [this](lab::LabSession::State state, const QString &why) {
        if (!m_holding)
            return;
        if (state == lab::LabSession::State::Uncertain)
            printError(QStringLiteral("warning: the lab claim of %1 is UNCERTAIN: %2").arg(m_device, why));
        else if (state == lab::LabSession::State::Alive)
            printError(QStringLiteral("the lab claim of %1 is confirmed again").arg(m_device));
    });

    lab::LabClaimOptions options;
    options.wait = m_request.wait;
    options.note = m_request.note;
    options.maxHoldSeconds = m_request.maxHoldSeconds;
    options.program = holderProgram(m_request);
    claims.claim(m_device, options);
    QCoreApplication::exec();
    return m_exitCode;
}

void LabClaimSession::onGranted(const QString &vanished)
{
    m_holding = true;
    if (!vanished.isEmpty())
        printError(QStringLiteral("warning: %1: %2").arg(m_device, vanished));
    if (m_request.announce) {
        printOut(m_device);
        qputenv("DEVLATCH_DEVICE", m_device.toUtf8());
    }
    // A word before --max-hold ends (QTimer counts up to ~24 days; longer holds get none).
    constexpr qint64 kWarnBeforeSeconds = 5 * 60;
    if (m_request.maxHoldSeconds > kWarnBeforeSeconds && (m_request.maxHoldSeconds - kWarnBeforeSeconds) * 1000 < INT_MAX)
        QTimer::singleShot(int((m_request.maxHoldSeconds - kWarnBeforeSeconds) * 1000), this, [this] {
            if (m_holding)
                printError(QStringLiteral("warning: %1: its --max-hold ends in 5 minutes; then devlatchctl releases it").arg(m_device));
        });
    if (m_request.hold) {
        printOut(QStringLiteral("holding %1 in the lab as pid %2; %3 releases it")
                     .arg(m_device)
                     .arg(QCoreApplication::applicationPid())
                     .arg(QLatin1String(SignalWatcher::releaseHint())));
        return;
    }
    startCommand();
}

void LabClaimSession::startCommand()
{
    m_child = std::make_unique<ChildProcess>();
    // The claim ends with this process (its session); so does CMD, even after kill -9.
    m_child->setEndsWithDevlatchctl(true);
    if (m_request.onLostKill) {
        m_terminateTimer = new QTimer(this);
        m_killTimer = new QTimer(this);
        m_terminateTimer->setSingleShot(true);
        m_killTimer->setSingleShot(true);
        m_terminateTimer->setTimerType(Qt::PreciseTimer);
        m_killTimer->setTimerType(Qt::PreciseTimer);
        connect(m_terminateTimer, &QTimer::timeout, this, [this] {
            const lab::LabSession &session = m_lab.session();
            const qint64 left = session.ttlSeconds() * 1000 - session.sinceConfirmedMs();
            endCommand(QStringLiteral("no keepalive confirmed for %1 s; the server may free it in %2 s")
                           .arg(session.sinceConfirmedMs() / 1000.0, 0, 'f', 1)
                           .arg(qMax<qint64>(0, left) / 1000.0, 0, 'f', 1));
        });
        connect(m_killTimer, &QTimer::timeout, this, [this] {
            if (m_child && !m_child->exitCode()) {
                if (ChildProcess::canAskToEnd()) // else it was ended at once, and said so
                    printError(QStringLiteral("%1: the command did not end after SIGTERM: SIGKILL").arg(m_device));
                m_child->kill();
            }
        });
        connect(&m_lab.session(), &lab::LabSession::confirmed, this, &LabClaimSession::armCommandGuard);
    }
    QString error;
    const ChildProcess::StartError started = m_child->start(m_request.command, -1, error);
    if (started == ChildProcess::StartError::None && m_request.onLostKill) {
        m_guard = std::make_unique<CommandGuard>();
        QString guardError;
        if (!m_guard->start(*m_child, guardError)) {
            printError(QStringLiteral("warning: %1; only devlatchctl itself ends the command if the claim is at risk").arg(guardError));
            m_guard.reset();
        } else {
            m_child->setHelper(m_guard->pid());
        }
        armCommandGuard();
    }
    if (started != ChildProcess::StartError::None) {
        printError(error);
        m_child.reset();
        finish(started == ChildProcess::StartError::NotExecutable ? CommandNotExecutable
               : started == ChildProcess::StartError::NotFound    ? CommandNotFound
                                                                  : SystemError);
    }
}

void LabClaimSession::onRefused(int why, const lab::LabStatus &status)
{
    const auto reason = lock::AcquireStatus(why);
    if (reason == lock::AcquireStatus::TimedOut)
        printError(QStringLiteral("timed out waiting for %1 in the lab: %2").arg(m_device, status.summary()));
    else if (!status.maintenance.isEmpty())
        printError(QStringLiteral("%1 is in maintenance in the lab: %2").arg(m_device, lab::escapedText(status.maintenance)));
    else if (!m_request.quietWhenBusy)
        printError(QStringLiteral("%1 is busy in the lab: %2").arg(m_device, status.summary()));
    finish(m_request.conflictExitCode);
}

void LabClaimSession::armCommandGuard()
{
    if (m_endingCommand || !m_child || m_child->exitCode())
        return;
    const qint64 ttlMs = m_lab.session().ttlSeconds() * 1000;
    const qint64 since = qMax<qint64>(0, m_lab.session().sinceConfirmedMs());
    m_terminateTimer->start(int(qMax<qint64>(0, ttlMs * 3 / 4 - since)));
    m_killTimer->start(int(qMax<qint64>(0, ttlMs * 9 / 10 - since)));
    // The same a little later in the guard process: it acts only when we could not.
    if (m_guard)
        m_guard->arm(ttlMs * 4 / 5 - since, ttlMs * 23 / 25 - since);
}

void LabClaimSession::endCommand(const QString &why)
{
    if (m_endingCommand || !m_child || m_child->exitCode())
        return;
    m_endingCommand = true;
    if (!ChildProcess::canAskToEnd()) {
        printError(QStringLiteral("*** the lab claim of %1 is AT RISK: %2.\n"
                                  "*** Ending the command now, before anyone else can get the device (--on-lost=kill; "
                                  "Windows cannot ask a program to end).")
                       .arg(m_device, why));
        m_child->kill();
        return;
    }
    printError(QStringLiteral("*** the lab claim of %1 is AT RISK: %2.\n"
                              "*** Ending the command before anyone else can get the device (--on-lost=kill): "
                              "SIGTERM now, SIGKILL if it is still running %3 s before the claim could lapse.")
                   .arg(m_device, why)
                   .arg(m_lab.session().ttlSeconds() / 10.0, 0, 'f', 1));
    m_child->signal(SIGTERM);
}

void LabClaimSession::onLost(const QString &why)
{
    m_holding = false;
    m_lost = true;
    const bool running = m_child && !m_child->exitCode();
    const bool kill = m_request.onLostKill && running;
    printError(QStringLiteral("*** the lab claim of %1 is LOST: %2.\n*** Lab locks are advisory and not fenced: %3")
                   .arg(m_device, why,
                        running ? (kill ? QStringLiteral("ending the command (--on-lost=kill).")
                                        : QStringLiteral("the command keeps running and may now collide with the next "
                                                         "holder (--on-lost=kill would end it)."))
                                : QStringLiteral("stop using the device.")));
    if (kill) {
        // The claim is gone already: SIGTERM now, SIGKILL after a second.
        const bool wasEnding = m_endingCommand;
        m_endingCommand = true;
        if (!ChildProcess::canAskToEnd())
            m_child->kill();
        else if (!wasEnding)
            m_child->signal(SIGTERM);
        m_killTimer->start(1000);
    } else if (!m_child) {
        finish(SystemError);
    }
}

void LabClaimSession::onCommandEnded()
{
    const int code = *m_child->exitCode();
    const bool uncertain = m_lab.session().state() == lab::LabSession::State::Uncertain;
    // This process may have been stopped or starved past the moments its timers stand for
    // (its guard ended CMD meanwhile): the clock since the last confirmed keepalive decides,
    // not which event happens to be read first on resuming.
    const qint64 ttlMs = m_lab.session().ttlSeconds() * 1000;
    const qint64 since = m_lab.session().sinceConfirmedMs();
    const bool lapsed = m_lost || (m_holding && since >= ttlMs);
    const bool atRisk = m_endingCommand || (m_holding && since >= ttlMs * 3 / 4);
    if (!lapsed && !atRisk && !uncertain) {
        finish(code);
        return;
    }
    // A CI script must be able to tell that CMD did not run (to its end) under the claim.
    printError(QStringLiteral("%1: the command ended with %2, but the lab claim was %3 while it ran: exit %4")
                   .arg(m_device)
                   .arg(code)
                   .arg(lapsed ? QStringLiteral("lost") : atRisk ? QStringLiteral("at risk") : QStringLiteral("uncertain"))
                   .arg(int(ClaimLost)));
    finish(ClaimLost);
}

void LabClaimSession::onSignal(int signal, bool fromTerminal)
{
    if (m_finishing)
        return;
    if (SignalWatcher::isChildSignal(signal)) {
        if (!m_child || !m_child->collect())
            return;
        if (m_request.releaseOnExit || !m_child->childrenLeft())
            onCommandEnded();
        return;
    }
    if (m_child && !m_child->exitCode()) {
        if (!fromTerminal)
            m_child->signal(signal);
        return;
    }
    // No command: a wait ends (leaving the queue), a --hold releases.
    finish(m_holding || m_lost ? (m_lost ? SystemError : Done) : 128 + signal);
}

void LabClaimSession::finish(int code)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_exitCode = code;
    // Leave the queue, then end the session at once: nothing of ours outlives this process.
    m_lab.claims().release(m_device, [this] { m_lab.session().close([] { QCoreApplication::quit(); }); });
}

} // namespace devlatch::cli
