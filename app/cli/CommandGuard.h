// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayList>
#include <QString>

#include <memory>
#include <optional>

namespace devlatch::cli {

class ChildProcess;

// `--scope lab claim --on-lost=kill -- CMD`: a process of its own that ends CMD at the last
// deadlines devlatchctl gave it (SIGTERM, then SIGKILL), so CMD ends before the claim can lapse
// even while devlatchctl itself cannot act: stopped (SIGSTOP, a debugger), starved, or killed.
// devlatchctl re-arms it after each keepalive the server confirms (CommandGuard_<os>.cpp).
// POSIX: a forked process that blocks every signal it can and watches CMD through a pidfd.
// Windows: devlatchctl.exe started again as the guard (runAsCommandGuard), with handles of
// CMD's Job, CMD, devlatchctl and the shared deadlines; it ends the Job at the first deadline
// (Windows has no polite step) or when devlatchctl is gone, suspended or not.
class CommandGuard final {
public:
    CommandGuard();
    ~CommandGuard(); // the guard then ends CMD, if it still runs, and itself
    CommandGuard(const CommandGuard &) = delete;
    CommandGuard &operator=(const CommandGuard &) = delete;

    // Starts the guard of `command` (started), not armed yet; false (and `error`) if it cannot.
    bool start(const ChildProcess &command, QString &error);
    // SIGTERM in `terminateInMs`, SIGKILL in `killInMs` from now, unless armed again before.
    void arm(qint64 terminateInMs, qint64 killInMs);
    // The guard's pid (0: none): it is a child of devlatchctl's, but not one CMD left behind.
    qint64 pid() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// main()'s first step: when these are the arguments devlatchctl gave a guard it started
// (Windows), this process is that guard: it runs and gives its exit code. Otherwise nothing.
std::optional<int> runAsCommandGuard(const QByteArrayList &arguments);

} // namespace devlatch::cli
