// SPDX-License-Identifier: MIT
#pragma once

#include "HolderRecord.h"

#include <algorithm>
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
    // The device node that decides who may claim: only a user who may open it may create or
    // take its lock (so nobody outside "dialout" can squat a serial adapter's lock), and a
    // new lock file gets the node's group with mode 0660. Empty: anyone may claim (0666).
    std::string accessFromNode;
};

// What went wrong, as facts. The lock layer says no sentences: the layers that show these
// word them (model/LockWording.h) and translate them.
struct LockProblem {
    enum class Kind {
        None,
        // the lock directory
        DirectoryMissing,     // and cannot be created: systemError says why
        DirectoryNeedsRoot,   // the machine directory is missing and only root may create it
        DirectoryNotADirectory,
        DirectorySymlink,
        DirectoryOwner,       // owned by `owner`, which may delete every lock file in it
        DirectoryUnsafeMode,  // group/world-writable without the sticky bit (`mode`)
        AncestorUnsafe,       // `path` is an ancestor that another user could swap
        DirectoryNotSet,      // no directory for the scope (XDG_RUNTIME_DIR unset, ...)
        // the lock file or object
        LockFileSymlink,
        LockFileNotRegular,
        LockFileHardLinked,   // `links` names
        LockFileNotWritable,  // belongs to `owner` with `mode`, which shuts this user out
        LockFileUnusable,     // belongs to `owner` with `mode`, which shuts other users out
        LockFileReplaced,     // deleted or replaced while being claimed, again and again
        NodeNotAccessible,    // this user may not open `path`, the device's node
        NotWritable,          // the directory refuses new files: `systemError`
        ReadOnlyFileSystem,
        RecordNotWritten,     // the holder record could not be written: `systemError`
        NameTaken,            // Windows: the name belongs to an object that is not a mutex
        InvalidName,          // Windows: the mutex name is refused
        AccessDenied,         // Windows: the mutex exists with a descriptor that refuses us
        NoThread,             // a thread to wait on could not be started
        System,               // anything else: `systemError`
    };
    Kind kind = Kind::None;
    std::string path;       // what it is about: directory, lock file, node, mutex name
    int systemError = 0;    // errno or GetLastError() where one applies
    long long owner = -1;   // uid of the file's or directory's owner, where relevant
    unsigned mode = 0;      // its permission bits, where relevant
    unsigned links = 0;     // its number of hard links, where relevant
    std::string operation;  // the call that failed, for System

    explicit operator bool() const { return kind != Kind::None; }
};

enum class AcquireStatus {
    Acquired,    // held now; see AcquireResult::abandoned
    Busy,        // held by someone else and we were not asked to wait
    TimedOut,    // waited the whole timeout
    Cancelled,   // a CancelToken was cancelled while waiting
    AlreadyHeld, // this process holds (or is already waiting for) the same lock
    Error,       // see AcquireResult::problem
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
    LockProblem problem;        // for Error
    bool waitingHere = false;   // for AlreadyHeld: this process waits for it rather than holds it
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
    long long pid = -1; // -1: the OS does not say (an OFD waiter, a Windows mutex, ...)
    std::string program;
    bool waiting = false;
    // The pid only says who placed the lock (Linux /proc/locks); confirmed: the process
    // holds it now (its descriptor shows the lock).
    bool confirmed = false;
    // It holds the OFD lock of devlatch's protocol (with or without the flock half, which it
    // takes right after): a devlatch, or a program following the protocol, that has not
    // published its record yet — not a stranger. flock(1), filelock, fasteners never do.
    bool protocolLocks = false;
};

// A reader's view of one lock, found without taking it, as one consistent snapshot.
struct LockState {
    bool lockExists = false; // lock file / mutex exists at all
    bool held = false;
    // The devlatch holder: a record whose process the OS names as a holder now.
    std::optional<HolderRecord> holder;
    bool holderVerified = false;     // pid, start time (and uid) match the holding process
    bool holderIsCommand = false;    // the record's CMD holds it; the devlatchctl it names ended
    // The holder's user= as its record gives it, when that differs from the name of the uid the
    // OS reports for the holding process (holder->user is that name): a record that lies.
    std::string recordedUser;
    std::vector<OsHolder> osHolders; // every process holding or waiting, once each
    // A record no holder matches: another user rewrote it, or its writer ended and a
    // program that is not devlatch holds the lock now. Never shown as the holder.
    std::optional<HolderRecord> unbelievedRecord;
    std::optional<HolderRecord> abandoned; // a record left in a free lock by a holder that ended
    LockProblem problem;   // the lock exists but cannot be used (or read): never "free"
    std::string error;     // could not look (e.g. out of descriptors): the state is unknown

    // Held by a program that is not devlatch, as far as the OS can tell: no record, no
    // holder of the protocol's OFD lock, and a holder the OS names (an OFD lock alone names
    // none; a Windows mutex never does, but devlatch always publishes a record there).
    bool heldByForeignProgram() const
    {
        const auto holding = [](const OsHolder &h) { return !h.waiting; };
        return held && !holder
               && std::none_of(osHolders.begin(), osHolders.end(), [&](const OsHolder &h) { return holding(h) && h.protocolLocks; })
               && std::any_of(osHolders.begin(), osHolders.end(),
                              [&](const OsHolder &h) { return holding(h) && (h.pid > 0 || h.kind == OsHolder::Kind::Mutex); });
    }
    bool known() const { return error.empty() && !problem; }
};

} // namespace devlatch::lock
