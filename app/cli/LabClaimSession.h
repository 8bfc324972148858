// SPDX-License-Identifier: MIT
#pragma once

#include "ClaimCommand.h"

#include <QObject>

#include <memory>

class QTimer;

namespace devlatch {
class LabConnection;
namespace lab {
struct LabStatus;
}
} // namespace devlatch

namespace devlatch::cli {

class ChildProcess;
class CommandGuard;

// `devlatchctl --scope lab claim DEV`: the claim is a queue entry in etcd, kept alive by this
// process's session. Signals arrive as queued calls on the event loop (the watcher thread
// never touches the claim). The lab gives no fencing: when the claim is lost (or its max hold
// ends) while CMD runs, CMD is warned about loudly (--on-lost=warn) or ended (kill).
class LabClaimSession final : public QObject {
    Q_OBJECT
public:
    LabClaimSession(LabConnection &lab, const QString &device, const ClaimRequest &request);
    ~LabClaimSession() override;
    int run();

private:
    void onGranted(const QString &vanished);
    void onRefused(int why, const lab::LabStatus &status);
    void onLost(const QString &why);
    void onSignal(int signal, bool fromTerminal);
    void startCommand();
    // --on-lost=kill: CMD ends before the server can free the claim, counted from the last
    // keepalive the server confirmed (SIGTERM at 3/4 of the TTL, SIGKILL at 9/10).
    void armCommandGuard();
    void endCommand(const QString &why);
    void onCommandEnded();
    void finish(int code);

    LabConnection &m_lab;
    QString m_device;
    const ClaimRequest &m_request;
    std::unique_ptr<ChildProcess> m_child;
    std::unique_ptr<CommandGuard> m_guard; // --on-lost=kill: ends CMD even while we are stopped
    bool m_holding = false;
    bool m_finishing = false;
    bool m_lost = false;
    bool m_endingCommand = false; // SIGTERM sent: CMD no longer runs under a claim we trust
    QTimer *m_terminateTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    int m_exitCode = 0;
};

} // namespace devlatch::cli
