// SPDX-License-Identifier: MIT
#include "LabClaimSession.h"

#include "ChildProcess.h"
#include "ExitCode.h"
#include "Output.h"
#include "SignalRoute.h"
#include "SignalWatcher.h"

#include "common/LabConnection.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
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
    options.program = m_request.hold ? QStringLiteral("devlatchctl")
                                     : QStringLiteral("%1 via devlatchctl")
                                           .arg(QFileInfo(QString::fromLocal8Bit(m_request.command.first())).fileName());
    claims.claim(m_device, options);
    QCoreApplication::exec();
    return m_exitCode;
}

void LabClaimSession::onGranted(const QString &vanished)
{
    m_holding = true;
    if (!vanished.isEmpty())
        printError(QStringLiteral("warning: %1: the previous holder vanished without releasing (its session ran out): %2")
                       .arg(m_device, vanished));
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
    QString error;
    const ChildProcess::StartError started = m_child->start(m_request.command, -1, error);
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

void LabClaimSession::onLost(const QString &why)
{
    m_holding = false;
    m_lost = true;
    const bool kill = m_request.onLostKill && m_child && !m_child->exitCode();
    printError(QStringLiteral("\n*** devlatchctl: the lab claim of %1 is LOST: %2.\n*** Lab locks are advisory and not fenced: %3\n")
                   .arg(m_device, why,
                        m_child ? (kill ? QStringLiteral("ending the command (--on-lost=kill).")
                                        : QStringLiteral("the command keeps running and may now collide with the next "
                                                         "holder (--on-lost=kill would end it)."))
                                : QStringLiteral("stop using the device.")));
    if (kill)
        m_child->signal(SIGTERM);
    else if (!m_child)
        finish(SystemError);
}

void LabClaimSession::onSignal(int signal, bool fromTerminal)
{
    if (m_finishing)
        return;
    if (SignalWatcher::isChildSignal(signal)) {
        if (!m_child || !m_child->collect())
            return;
        if (m_request.releaseOnExit || !m_child->childrenLeft())
            finish(*m_child->exitCode());
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
