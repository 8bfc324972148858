// SPDX-License-Identifier: MIT
#include "ChildProcess.h"

#include "ProcessSetup.h"
#include "ProcessSetup_unix.h"

#include "lock/Numbers.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace devlatch::cli {

struct ChildProcess::Private {};

namespace {

// posix_spawnp with the signal mask devlatchctl started with; an errno value or 0.
int spawn(char *const argv[], const sigset_t &defaults, pid_t &pid)
{
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setsigmask(&attributes, &originalSignalMask());
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int result = posix_spawnp(&pid, argv[0], nullptr, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    return result;
}

// The same with PR_SET_PDEATHSIG, which posix_spawn cannot set: fork, then only
// async-signal-safe calls until exec. exec's errno comes back through a close-on-exec pipe
// (nothing arrives when exec worked). Called on the main thread, which lives as long as
// devlatchctl: the death signal follows the thread that forked.
int spawnDyingWithParent(char *const argv[], const sigset_t &defaults, pid_t &pid)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        return errno;
    // No handler of ours may run in the child before exec: block everything across fork.
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child == 0) {
        ::close(report[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) // devlatchctl died before the line above
            _exit(127);
        for (int signal = 1; signal < NSIG; ++signal) {
            struct sigaction current {};
            if (sigaction(signal, nullptr, &current) != 0)
                continue;
            const bool handled = (current.sa_flags & SA_SIGINFO) || (current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN);
            if (handled || sigismember(&defaults, signal) == 1) {
                struct sigaction reset {};
                reset.sa_handler = SIG_DFL;
                sigaction(signal, &reset, nullptr);
            }
        }
        sigprocmask(SIG_SETMASK, &originalSignalMask(), nullptr);
        execvp(argv[0], argv);
        const int error = errno;
        [[maybe_unused]] const ssize_t written = ::write(report[1], &error, sizeof error);
        _exit(127);
    }
    const int forkError = child < 0 ? errno : 0;
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    ::close(report[1]);
    if (forkError != 0) {
        ::close(report[0]);
        return forkError;
    }
    int execError = 0;
    ssize_t got;
    do
        got = ::read(report[0], &execError, sizeof execError);
    while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got == ssize_t(sizeof execError)) {
        while (waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
        }
        return execError;
    }
    pid = child;
    return 0;
}

} // namespace

ChildProcess::ChildProcess() = default;

ChildProcess::~ChildProcess() = default;

ChildProcess::StartError ChildProcess::start(const QByteArrayList &command, int lockDescriptor, QString &error)
{
    // Orphans of CMD's become ours, not init's: we can wait for them and signal them.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    QByteArrayList storage = command; // posix_spawn wants char *, not const char *
    std::vector<char *> argv;
    for (QByteArray &part : storage)
        argv.push_back(part.data());
    argv.push_back(nullptr);

    // The mask devlatchctl started with, and SIGPIPE back to the default unless it was
    // ignored when we started (the others we never change: ignored ones stay ignored).
    sigset_t defaults;
    sigemptyset(&defaults);
    if (!wasIgnoredAtStart(SIGPIPE))
        sigaddset(&defaults, SIGPIPE);
    pid_t pid = 0;
    const int result = m_endsWithUs ? spawnDyingWithParent(argv.data(), defaults, pid) : spawn(argv.data(), defaults, pid);
    if (lockDescriptor >= 0)
        ::close(lockDescriptor); // CMD has its copy (it was made without FD_CLOEXEC)
    if (result != 0) {
        error = QStringLiteral("cannot run %1: %2")
                    .arg(QString::fromLocal8Bit(command.first()), QString::fromLocal8Bit(std::strerror(result)));
        return result == ENOENT ? StartError::NotFound
                                : (result == EACCES || result == ENOEXEC || result == EPERM) ? StartError::NotExecutable
                                                                                            : StartError::Other;
    }
    m_pid = pid;
    return StartError::None;
}

void ChildProcess::signal(int signal) const
{
    if (!m_exitCode && m_pid > 0) {
        ::kill(pid_t(m_pid), signal);
        return;
    }
    for (const qint64 pid : leftBehind())
        ::kill(pid_t(pid), signal);
}

bool ChildProcess::canAskToEnd()
{
    return true;
}

void *ChildProcess::job() const
{
    return nullptr;
}

void ChildProcess::kill() const
{
    if (!m_exitCode && m_pid > 0)
        ::kill(pid_t(m_pid), SIGKILL);
}

bool ChildProcess::collect()
{
    for (;;) {
        int status = 0;
        const pid_t ended = waitpid(-1, &status, WNOHANG);
        if (ended < 0 && errno == EINTR)
            continue;
        if (ended <= 0) {
            m_childrenLeft = ended == 0; // -1 with ECHILD: none at all
            break;
        }
        if (ended == pid_t(m_pid))
            m_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return m_exitCode.has_value();
}

QList<qint64> ChildProcess::leftBehind() const
{
    // Our children: what /proc/<pid>/task/<tid>/children lists for every thread of ours.
    QList<qint64> children;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task + QStringLiteral("/children")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &pid : file.readAll().split(' '))
            if (const auto value = lock::parseNumber<qint64>(pid.trimmed().toStdString()); value && *value != m_pid && *value != m_helper)
                children << *value;
    }
    return children;
}

} // namespace devlatch::cli
