#pragma once

#include "HolderRecord.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace devlatch::lock {

// machine: every user of the machine sees the claim (what shared hardware needs).
// user: only this user's (Linux) or this session's (Windows) processes see it.
enum class Scope { Machine, User };

// Where one device's lock lives. Linux: `<directory>/<name>.lock`. Windows: the mutex
// `Global\devlatch.<name>` (or `Local\`) plus the holder file `<directory>\<name>.holder`.
struct LockLocation {
    std::string directory;
    std::string name;
    Scope scope = Scope::Machine;
    // A device node whose group decides who may claim: a new lock file gets that group and
    // mode 0660 when its creator belongs to the group (so a user outside "dialout" cannot
    // squat the lock of a serial adapter). Empty: mode 0666, anyone may claim.
    std::string accessFromNode;
};

enum class AcquireStatus {
    Acquired,    // held now; see AcquireResult::abandoned
    Busy,        // held by someone else and we were not asked to wait
    TimedOut,    // waited the whole timeout
    Cancelled,   // a CancelToken was cancelled while waiting
    AlreadyHeld, // this process holds (or is already waiting for) the same lock
    Error,       // see AcquireResult::message
};

struct WaitPolicy {
    enum class Mode { NoWait, Timeout, Forever };
    Mode mode = Mode::NoWait;
    std::chrono::milliseconds timeout{0};

    static WaitPolicy noWait() { return {}; }
    static WaitPolicy forever() { return {Mode::Forever, {}}; }
    static WaitPolicy upTo(std::chrono::milliseconds t) { return {Mode::Timeout, t}; }
};

struct AcquireResult {
    AcquireStatus status = AcquireStatus::Error;
    std::string message;  // what went wrong and what to do; empty when acquired cleanly
    int systemError = 0;  // errno or GetLastError() where one applies
    // Set when the lock was granted but its previous holder ended without releasing it
    // (the Windows WAIT_ABANDONED case; on Linux a holder record left in a free lock).
    std::optional<HolderRecord> abandoned;

    bool acquired() const { return status == AcquireStatus::Acquired; }
};

// A process that holds the lock (or waits for it) as far as the OS can tell, whether or not
// it is devlatch.
struct OsHolder {
    enum class Kind { Flock, Posix, Ofd, Mutex };
    Kind kind = Kind::Flock;
    long long pid = -1; // -1: the OS does not say (OFD locks, Windows mutexes)
    std::string program;
    bool waiting = false;
};

// A reader's view of one lock, found without taking it.
struct LockState {
    bool lockExists = false;  // lock file / mutex exists at all
    bool held = false;
    std::optional<HolderRecord> holder; // devlatch holder whose record matches a live holder
    std::vector<OsHolder> osHolders;    // holders and waiters the OS reports
    std::optional<HolderRecord> abandoned; // record left behind by a holder that ended
    std::string error;                  // could not look; what and why

    bool heldByForeignProgram() const { return held && !holder; }
};

std::string describeHolder(const HolderRecord &record);
std::string describeAbandoned(const HolderRecord &record);
std::string describeOsHolder(const OsHolder &holder);

} // namespace devlatch::lock
