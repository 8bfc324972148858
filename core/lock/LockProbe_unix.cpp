// SPDX-License-Identifier: MIT
// Reading Linux locks as a consistent snapshot: the OFD query twice around the record, the
// kernel's lock table, and the descriptors that hold the lock now (fdinfo), so a record is
// believed only for a process that holds the lock.

#include "LockProbe.h"

#include "LockProblem_unix.h"

#include "DeviceLock.h"
#include "OwnReadEvents.h"
#include "LockHolders_unix.h"
#include "ProcLocks_unix.h"
#include "ProcessInfo.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace devlatch::lock {

namespace {

using detail::contains;
using detail::KernelLock;
using detail::Process;

// Bounded: a lock that keeps changing is reported as last seen, never waited for.
constexpr int kAttempts = 20;

struct OfdQuery {
    bool held = false;
    long long pid = 0; // classic fcntl holders only; OFD holders give -1
    bool operator!=(const OfdQuery &o) const { return held != o.held || pid != o.pid; }
};

OfdQuery queryOfd(int fd)
{
    struct flock query {};
    query.l_type = F_WRLCK;
    query.l_whence = SEEK_SET;
    if (fcntl(fd, F_OFD_GETLK, &query) != 0 || query.l_type == F_UNLCK)
        return {};
    return {true, query.l_pid};
}

// Records are padded to 512 bytes and rarely longer; read more only when they are.
std::string readRecordText(int fd)
{
    std::string content(4096, '\0');
    ssize_t got = pread(fd, content.data(), content.size(), 0);
    if (got == ssize_t(content.size())) {
        content.resize(kMaxHolderRecordSize);
        got = pread(fd, content.data(), content.size(), 0);
    }
    content.resize(got > 0 ? std::size_t(got) : 0);
    return content;
}

} // namespace

namespace {

// An open lock file, closed when the look at it ends.
struct OpenedLockFile {
    int fd = -1;
    int dirFd = AT_FDCWD;
    std::string name; // relative to dirFd
    struct stat info {};
    OpenedLockFile() = default;
    OpenedLockFile(const OpenedLockFile &) = delete;
    OpenedLockFile &operator=(const OpenedLockFile &) = delete;
    ~OpenedLockFile()
    {
        if (fd >= 0)
            close(fd);
    }
};

enum class Look { Answered, Again, Open };

// Who the OS names, and what the record says given that: the holder, a record the kernel
// contradicts, or the record of a holder that ended without releasing.
void describeHolders(LockState &state, const std::vector<Process> &processes, const OfdQuery &after,
                     const HolderRecord &record, std::optional<bool> holder, long long holderPid)
{
    for (const Process &process : processes) {
        const OsHolder::Kind kind = process.kinds.empty() ? OsHolder::Kind::Flock : process.kinds.front();
        const bool flock = std::count(process.kinds.begin(), process.kinds.end(), OsHolder::Kind::Flock) > 0;
        const bool ofd = std::count(process.kinds.begin(), process.kinds.end(), OsHolder::Kind::Ofd) > 0;
        state.osHolders.push_back({flock ? OsHolder::Kind::Flock : kind, process.pid, programNameOfPid(process.pid),
                                   process.waiting, process.confirmed, ofd});
    }
    if (after.held && after.pid > 0 && !contains(processes, after.pid)) // a classic fcntl holder
        state.osHolders.push_back({OsHolder::Kind::Posix, after.pid, programNameOfPid(after.pid), false, true});
    if (holder) {
        state.holder = record;
        state.holderIsCommand = *holder;
        state.holderVerified = (state.holderIsCommand ? record.commandStartTicks : record.startTicks) != 0;
        // The user is the one the OS names for the holding process, not what its record says.
        if (const auto facts = processFacts(holderPid); facts && facts->uid >= 0) {
            const std::string name = userNameOfUid(facts->uid);
            state.holder->uid = facts->uid;
            if (name != record.user) {
                state.recordedUser = record.user;
                state.holder->user = name;
            }
        }
    } else if (state.held && record.isValid()) {
        state.unbelievedRecord = record;
    } else if (!state.held && record.isValid() && !isRecordedProcessAlive(record)) {
        state.abandoned = record;
    }
}

} // namespace

