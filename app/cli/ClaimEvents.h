// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>

namespace devlatch::cli {

// What a claim waits for once it holds the device: a signal (posted by the signal watcher
// thread) or a change in the lock directory (a LockFileWatch descriptor). ClaimEvents_<os>.
class ClaimEvents final {
public:
    struct Event {
        enum class Kind { Signal, LockFileChanged };
        Kind kind = Kind::Signal;
        int signal = 0;
        bool fromTerminal = false;
    };

    ClaimEvents();
    ~ClaimEvents();
    ClaimEvents(const ClaimEvents &) = delete;
    ClaimEvents &operator=(const ClaimEvents &) = delete;

    bool isOpen() const;
    // From any thread, also the signal watcher's.
    void postSignal(int signal, bool fromTerminal);
    // Also wakes for readable `watchDescriptor` (-1: none). Waits up to `timeoutMs` (-1: as
    // long as it takes; 0: not at all); nothing when no event came.
    std::optional<Event> next(int watchDescriptor, int timeoutMs = -1);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace devlatch::cli
