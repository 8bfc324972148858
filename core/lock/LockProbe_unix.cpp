#include "LockProbe.h"

#include "DeviceLock.h"
#include "ProcessInfo.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace devlatch::lock {

namespace {

// /proc/locks lines look like
//   1: FLOCK  ADVISORY  WRITE 2910 fe:00:10952828 0 EOF
//   2: OFDLCK ADVISORY  WRITE -1 fe:00:10952828 0 EOF
//   3: -> FLOCK  ADVISORY  WRITE 3001 fe:00:10952828 0 EOF   (a blocked waiter)
// with major:minor in hex and the inode in decimal.
std::vector<OsHolder> holdersFromProcLocks(dev_t device, ino_t inode)
{
    std::vector<OsHolder> holders;
    std::ifstream locks("/proc/locks");
    std::string line;
    while (std::getline(locks, line)) {
        std::istringstream fields(line);
        std::string ordinal, kind, mode, access, pid, where;
        fields >> ordinal >> kind;
        bool waiting = false;
        if (kind == "->") {
            waiting = true;
            fields >> kind;
        }
        fields >> mode >> access >> pid >> where;
        unsigned major = 0, minor = 0;
        unsigned long long lineInode = 0;
        if (std::sscanf(where.c_str(), "%x:%x:%llu", &major, &minor, &lineInode) != 3)
            continue;
        if (makedev(major, minor) != device || lineInode != inode)
            continue;
        OsHolder holder;
        holder.waiting = waiting;
        if (kind == "FLOCK")
            holder.kind = OsHolder::Kind::Flock;
        else if (kind == "OFDLCK")
            holder.kind = OsHolder::Kind::Ofd;
        else if (kind == "POSIX")
            holder.kind = OsHolder::Kind::Posix;
        else
            continue; // LEASE, DELEG: not locks
        try {
            holder.pid = std::stoll(pid);
        } catch (...) {
            holder.pid = -1;
        }
        holder.program = programNameOfPid(holder.pid);
        holders.push_back(std::move(holder));
    }
    return holders;
}

} // namespace

std::vector<OsHolder> osLocksOnFile(const std::string &path)
{
    struct stat info {};
    if (stat(path.c_str(), &info) != 0)
        return {};
    return holdersFromProcLocks(info.st_dev, info.st_ino);
}

LockState probeLock(const LockLocation &location)
{
    LockReader reader(location);
    return reader.read();
}

LockReader::LockReader(LockLocation location) : m_location(std::move(location)) {}

LockReader::~LockReader()
{
    if (m_fd >= 0)
        close(m_fd);
}

LockState LockReader::read()
{
    std::lock_guard guard(m_mutex);
    const LockLocation &location = m_location;
    LockState state;
    const std::string path = lockObjectName(location);
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
        if (errno != ENOENT)
            state.error = "cannot inspect lock file " + path + ": " + std::strerror(errno);
        return state; // no lock file: never claimed, free
    }
    if (S_ISLNK(info.st_mode)) {
        state.error = "lock file " + path + " is a symbolic link; remove it: rm " + path;
        return state;
    }
    if (!S_ISREG(info.st_mode)) {
        state.error = "lock file " + path + " is not a regular file; remove it: rm " + path;
        return state;
    }
    state.lockExists = true;

    std::string content;
    bool ofdConflict = false;
    long long posixPid = -1;
    if (m_fd >= 0 && m_inode != info.st_ino) { // replaced since we opened it
        close(m_fd);
        m_fd = -1;
    }
    if (m_fd < 0) {
        m_fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        m_inode = info.st_ino;
    }
    const int fd = m_fd;
    if (fd >= 0) {
        // Asks whether a write lock could be placed; places nothing.
        struct flock query {};
        query.l_type = F_WRLCK;
        query.l_whence = SEEK_SET;
        if (fcntl(fd, F_OFD_GETLK, &query) == 0 && query.l_type != F_UNLCK) {
            ofdConflict = true;
            posixPid = query.l_pid; // classic fcntl holders only; OFD gives -1
        }
        content.resize(kMaxHolderRecordSize);
        const ssize_t got = pread(fd, content.data(), content.size(), 0);
        content.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }

    state.osHolders = holdersFromProcLocks(info.st_dev, info.st_ino);
    const bool flockHeld = std::any_of(state.osHolders.begin(), state.osHolders.end(), [](const OsHolder &h) {
        return !h.waiting && h.kind == OsHolder::Kind::Flock;
    });
    const bool anyActive = std::any_of(state.osHolders.begin(), state.osHolders.end(),
                                       [](const OsHolder &h) { return !h.waiting; });
    state.held = ofdConflict || flockHeld || anyActive;
    if (ofdConflict && posixPid > 0
        && std::none_of(state.osHolders.begin(), state.osHolders.end(),
                        [posixPid](const OsHolder &h) { return h.pid == posixPid; }))
        state.osHolders.push_back({OsHolder::Kind::Posix, posixPid, programNameOfPid(posixPid), false});

    const HolderRecord record = parseHolderRecord(content);
    if (!record.isValid())
        return state;
    const bool recordHolderLocks = std::any_of(
        state.osHolders.begin(), state.osHolders.end(),
        [&record](const OsHolder &h) { return !h.waiting && h.pid == record.pid; });
    if (state.held && (recordHolderLocks || isRecordedProcessAlive(record)))
        state.holder = record;
    else if (!isRecordedProcessAlive(record))
        state.abandoned = record;
    return state;
}

} // namespace devlatch::lock
