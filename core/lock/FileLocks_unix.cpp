// SPDX-License-Identifier: MIT
#include "FileLocks_unix.h"

#include "CancelToken.h"

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <pthread.h>
#include <sys/file.h>
#include <system_error>
#include <thread>

namespace devlatch::lock::detail {

static struct flock wholeFile(short type)
{
    struct flock lock {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0; // whole file, including what is appended later
    return lock;
}

bool tryBothLocks(int fd, int &error)
{
    struct flock ofd = wholeFile(F_WRLCK);
    if (fcntl(fd, F_OFD_SETLK, &ofd) != 0) {
        error = errno;
        return false;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        error = errno;
        struct flock unlock = wholeFile(F_UNLCK);
        fcntl(fd, F_OFD_SETLK, &unlock);
        return false;
    }
    return true;
}

void dropBothLocks(int fd)
{
    flock(fd, LOCK_UN);
    struct flock unlock = wholeFile(F_UNLCK);
    fcntl(fd, F_OFD_SETLK, &unlock);
}

bool isBusyError(int error)
{
    return error == EAGAIN || error == EACCES || error == EWOULDBLOCK;
}

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

// Shared between the caller and the worker thread that blocks in the kernel.
struct KernelWait {
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;
    bool abort = false;
    bool acquired = false;
    bool cancelled = false;
    int error = 0;
};

// Blocks in F_OFD_SETLKW, then flock(); a wake signal with `abort` set ends the wait.
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
    auto retryable = [&](int result, int &error) {
        if (result == 0)
            return false;
        if (errno != EINTR)
            error = errno;
        return errno == EINTR && !aborted();
    };
    int error = 0;
    struct flock ofd = wholeFile(F_WRLCK);
    int result = -1;
    while (retryable(result = fcntl(fd, F_OFD_SETLKW, &ofd), error)) {
    }
    const bool haveOfd = result == 0;
    result = -1;
    if (haveOfd)
        while (retryable(result = flock(fd, LOCK_EX), error)) {
        }
    const bool haveFlock = haveOfd && result == 0;
    std::lock_guard lock(wait->mutex);
    if (haveOfd && haveFlock && !wait->abort) {
        wait->acquired = true;
    } else if (haveOfd) {
        dropBothLocks(fd); // a late grant after a timeout or cancel is given back
    }
    wait->error = error;
    wait->done = true;
    wait->changed.notify_all();
}

} // namespace

LockOutcome waitForBothLocks(int fd, const std::string &path, const WaitPolicy &policy, CancelToken *cancel)
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
    std::thread worker;
    try {
        worker = std::thread([lockFd = fd, wait] { blockInKernel(lockFd, wait); });
    } catch (const std::system_error &failure) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        if (cancel)
            cancel->removeWaker(wakerHandle);
        LockProblem noThread;
        noThread.kind = LockProblem::Kind::NoThread;
        noThread.path = path;
        noThread.systemError = failure.code().value();
        return {AcquireStatus::Error, noThread};
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    const pthread_t workerHandle = worker.native_handle();

    std::unique_lock lock(wait->mutex);
    auto finished = [&wait] { return wait->done || wait->cancelled; };
    bool timedOut = false;
    if (policy.mode == WaitPolicy::Mode::Forever)
        wait->changed.wait(lock, finished);
    else
        timedOut = !wait->changed.wait_for(lock, policy.timeout, finished);
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

    if (acquired)
        return {AcquireStatus::Acquired, {}};
    if (error != 0 && error != EINTR)
    {
        LockProblem failed;
        failed.kind = LockProblem::Kind::System;
        failed.path = path;
        failed.systemError = error;
        failed.operation = "wait for";
        return {AcquireStatus::Error, failed};
    }
    if (cancelled || !timedOut)
        return {AcquireStatus::Cancelled, {}};
    return {AcquireStatus::TimedOut, {}};
}

} // namespace devlatch::lock::detail
