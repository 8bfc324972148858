// Linux lock: an OFD write lock (excludes fcntl/lockf peers such as Python fasteners) plus
// flock(LOCK_EX) (excludes flock peers such as flock(1), Python filelock, picocom) on a lock
// file that is never unlinked. Both belong to the open file description, so the kernel drops
// them when the holder dies; O_CLOEXEC keeps children from inheriting them.
//
// Waiting is a kernel wait: F_OFD_SETLKW and flock() block on a worker thread; timeout and
// cancel interrupt them with a signal sent only to that thread (handler without SA_RESTART).

#include "CancelToken.h"
#include "DeviceLock.h"
#include "LockDirectory.h"
#include "ProcessInfo.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <pthread.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace devlatch::lock {

namespace {

// A real-time signal nobody else in a Qt application uses; its handler does nothing, it only
// makes the blocked fcntl()/flock() return EINTR.
int wakeSignal()
{
    return SIGRTMAX - 4;
}

void installWakeHandler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = [](int) {};
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0; // no SA_RESTART: the blocked call must return EINTR
        sigaction(wakeSignal(), &action, nullptr);
    });
}

struct FileIdentity {
    dev_t device;
    ino_t inode;
    bool operator<(const FileIdentity &o) const
    {
        return device != o.device ? device < o.device : inode < o.inode;
    }
};

// Process-wide: which lock files this process holds or is waiting for. Two OFDs of one file
// conflict even inside one process, so without this a second claim would wait for itself.
class ProcessClaims {
public:
    enum class State { Waiting, Held };
    static ProcessClaims &instance()
    {
        static ProcessClaims claims;
        return claims;
    }
    std::optional<State> enter(FileIdentity id)
    {
        std::lock_guard lock(m_mutex);
        auto [it, inserted] = m_claims.emplace(id, State::Waiting);
        if (!inserted)
            return it->second;
        return std::nullopt;
    }
    void markHeld(FileIdentity id)
    {
        std::lock_guard lock(m_mutex);
        m_claims[id] = State::Held;
    }
    void leave(FileIdentity id)
    {
        std::lock_guard lock(m_mutex);
        m_claims.erase(id);
    }

private:
    std::mutex m_mutex;
    std::map<FileIdentity, State> m_claims;
};

std::string octal(mode_t mode)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

bool inGroup(gid_t group)
{
    if (getegid() == group)
        return true;
    gid_t groups[256];
    const int count = getgroups(256, groups);
    return std::find(groups, groups + std::max(count, 0), group) != groups + std::max(count, 0);
}

// Mode 0666 (the umask must not keep other users from claiming), or the node's group with
// mode 0660 when the creator belongs to it.
void restrictToNodeGroup(int fd, const std::string &node)
{
    struct stat info {};
    if (!node.empty() && stat(node.c_str(), &info) == 0 && info.st_gid != 0 && inGroup(info.st_gid)
        && fchown(fd, static_cast<uid_t>(-1), info.st_gid) == 0) {
        fchmod(fd, 0660);
        return;
    }
    fchmod(fd, 0666);
}

std::string userName(uid_t uid)
{
    if (const passwd *entry = getpwuid(uid))
        return std::string(entry->pw_name) + " (uid " + std::to_string(uid) + ")";
    return "uid " + std::to_string(uid);
}

