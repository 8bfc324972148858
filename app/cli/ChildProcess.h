// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayList>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace devlatch::cli {

// The command of `devlatchctl claim DEV -- CMD ARGS` (ChildProcess_<os>.cpp).
// POSIX: posix_spawnp. CMD gets the signal mask and ignored signals devlatchctl inherited,
// and one descriptor of the lock, so the lock lives as long as CMD (or anything it hands the
// descriptor on to) does, even if devlatchctl is killed. devlatchctl becomes a subreaper:
// processes CMD leaves behind become its children, so it can wait for them too.
// Windows: CreateProcessW in a kill-on-close Job object: a mutex cannot be handed on, so
// CMD and what it starts end when devlatchctl does, never outliving the claim.
class ChildProcess final {
public:
    ChildProcess();
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    enum class StartError { None, NotFound, NotExecutable, Other };
    // CMD is killed (SIGKILL) when devlatchctl dies, even by kill -9: for claims that end with
    // devlatchctl (the lab's session), so CMD never runs on unclaimed. Processes CMD starts
    // itself are not covered. Windows: always so (the Job object). Before start().
    void setEndsWithDevlatchctl(bool ends) { m_endsWithUs = ends; }
    // The arguments are passed byte for byte (Windows: UTF-8, as rawArguments() gives them);
    // `lockDescriptor` (or -1) is inherited, and closed here afterwards.
    StartError start(const QByteArrayList &command, int lockDescriptor, QString &error);
    qint64 pid() const { return m_pid; }
    // Sends `signal` to CMD, or once CMD has exited to the processes it left behind.
    void signal(int signal) const;
    // Ends CMD for certain (POSIX SIGKILL; Windows: its Job, exit code 137).
    void kill() const;
    // Whether CMD can be asked to end (POSIX: SIGTERM). Windows cannot ask another program
    // (a console's Ctrl+C reaches the whole console), so ending CMD there is kill().
    static bool canAskToEnd();
    // The Job object CMD runs in (a Windows HANDLE), for its CommandGuard; nullptr on POSIX.
    void *job() const;
    // Collects every child that has ended, without waiting. True once CMD has exited.
    bool collect();
    // Whether any child of ours still runs (CMD, or what it left behind); after collect().
    bool childrenLeft() const { return m_childrenLeft; }
    // CMD's exit code, or 128 + signal when a signal ended it; nothing while it runs.
    std::optional<int> exitCode() const { return m_exitCode; }
    // Processes that CMD left running (they became our children).
    QList<qint64> leftBehind() const;
    // A child of devlatchctl's own (the CommandGuard) that is none of CMD's.
    void setHelper(qint64 pid) { m_helper = pid; }

private:
    struct Private; // the OS's handles, where it has any
    std::shared_ptr<Private> d;
    qint64 m_pid = 0;
    std::optional<int> m_exitCode;
    bool m_childrenLeft = true;
    bool m_endsWithUs = false;
    qint64 m_helper = 0;
};

} // namespace devlatch::cli