struct LockReading::Private {
    ~Private()
    {
        for (const auto &[path, fd] : directoryFds)
            if (fd >= 0)
                close(fd);
    }
    // Lock files are looked up relative to their directory: shorter path walks.
    int directoryFd(const std::string &directory)
    {
        auto it = directoryFds.find(directory);
        if (it == directoryFds.end())
            it = directoryFds.emplace(directory, open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)).first;
        return it->second >= 0 ? it->second : AT_FDCWD;
    }

    std::map<std::string, int> directoryFds;
    std::optional<detail::KernelLockTable> table;
    detail::HolderFinder finder;
    std::map<std::string, std::vector<unsigned long long>> devices; // by directory
    const std::string ourNamespace = detail::pidNamespaceOf(0);

    const detail::KernelLockTable &kernelTable(bool fresh)
    {
        if (!table || fresh)
            table = detail::KernelLockTable::read();
        return *table;
    }
    // `matched`: the holding process's pid as /proc/locks names it.
    std::optional<bool> holderOf(const HolderRecord &record, const std::vector<Process> &holders, long long &matched);
    Look openLockFile(const LockLocation &location, const std::string &path, LockState &state, OpenedLockFile &file);
    bool sameProcess(const Process &holder, long long recordedPid, std::uint64_t recordedStart, const HolderRecord &record);
};

bool LockReading::Private::sameProcess(const Process &holder, long long recordedPid, std::uint64_t recordedStart,
                                       const HolderRecord &record)
{
    if (holder.pid <= 0 || holder.waiting || recordedPid <= 0)
        return false;
    const auto facts = processFacts(holder.pid);
    if (!facts)
        return false;
    const bool sameNamespace = record.pidNamespace.empty() || record.pidNamespace == ourNamespace;
    if (sameNamespace) {
        if (holder.pid != recordedPid)
            return false;
        if (record.uid >= 0 && facts->uid >= 0 && facts->uid != record.uid)
            return false; // a record rewritten to show another user
    } else {
        // A holder in another pid namespace: its pid there is the innermost of NSpid.
        if (facts->nsPids.back() != recordedPid || detail::pidNamespaceOf(holder.pid) != record.pidNamespace)
            return false;
    }
    return recordedStart == 0 || facts->startTicks == recordedStart;
}

// Whether the OS names the record's process as a holder too: nothing when it does not;
// true when it is the record's CMD rather than the devlatch process itself.
std::optional<bool> LockReading::Private::holderOf(const HolderRecord &record, const std::vector<Process> &holders,
                                                   long long &matched)
{
    for (const Process &holder : holders)
        if (sameProcess(holder, record.pid, record.startTicks, record)) {
            matched = holder.pid;
            return false;
        }
    for (const Process &holder : holders)
        if (sameProcess(holder, record.commandPid, record.commandStartTicks, record)) {
            matched = holder.pid;
            return true;
        }
    return std::nullopt;
}

LockReading::LockReading() : d(std::make_unique<Private>()) {}
LockReading::~LockReading() = default;

