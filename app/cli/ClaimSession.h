// SPDX-License-Identifier: MIT
#pragma once

#include "ClaimCommand.h"
#include "ClaimEvents.h"

#include "model/Device.h"

#include "lock/CancelToken.h"

#include <memory>
#include <optional>

namespace devlatch {
struct ClaimResult;
namespace lock {
class LockFileWatch;
}
} // namespace devlatch

namespace devlatch::cli {

class ChildProcess;
class CliContext;

// One `devlatchctl claim` from the wait to the release. Every signal is an event in one
// queue (ClaimEvents), so none is lost between the grant and CMD's start: one that arrives
// before CMD runs reaches CMD as soon as it does. While holding, a lock file that is removed
// or replaced is taken again at once (LockFileWatch + DeviceLock::verify) and said.
class ClaimSession final {
public:
    ClaimSession(CliContext &context, const Device &device, const ClaimRequest &request);
    ~ClaimSession();
    int run();
    // run() ended because the device was busy (or the wait timed out).
    bool wasBusy() const { return m_busy; }

private:
    std::optional<int> acquire();
    void warnAboutOthers(const ClaimResult &result);
    int hold();
    int runCommand();
    // A terminating signal taken from the queue without blocking, if one is there.
    std::optional<ClaimEvents::Event> pendingSignal();
    void checkLockFile();
    // The next event; the lock directory is watched once the claim has lasted a moment.
    std::optional<ClaimEvents::Event> nextEvent();
    void onSignal(int signal, bool fromTerminal);

    CliContext &m_context;
    Device m_device;
    const ClaimRequest &m_request;
    ClaimEvents m_events;
    lock::CancelToken m_cancel;
    std::unique_ptr<lock::LockFileWatch> m_watch;
    bool m_busy = false;
    bool m_signalsRouted = false;
};

} // namespace devlatch::cli