struct flock ofdWriteLock(short type)
{
    struct flock lock {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0; // whole file, including what is appended later
    return lock;
}

bool tryBoth(int fd, int &error)
{
    struct flock ofd = ofdWriteLock(F_WRLCK);
    if (fcntl(fd, F_OFD_SETLK, &ofd) != 0) {
        error = errno;
        return false;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        error = errno;
        struct flock unlock = ofdWriteLock(F_UNLCK);
        fcntl(fd, F_OFD_SETLK, &unlock);
        return false;
    }
    return true;
}

void dropBoth(int fd)
{
    flock(fd, LOCK_UN);
    struct flock unlock = ofdWriteLock(F_UNLCK);
    fcntl(fd, F_OFD_SETLK, &unlock);
}

bool isBusyError(int error)
{
    return error == EAGAIN || error == EACCES || error == EWOULDBLOCK;
}

// Shared between the caller and the worker thread that blocks in the kernel.
struct KernelWait {
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;
    bool abort = false;
    bool acquired = false;
    int error = 0;
    bool cancelled = false;
    pthread_t worker {};
    bool workerStarted = false;
};

void blockInKernel(int fd, const std::shared_ptr<KernelWait> &wait)
{
    sigset_t wake;
    sigemptyset(&wake);
    sigaddset(&wake, wakeSignal());
    pthread_sigmask(SIG_UNBLOCK, &wake, nullptr);

    auto aborted = [&wait] {
        std::lock_guard lock(wait->mutex);
        return wait->abort;
    };
    int error = 0;
    bool haveOfd = false;
    bool haveFlock = false;
    struct flock ofd = ofdWriteLock(F_WRLCK);
    while (!aborted()) {
        if (fcntl(fd, F_OFD_SETLKW, &ofd) == 0) {
            haveOfd = true;
            break;
        }
        if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    while (haveOfd && !aborted()) {
        if (flock(fd, LOCK_EX) == 0) {
            haveFlock = true;
            break;
        }
        if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    std::lock_guard lock(wait->mutex);
    if (haveOfd && haveFlock && !wait->abort) {
        wait->acquired = true;
    } else {
        if (haveFlock)
            flock(fd, LOCK_UN);
        if (haveOfd) {
            struct flock unlock = ofdWriteLock(F_UNLCK);
            fcntl(fd, F_OFD_SETLK, &unlock);
        }
    }
    wait->error = error;
    wait->done = true;
    wait->changed.notify_all();
}

} // namespace

class DeviceLock::Private {
public:
    explicit Private(LockLocation where) : location(std::move(where)) {}

    LockLocation location;
    mutable std::mutex mutex;
    int fd = -1;
    FileIdentity identity {};
    bool held = false;
    bool acquiring = false;
    std::size_t recordSize = 0; // bytes of the padded record we wrote

    std::string path() const { return location.directory + "/" + location.name + ".lock"; }
    AcquireResult openLockFile(int &fdOut, FileIdentity &identityOut) const;
    AcquireResult waitInKernel(int lockFd, WaitPolicy policy, CancelToken *cancel) const;
};

std::string lockObjectName(const LockLocation &location)
{
    return location.directory + "/" + location.name + ".lock";
}

std::string holderRecordPath(const LockLocation &location)
{
    return lockObjectName(location);
}

static AcquireResult failure(std::string message, int error = 0)
{
    AcquireResult result;
    result.status = AcquireStatus::Error;
    result.message = std::move(message);
    result.systemError = error;
    return result;
}

AcquireResult DeviceLock::Private::openLockFile(int &fdOut, FileIdentity &identityOut) const
{
    const std::string file = path();
    const LockDirectoryResult directory = prepareLockDirectory(location.directory, location.scope, true);
    if (!directory.ok())
        return failure(directory.error);

    // Refuse anything but a regular file before opening: opening a planted device node or FIFO
    // could have side effects (a tty toggles DTR on open).
    struct stat before {};
    if (lstat(file.c_str(), &before) == 0) {
        if (S_ISLNK(before.st_mode))
            return failure("lock file " + file + " is a symbolic link; devlatch never follows links "
                           "there because anyone could have planted one. Remove it: rm " + file, ELOOP);
        if (!S_ISREG(before.st_mode))
            return failure("lock file " + file + " is not a regular file; something else was placed "
                           "at the lock path. Remove it: rm " + file);
    }

    constexpr int kFlags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK;
    int lockFd = -1;
    for (int attempt = 0; attempt < 3 && lockFd < 0; ++attempt) {
        lockFd = open(file.c_str(), kFlags);
        if (lockFd >= 0 || errno != ENOENT)
            break;
        // Create only when missing: O_CREAT on an existing file in a sticky directory is
        // refused by fs.protected_regular for files of other users.
        lockFd = open(file.c_str(), kFlags | O_CREAT | O_EXCL, 0666);
        if (lockFd >= 0) {
            restrictToNodeGroup(lockFd, location.accessFromNode);
            break;
        }
        if (errno != EEXIST)
            break; // EEXIST: someone created it just now; open it in the next round
    }
    if (lockFd < 0) {
        const int error = errno;
        struct stat info {};
        const bool exists = lstat(file.c_str(), &info) == 0;
        if (error == ELOOP)
            return failure("lock file " + file + " is a symbolic link; devlatch never follows links "
                           "there. Remove it: rm " + file, error);
        if (!exists && (error == EACCES || error == EPERM))
            return failure("cannot create lock file " + file + ": the lock directory " + location.directory
                           + " is not writable for " + userName(geteuid())
                           + "; ask an administrator to run chmod 1777 " + location.directory
                           + " or set " + kLockDirEnv, error);
        if (!exists && error == EROFS)
            return failure("cannot create lock file " + file + ": " + location.directory
                           + " is on a read-only file system; set " + kLockDirEnv
                           + " to a writable directory", error);
        if (exists && (error == EACCES || error == EPERM))
            return failure("lock file " + file + " belongs to " + userName(info.st_uid) + " with mode "
                           + octal(info.st_mode) + ", which does not let " + userName(geteuid())
                           + " open it for writing; ask its owner or an administrator to run chmod 0666 "
                           + file, error);
        return failure("cannot open lock file " + file + ": " + std::strerror(error), error);
    }

    struct stat info {};
    if (fstat(lockFd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(lockFd);
        return failure("lock file " + file + " is not a regular file; remove it: rm " + file);
    }
    // A hard link would make us write holder records into some other file.
    if (info.st_nlink != 1) {
        close(lockFd);
        return failure("lock file " + file + " has " + std::to_string(info.st_nlink)
                       + " hard links; a lock file must not be linked elsewhere. Remove it: rm " + file);
    }
    fdOut = lockFd;
    identityOut = {info.st_dev, info.st_ino};
    return {AcquireStatus::Acquired, {}, 0, std::nullopt};
}

AcquireResult DeviceLock::Private::waitInKernel(int lockFd, WaitPolicy policy, CancelToken *cancel) const
{
    installWakeHandler();
    auto wait = std::make_shared<KernelWait>();

    int wakerHandle = 0;
    if (cancel) {
        wakerHandle = cancel->addWaker([wait] {
            std::lock_guard lock(wait->mutex);
            wait->cancelled = true;
            wait->changed.notify_all();
        });
    }

    // The worker starts with every signal blocked except the wake signal, so a process-wide
    // SIGINT or SIGTERM is never delivered to it.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    std::thread worker([lockFd, wait] { blockInKernel(lockFd, wait); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    const pthread_t workerHandle = worker.native_handle();

    std::unique_lock lock(wait->mutex);
    auto finished = [&wait] { return wait->done || wait->cancelled; };
    bool timedOut = false;
    if (policy.mode == WaitPolicy::Mode::Forever) {
        wait->changed.wait(lock, finished);
    } else {
        timedOut = !wait->changed.wait_for(lock, policy.timeout, finished);
    }
    if (!wait->done) {
        wait->abort = true;
        // The worker may be just about to enter the kernel when the first signal lands, so
        // repeat it until the worker reports back. This loop runs only while cancelling.
        while (!wait->done) {
            pthread_kill(workerHandle, wakeSignal());
            wait->changed.wait_for(lock, std::chrono::milliseconds(2));
        }
    }
    const bool acquired = wait->acquired;
    const bool cancelled = wait->cancelled && !acquired;
    const int error = wait->error;
    lock.unlock();
    worker.join();
    if (cancel)
        cancel->removeWaker(wakerHandle);

    AcquireResult result;
    if (acquired)
        result.status = AcquireStatus::Acquired;
    else if (error != 0 && error != EINTR)
        return failure("waiting for lock file " + path() + " failed: " + std::strerror(error), error);
    else if (cancelled)
        result.status = AcquireStatus::Cancelled;
    else
        result.status = timedOut ? AcquireStatus::TimedOut : AcquireStatus::Cancelled;
    return result;
}

DeviceLock::DeviceLock(LockLocation location) : d(std::make_unique<Private>(std::move(location))) {}

DeviceLock::~DeviceLock()
{
    release();
    if (d->fd >= 0)
        close(d->fd);
}

const LockLocation &DeviceLock::location() const
{
    return d->location;
}

std::string DeviceLock::osName() const
{
    return d->path();
}

bool DeviceLock::isHeld() const
{
    std::lock_guard lock(d->mutex);
    return d->held;
}

static std::string paddedRecord(std::string text)
{
    constexpr std::size_t kBlock = 512;
    text.resize((text.size() + kBlock - 1) / kBlock * kBlock, '\n');
    return text;
}

static std::string readAll(int fd, off_t size)
{
    std::string content(std::min<std::size_t>(static_cast<std::size_t>(size), kMaxHolderRecordSize), '\0');
    const ssize_t got = pread(fd, content.data(), content.size(), 0);
    content.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return content;
}

AcquireResult DeviceLock::acquire(const HolderRecord &holder, WaitPolicy wait, CancelToken *cancel)
{
    {
        std::lock_guard guard(d->mutex);
        if (d->held || d->acquiring)
            return {AcquireStatus::AlreadyHeld,
                    d->held ? "already held by this process" : "this process is already waiting for it", 0,
                    std::nullopt};
        d->acquiring = true; // the wait below runs without the mutex so isHeld() stays responsive
    }
    struct Done {
        Private *p;
        ~Done()
        {
            std::lock_guard guard(p->mutex);
            p->acquiring = false;
        }
    } done{d.get()};

    // The descriptor stays open between claims (a warm claim costs a handful of syscalls);
    // the checks after locking notice when the file was deleted or replaced meanwhile.
    for (int attempt = 0;; ++attempt) {
        if (d->fd < 0) {
            AcquireResult opened = d->openLockFile(d->fd, d->identity);
            if (!opened.acquired())
                return opened;
        }
        const int fd = d->fd;
        if (const auto state = ProcessClaims::instance().enter(d->identity)) {
            return {AcquireStatus::AlreadyHeld,
                    *state == ProcessClaims::State::Held ? "already held by this process"
                                                         : "this process is already waiting for it",
                    0, std::nullopt};
        }

        int error = 0;
        AcquireResult result;
        if (tryBoth(fd, error)) {
            result.status = AcquireStatus::Acquired;
        } else if (!isBusyError(error)) {
            result = failure("cannot lock " + d->path() + ": " + std::strerror(error), error);
        } else if (wait.mode == WaitPolicy::Mode::NoWait
                   || (wait.mode == WaitPolicy::Mode::Timeout && wait.timeout.count() <= 0)) {
            result.status = wait.mode == WaitPolicy::Mode::NoWait ? AcquireStatus::Busy : AcquireStatus::TimedOut;
        } else if (cancel && cancel->isCancelled()) {
            result.status = AcquireStatus::Cancelled;
        } else {
            result = d->waitInKernel(fd, wait, cancel);
        }
        if (!result.acquired()) {
            ProcessClaims::instance().leave(d->identity);
            return result;
        }

        // A lock on an inode that is no longer linked protects nothing: someone deleted or
        // replaced the lock file, and newcomers lock the new one.
        struct stat info {};
        if (fstat(fd, &info) != 0 || info.st_nlink != 1) {
            dropBoth(fd);
            ProcessClaims::instance().leave(d->identity);
            close(fd);
            d->fd = -1;
            if (attempt == 0)
                continue;
            return failure("lock file " + d->path() + " was deleted or replaced while being claimed; "
                           "lock files must never be removed");
        }

        // Held. A record still in the file means its writer ended without clearing it.
        if (info.st_size > 0) {
            const HolderRecord previous = parseHolderRecord(readAll(fd, info.st_size));
            if (previous.isValid())
                result.abandoned = previous;
        }
        // Records are padded with newlines to whole blocks and cleared by overwriting them
        // with newlines: truncating and regrowing the file would free and allocate a page on
        // every claim (5 us on tmpfs, more than the locks themselves).
        const std::string text = paddedRecord(serializeHolderRecord(holder));
        const ssize_t written = pwrite(fd, text.data(), text.size(), 0);
        const bool complete = written == static_cast<ssize_t>(text.size())
                              && (info.st_size <= written || ftruncate(fd, written) == 0);
        if (!complete) {
            const int writeError = written < 0 ? errno : ENOSPC;
            ftruncate(fd, 0);
            dropBoth(fd);
            ProcessClaims::instance().leave(d->identity);
            return failure("cannot write the holder record into " + d->path() + ": " + std::strerror(writeError)
                               + "; the lock was not kept",
                           writeError);
        }
        d->recordSize = text.size();
        std::lock_guard guard(d->mutex);
        d->held = true;
        ProcessClaims::instance().markHeld(d->identity);
        return result;
    }
}

bool DeviceLock::updateRecord(const HolderRecord &holder)
{
    std::lock_guard guard(d->mutex);
    if (!d->held)
        return false;
    const std::string text = paddedRecord(serializeHolderRecord(holder));
    if (pwrite(d->fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        return false;
    if (text.size() < d->recordSize) {
        static const std::string blank(kMaxHolderRecordSize, '\n');
        pwrite(d->fd, blank.data(), std::min(d->recordSize, blank.size()) - text.size(),
               static_cast<off_t>(text.size()));
    }
    d->recordSize = std::max(d->recordSize, text.size());
    return true;
}

void DeviceLock::release()
{
    std::lock_guard guard(d->mutex);
    if (!d->held)
        return;
    // Clear the record first, so no reader sees it in a free lock.
    static const std::string blank(kMaxHolderRecordSize, '\n');
    const std::size_t size = std::min(d->recordSize, blank.size());
    if (pwrite(d->fd, blank.data(), size, 0) != static_cast<ssize_t>(size))
        ftruncate(d->fd, 0);
    dropBoth(d->fd);
    ProcessClaims::instance().leave(d->identity);
    d->held = false;
}

} // namespace devlatch::lock
