#pragma once

#include <QStringList>

#include <sys/types.h>

namespace devlatch::cli {

// Runs the command of `devlatchctl claim DEV -- CMD ARGS` with posix_spawnp: no Qt event
// loop, default signal mask, and none of our lock descriptors (they are O_CLOEXEC).
class ChildProcess final {
public:
    // Returns false (with `error` set) when CMD cannot be started.
    bool start(const QStringList &command, QString &error);
    pid_t pid() const { return m_pid; }
    // Waits for the child; returns its exit code, or 128 + signal when a signal ended it.
    int wait();

private:
    pid_t m_pid = -1;
};

} // namespace devlatch::cli
