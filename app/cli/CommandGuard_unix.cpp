// SPDX-License-Identifier: MIT
#include "CommandGuard.h"

#include "ChildProcess.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace devlatch::cli {

namespace {

// Deadlines travel as CLOCK_MONOTONIC milliseconds (QElapsedTimer's clock on Linux).
struct Deadlines {
    std::int64_t terminateAt = 0; // 0: disarmed
    std::int64_t killAt = 0;
};

std::int64_t monotonicMs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// The forked guard: only async-signal-safe calls (the parent has threads), then _exit.
[[noreturn]] void guard(pid_t command, int input)
{
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr); // only SIGKILL (and SIGSTOP) can stop it
    const long maxFd = sysconf(_SC_OPEN_MAX);
    for (int fd = 0; fd < (maxFd > 0 ? int(maxFd) : 1024); ++fd)
        if (fd != input)
            ::close(fd); // no etcd connection, no terminal, no lock of devlatchctl's
    const int commandFd = int(syscall(SYS_pidfd_open, command, 0)); // -1 before Linux 5.3: polled
    Deadlines deadlines;
    bool terminated = false;
    for (;;) {
        const std::int64_t due = !deadlines.terminateAt ? -1 : terminated ? deadlines.killAt : deadlines.terminateAt;
        int timeout = due < 0 ? -1 : int(std::max<std::int64_t>(0, due - monotonicMs()));
        if (commandFd < 0 && (timeout < 0 || timeout > 100))
            timeout = 100;
        pollfd fds[2] = {{input, POLLIN, 0}, {commandFd, POLLIN, 0}};
        const int ready = poll(fds, commandFd >= 0 ? 2 : 1, timeout);
        if (ready < 0 && errno == EINTR)
            continue;
        if ((commandFd >= 0 && (fds[1].revents & POLLIN)) || (commandFd < 0 && ::kill(command, 0) != 0 && errno == ESRCH))
            _exit(0); // CMD has ended
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            Deadlines next;
            const ssize_t got = ::read(input, &next, sizeof next);
            if (got == 0) { // devlatchctl is gone, and so is its claim
                ::kill(command, SIGKILL);
                _exit(0);
            }
            if (got == ssize_t(sizeof next) && !terminated)
                deadlines = next; // once ending, CMD ends
            continue;
        }
        if (due >= 0 && monotonicMs() >= due) {
            ::kill(command, terminated ? SIGKILL : SIGTERM);
            if (terminated)
                deadlines = {}; // done: wait for CMD to go
            terminated = true;
        }
    }
}

} // namespace

struct CommandGuard::Private {
    pid_t pid = 0;
    int output = -1;
};

CommandGuard::CommandGuard() : d(std::make_unique<Private>()) {}

CommandGuard::~CommandGuard()
{
    // The guard takes the end of its input as devlatchctl's end: CMD goes too (it has ended
    // by now, unless devlatchctl is leaving while it runs, which ends the claim).
    if (d->output >= 0)
        ::close(d->output);
}

bool CommandGuard::start(const ChildProcess &commandProcess, QString &error)
{
    const qint64 command = commandProcess.pid();
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0) {
        error = QStringLiteral("cannot start the guard of the command: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    const pid_t child = fork();
    if (child == 0)
        guard(pid_t(command), pipeFds[0]);
    const int forkError = errno;
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    ::close(pipeFds[0]);
    if (child < 0) {
        ::close(pipeFds[1]);
        error = QStringLiteral("cannot start the guard of the command: %1").arg(QString::fromLocal8Bit(std::strerror(forkError)));
        return false;
    }
    fcntl(pipeFds[1], F_SETFL, O_NONBLOCK); // a stopped guard must not stop devlatchctl
    d->pid = child;
    d->output = pipeFds[1];
    return true;
}

void CommandGuard::arm(qint64 terminateInMs, qint64 killInMs)
{
    if (d->output < 0)
        return;
    const std::int64_t now = monotonicMs();
    const Deadlines deadlines{now + std::max<qint64>(0, terminateInMs), now + std::max<qint64>(0, killInMs)};
    [[maybe_unused]] const ssize_t written = ::write(d->output, &deadlines, sizeof deadlines);
}

qint64 CommandGuard::pid() const
{
    return d->pid;
}

// The POSIX guard is a fork, not a program started anew.
std::optional<int> runAsCommandGuard(const QByteArrayList &)
{
    return std::nullopt;
}

} // namespace devlatch::cli
