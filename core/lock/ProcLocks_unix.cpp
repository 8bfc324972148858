// SPDX-License-Identifier: MIT
#include "ProcLocks_unix.h"

#include "Numbers.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace devlatch::lock::detail {

namespace {

std::optional<OsHolder::Kind> kindOf(const std::string &name)
{
    if (name == "FLOCK")
        return OsHolder::Kind::Flock;
    if (name == "OFDLCK")
        return OsHolder::Kind::Ofd;
    if (name == "POSIX")
        return OsHolder::Kind::Posix;
    return std::nullopt; // LEASE, DELEG: not locks
}

// One lock line, as in /proc/locks and fdinfo ("lock:" prefix stripped):
//   1: FLOCK  ADVISORY  WRITE 2910 fe:00:10952828 0 EOF
//   3: -> FLOCK  ADVISORY  WRITE 3001 fe:00:10952828 0 EOF   (a blocked waiter)
// major:minor in hex, the inode in decimal.
bool parseLockLine(const std::string &line, KernelLock &lock, unsigned long long &device, unsigned long long &inode)
{
    std::istringstream fields(line);
    std::string ordinal, kind, mode, access, pid, where;
    fields >> ordinal >> kind;
    lock.waiting = kind == "->";
    if (lock.waiting)
        fields >> kind;
    fields >> mode >> access >> pid >> where;
    const auto parsedKind = kindOf(kind);
    unsigned major = 0, minor = 0;
    if (!parsedKind || std::sscanf(where.c_str(), "%x:%x:%llu", &major, &minor, &inode) != 3)
        return false;
    lock.kind = *parsedKind;
    lock.pid = parseNumber<long long>(pid).value_or(-1);
    device = makedev(major, minor);
    return true;
}

// The whole of a /proc file. Large reads: a seq_file restarts its walk at every read(), so
// /proc/locks read in small pieces costs quadratic time in its length.
std::string readAll(const std::string &path, bool &ok)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    ok = fd >= 0;
    if (!ok)
        return {};
    // An uninitialised buffer: zero-filling megabytes of /proc/locks would cost more than
    // reading them.
    std::size_t capacity = 64 * 1024, used = 0;
    std::unique_ptr<char[]> buffer(new char[capacity]);
    for (;;) {
        if (used == capacity) {
            std::unique_ptr<char[]> larger(new char[capacity * 2]);
            std::memcpy(larger.get(), buffer.get(), used);
            buffer = std::move(larger);
            capacity *= 2;
        }
        const ssize_t got = ::read(fd, buffer.get() + used, capacity - used);
        if (got <= 0) {
            ok = got == 0;
            break;
        }
        used += std::size_t(got);
    }
    ::close(fd);
    return std::string(buffer.get(), used);
}

} // namespace

KernelLockTable KernelLockTable::read()
{
    KernelLockTable table;
    bool ok = false;
    const std::string text = readAll("/proc/locks", ok);
    if (!ok) {
        table.m_error = std::string("cannot read /proc/locks: ") + std::strerror(errno);
        return table;
    }
    table.m_locks.reserve(std::size_t(std::count(text.begin(), text.end(), '\n')));
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        KernelLock lock;
        unsigned long long device = 0, inode = 0;
        if (parseLockLine(line, lock, device, inode)) {
            table.m_locks[{device, inode}].push_back(lock);
            ++table.m_count;
        }
    }
    return table;
}

std::vector<KernelLock> KernelLockTable::on(const std::vector<unsigned long long> &devices, unsigned long long inode) const
{
    std::vector<KernelLock> found;
    for (const unsigned long long device : devices) {
        const auto it = m_locks.find({device, inode});
        if (it != m_locks.end())
            found.insert(found.end(), it->second.begin(), it->second.end());
    }
    return found;
}

std::vector<unsigned long long> lockDevicesOf(int fd, unsigned long long statDevice)
{
    // A mount's devices do not change while it is mounted: look them up once per device.
    static std::mutex mutex;
    static std::unordered_map<unsigned long long, std::vector<unsigned long long>> known;
    std::lock_guard lock(mutex);
    if (const auto it = known.find(statDevice); it != known.end())
        return it->second;
    std::vector<unsigned long long> &devices = known[statDevice];
    devices.push_back(statDevice);
    std::ifstream fdinfo("/proc/self/fdinfo/" + std::to_string(fd));
    std::string mountId;
    for (std::string line; std::getline(fdinfo, line);)
        if (line.rfind("mnt_id:", 0) == 0)
            mountId = line.substr(line.find_first_not_of(" \t", 7));
    std::ifstream mountinfo("/proc/self/mountinfo");
    for (std::string line; !mountId.empty() && std::getline(mountinfo, line);) {
        std::istringstream fields(line);
        std::string id, parent, majorMinor;
        fields >> id >> parent >> majorMinor;
        unsigned major = 0, minor = 0;
        if (id == mountId && std::sscanf(majorMinor.c_str(), "%u:%u", &major, &minor) == 2) {
            if (makedev(major, minor) != statDevice)
                devices.push_back(makedev(major, minor));
            break;
        }
    }
    return devices;
}