// Finds and opens the lock file and notes what would stop this user from claiming it (an
// error to show, never "free": a file squatted with chmod 600, or hard-linked elsewhere).
// Answered: `state` is the whole answer; Again: replaced between two looks; Open: go on.
Look LockReading::Private::openLockFile(const LockLocation &location, const std::string &path, LockState &state,
                                        OpenedLockFile &file)
{
    file.dirFd = directoryFd(location.directory);
    file.name = file.dirFd == AT_FDCWD ? path : location.name + ".lock";
    struct stat &info = file.info;
    if (fstatat(file.dirFd, file.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            state.error = "cannot look at lock file " + path + ": " + std::strerror(errno);
        return Look::Answered; // no lock file: never claimed, free
    }
    state.lockExists = true;
    if (S_ISLNK(info.st_mode) || !S_ISREG(info.st_mode)) {
        state.problem = detail::problemAt(S_ISLNK(info.st_mode) ? LockProblem::Kind::LockFileSymlink
                                                                : LockProblem::Kind::LockFileNotRegular,
                                          path, 0, &info);
        return Look::Answered;
    }
    file.fd = openat(file.dirFd, file.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (file.fd < 0) {
        if (errno == EACCES || errno == EPERM)
            state.problem = detail::problemAt(LockProblem::Kind::LockFileUnusable, path, 0, &info);
        else
            state.error = "cannot read lock file " + path + ": " + std::strerror(errno);
        return Look::Answered;
    }
    detail::noteOwnRead(path);
    struct stat opened {};
    if (fstat(file.fd, &opened) != 0 || opened.st_ino != info.st_ino)
        return Look::Again;
    if (info.st_nlink != 1) {
        state.problem = detail::problemAt(LockProblem::Kind::LockFileHardLinked, path, 0, &info);
    } else if (faccessat(file.dirFd, file.name.c_str(), R_OK | W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) != 0) {
        const bool readOnly = errno == EROFS;
        state.problem = detail::problemAt(readOnly ? LockProblem::Kind::ReadOnlyFileSystem : LockProblem::Kind::LockFileNotWritable,
                                          readOnly ? location.directory : path, 0, &info);
    }
    return Look::Open;
}

LockState LockReading::read(const LockLocation &location)
{
    LockState state;
    const std::string path = lockObjectName(location);
    std::vector<long long> settlingHolders; // holders seen without a matching record
    bool sameHolders = true;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const bool fresh = attempt > 0;
        if (fresh)
            std::this_thread::sleep_for(std::chrono::microseconds(50 * attempt)); // let a claim finish its record
        state = {};
        OpenedLockFile file;
        const Look look = d->openLockFile(location, path, state, file);
        if (look == Look::Answered)
            return state;
        if (look == Look::Again)
            continue;
        const int fd = file.fd;
        auto devices = d->devices.find(location.directory);
        if (devices == d->devices.end())
            devices = d->devices.emplace(location.directory, detail::lockDevicesOf(fd, file.info.st_dev)).first;

        // Everything is read between OFD queries and the record is read twice: when any of it
        // changed in the meantime, the lock changed hands while we looked, so look again.
        const OfdQuery before = queryOfd(fd);
        const std::string text = readRecordText(fd);
        const OfdQuery middle = queryOfd(fd);
        const detail::KernelLockTable &table = d->kernelTable(fresh);
        if (!table.error().empty()) {
            state.error = table.error();
            return state;
        }
        if (before != middle)
            continue;
        bool torn = false;
        const HolderRecord record = parseHolderRecord(text, &torn);
        if (torn)
            continue;
        const std::vector<KernelLock> entries = table.on(devices->second, file.info.st_ino);
        const std::vector<Process> processes = d->finder.processesOf(location, file.info.st_ino, entries, fresh);
        // Free at `middle` and nobody in the kernel's table: nothing to cross-check.
        const bool free = !middle.held && entries.empty();
        const OfdQuery after = free ? middle : queryOfd(fd);
        if (!free && (after != middle || readRecordText(fd) != text))
            continue;
        state.held = after.held || std::any_of(processes.begin(), processes.end(), [](const Process &p) { return !p.waiting; });
        long long holderPid = -1;
        const auto holder = record.isValid() ? d->holderOf(record, processes, holderPid) : std::nullopt;
        // A devlatch holder takes its OFD lock first and writes its record just after, and
        // blanks its record before it lets go: a holder's OFD lock without a matching record
        // is, for a moment, that.
        // It is that, or a program that never writes a record (or a forged record): told
        // apart by persistence, the same holders without a matching record on every read.
        const bool settling = state.held && !holder && after.held && after.pid < 0;
        if (settling) {
            std::vector<long long> pids;
            for (const Process &process : processes)
                if (!process.waiting)
                    pids.push_back(process.pid);
            std::sort(pids.begin(), pids.end());
            sameHolders = sameHolders && (settlingHolders.empty() || pids == settlingHolders) && !pids.empty();
            settlingHolders = pids;
            if (attempt + 1 < kAttempts || !sameHolders)
                continue;
        }
        describeHolders(state, processes, after, record, holder, holderPid);
        return state;
    }
    // Changing hands faster than it can be looked at: say so rather than guess.
    state = {};
    state.lockExists = true;
    state.error = "lock file " + path + " changed hands, or its holder had not written its record yet, on every one of "
                  + std::to_string(kAttempts) + " reads";
    return state;
}

std::vector<OsHolder> LockReading::locksOnFile(const std::string &path)
{
    struct stat info {};
    if (stat(path.c_str(), &info) != 0)
        return {};
    std::vector<OsHolder> holders;
    for (const KernelLock &lock : d->kernelTable(false).on({info.st_dev}, info.st_ino))
        holders.push_back({lock.kind, lock.pid, programNameOfPid(lock.pid), lock.waiting, false});
    return holders;
}

LockState probeLock(const LockLocation &location)
{
    LockReading reading;
    return reading.read(location);
}

} // namespace devlatch::lock
