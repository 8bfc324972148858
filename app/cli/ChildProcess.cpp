#include "ChildProcess.h"

#include <cerrno>
#include <cstring>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace devlatch::cli {

bool ChildProcess::start(const QStringList &command, QString &error)
{
    std::vector<QByteArray> storage;
    storage.reserve(command.size());
    std::vector<char *> argv;
    for (const QString &part : command) {
        storage.push_back(part.toLocal8Bit());
        argv.push_back(storage.back().data());
    }
    argv.push_back(nullptr);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int result = posix_spawnp(&m_pid, argv[0], nullptr, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    if (result != 0) {
        error = QStringLiteral("cannot run %1: %2").arg(command.first(), QString::fromLocal8Bit(std::strerror(result)));
        m_pid = -1;
        return false;
    }
    return true;
}

int ChildProcess::wait()
{
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0) {
        if (errno != EINTR)
            return 127;
    }
    m_pid = -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 127;
}

} // namespace devlatch::cli