DescriptorLocks descriptorLocks(long long pid, int fd)
{
    DescriptorLocks result;
    bool ok = false;
    const std::string text = readAll("/proc/" + std::to_string(pid) + "/fdinfo/" + std::to_string(fd), ok);
    if (!ok || text.empty())
        return result;
    result.readable = true;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("ino:", 0) == 0) {
            result.inode = parseNumber<unsigned long long>(line.substr(line.find_first_not_of(" \t", 4))).value_or(0);
        } else if (line.rfind("lock:", 0) == 0) {
            KernelLock lock;
            unsigned long long device = 0, inode = 0;
            if (parseLockLine(line.substr(5), lock, device, inode)) {
                if (!result.inode)
                    result.inode = inode;
                result.locks.push_back(lock);
            }
        }
    }
    return result;
}

// The path the kernel shows for files in `directory` (its links followed), without
// realpath(), whose umockdev shim is unsafe: the directory's own /proc/self/fd link.
static std::string kernelPathOf(const std::string &directory)
{
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return directory;
    char target[4096];
    const ssize_t length = readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), target, sizeof target);
    ::close(fd);
    return length > 0 ? std::string(target, std::size_t(length)) : directory;
}

void OpenFilesIndex::scanProcess(const std::string &prefix, long long pid)
{
    const std::string fdPath = "/proc/" + std::to_string(pid) + "/fd";
    const int dirFd = ::open(fdPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0) {
        if (errno == EACCES || errno == EPERM)
            m_unreadable.insert(pid);
        return; // or it just ended
    }
    DIR *fds = fdopendir(dirFd);
    if (!fds) {
        ::close(dirFd);
        return;
    }
    while (const dirent *fd = readdir(fds)) {
        char target[4096];
        const ssize_t length = readlinkat(dirFd, fd->d_name, target, sizeof target);
        if (length <= ssize_t(prefix.size()) || std::strncmp(target, prefix.c_str(), prefix.size()) != 0)
            continue;
        const std::string name(target + prefix.size(), std::size_t(length) - prefix.size());
        if (name.find('/') == std::string::npos)
            if (const auto number = parseNumber<int>(fd->d_name))
                m_byName[name].emplace_back(pid, *number);
    }
    closedir(fds);
}

OpenFilesIndex OpenFilesIndex::scan(const std::string &directory)
{
    OpenFilesIndex index;
    const std::string prefix = kernelPathOf(directory) + "/";
    DIR *proc = opendir("/proc");
    if (!proc)
        return index;
    while (const dirent *entry = readdir(proc))
        if (const auto pid = parseNumber<long long>(entry->d_name))
            index.scanProcess(prefix, *pid);
    closedir(proc);
    return index;
}

OpenFilesIndex OpenFilesIndex::scanProcesses(const std::string &directory, const std::vector<long long> &pids)
{
    OpenFilesIndex index;
    const std::string prefix = kernelPathOf(directory) + "/";
    for (const long long pid : pids)
        index.scanProcess(prefix, pid);
    return index;
}

const std::vector<std::pair<long long, int>> &OpenFilesIndex::of(const std::string &fileName) const
{
    static const std::vector<std::pair<long long, int>> none;
    const auto it = m_byName.find(fileName);
    return it == m_byName.end() ? none : it->second;
}

void OpenFilesIndex::merge(const OpenFilesIndex &other)
{
    for (const auto &[name, descriptors] : other.m_byName)
        m_byName[name].insert(m_byName[name].end(), descriptors.begin(), descriptors.end());
    m_unreadable.insert(other.m_unreadable.begin(), other.m_unreadable.end());
}

std::string pidNamespaceOf(long long pid)
{
    char target[64] = {};
    const std::string link = (pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid)) + "/ns/pid";
    const ssize_t length = readlink(link.c_str(), target, sizeof target - 1);
    if (length <= 0)
        return {};
    const std::string text(target, std::size_t(length));
    const auto open = text.find('['), close = text.find(']');
    return open == std::string::npos || close == std::string::npos ? text : text.substr(open + 1, close - open - 1);
}

} // namespace devlatch::lock::detail
