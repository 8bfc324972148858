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
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace devlatch::cli {

struct ChildProcess::Private {};

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

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // The mask devlatchctl started with, and SIGPIPE back to the default unless it was
    // ignored when we started (the others we never change: ignored ones stay ignored).
    sigset_t defaults;
    sigemptyset(&defaults);
    if (!wasIgnoredAtStart(SIGPIPE))
        sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &originalSignalMask());
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    const int result = posix_spawnp(&pid, argv[0], nullptr, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
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
            if (const auto value = lock::parseNumber<qint64>(pid.trimmed().toStdString()); value && *value != m_pid)
                children << *value;
    }
    return children;
}

} // namespace devlatch::cli
