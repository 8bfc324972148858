// SPDX-License-Identifier: MIT
#pragma once

// Shared by the Qt Test cases: a private lock directory per test, and real helper processes
// that the test drives line by line.

#include <QDeadlineTimer>
#include <QProcess>
#include <QJsonObject>
#include <QJsonDocument>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include "TestPaths.h"

#include <QFile>

#include <csignal>
#include <unistd.h>

namespace devlatch::test {

// Unsets `name` only while it still has `value`: when a test makes a new world before the
// old one goes (std::unique_ptr assignment), the old one must not unset the new one's
// setting, or what follows runs against the real /run/lock/devlatch, shared with any other
// test process (seen: two runs of tst_traycontroller at once claimed each other's devices).
inline void unsetIfStill(const char *name, const QByteArray &value)
{
    if (qgetenv(name) == value)
        qunsetenv(name);
}

// Sets DEVLATCH_LOCK_DIR to a fresh directory for the lifetime of the object, so tests
// never touch /run/lock/devlatch and never see each other's locks.
class TempLockDir final {
public:
    TempLockDir() : m_lockDir(m_root.path() + QStringLiteral("/locks"))
    {
        qputenv("DEVLATCH_LOCK_DIR", m_lockDir.toLocal8Bit());
    }
    ~TempLockDir() { unsetIfStill("DEVLATCH_LOCK_DIR", m_lockDir.toLocal8Bit()); }
    QString path() const { return m_lockDir; }
    QString root() const { return m_root.path(); }

private:
    QTemporaryDir m_root;
    QString m_lockDir;
};

struct Finished {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// "program arg1 arg2", for messages.
inline QByteArray commandLine(const QString &program, const QStringList &arguments)
{
    return QStringList(QStringList{program} + arguments).join(u' ').toLocal8Bit();
}

// What a process printed, for a failure message.
inline QByteArray transcript(const QByteArray &command, const QByteArray &out, const QByteArray &err)
{
    return command + "\n--- stdout ---\n" + out + (out.endsWith('\n') || out.isEmpty() ? "" : "\n") + "--- stderr ---\n" + err;
}

// Runs a program to completion with `input` on its stdin. The deadline is generous: only a
// hang fails here, and then it is killed, `exitCode` is -1 and `err` says so, with what it
// had printed (also written to the test log at once, so a hang never goes unexplained).
inline Finished runWithInput(const QString &program, const QStringList &arguments, const QByteArray &input,
                             int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, arguments);
    Finished result;
    if (!process.waitForStarted(timeoutMs)) {
        result.err = "could not start " + commandLine(program, arguments) + ": " + process.errorString().toLocal8Bit();
        qWarning("%s", result.err.constData());
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.out = process.readAllStandardOutput();
        result.err = "timed out after " + QByteArray::number(timeoutMs / 1000.0) + " s and killed: "
                     + transcript(commandLine(program, arguments), result.out, process.readAllStandardError());
        qWarning("%s", result.err.constData());
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 128 + 9;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

inline Finished run(const QString &program, const QStringList &arguments, int timeoutMs = 60000)
{
    return runWithInput(program, arguments, {}, timeoutMs);
}

// A long-running helper process whose stdout is read line by line. Every wait has a
// deadline; when one runs out, the helper's output so far goes to the test log, and when
// the test function fails, its whole transcript does.
class Helper final {
public:
    Helper() { m_process.setProcessChannelMode(QProcess::SeparateChannels); }
    ~Helper()
    {
        if (QTest::currentTestFailed() && !m_command.isEmpty() && !m_reported)
            report("the test failed");
        stop();
    }

    bool start(const QString &program, const QStringList &arguments)
    {
        m_command = commandLine(program, arguments);
        m_process.start(program, arguments);
        if (m_process.waitForStarted(30000))
            return true;
        report("it did not start (" + m_process.errorString().toLocal8Bit() + ")");
        return false;
    }
    // Waits for the next stdout line that starts with `prefix`; empty on timeout or exit.
    QByteArray waitForLine(const QByteArray &prefix, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine().trimmed();
                m_lines << line;
                if (line.startsWith(prefix))
                    return line;
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning) {
                if (m_process.canReadLine())
                    continue;
                report("no line \"" + prefix + "\" came " + (m_process.state() == QProcess::NotRunning ? "before it ended" : "in time"));
                return {};
            }
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
    }
    QList<QByteArray> lines() const { return m_lines; }
    qint64 pid() const { return m_process.processId(); }
    void closeStdin() { m_process.closeWriteChannel(); }
    void signal(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    // The exit code (128 + 9 for a crash or kill), or -1 when it is still running at the deadline.
    int waitForExit(int timeoutMs = 30000)
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs)) {
            report("it did not end within " + QByteArray::number(timeoutMs / 1000.0) + " s");
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : 128 + 9;
    }
    QByteArray readAllStderr()
    {
        const QByteArray fresh = m_stderrSeen < m_stderr.size() ? m_stderr.mid(m_stderrSeen) : QByteArray();
        const QByteArray more = m_process.readAllStandardError();
        m_stderr += more;
        m_stderrSeen = m_stderr.size();
        return fresh + more;
    }
    // Waits until stderr (everything so far) contains `needle`; false on timeout or exit.
    bool waitForStderr(const QByteArray &needle, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!stderrSoFar().contains(needle)) {
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning) {
                if (stderrSoFar().contains(needle))
                    return true;
                report("stderr never said \"" + needle + "\"");
                return false;
            }
            m_process.waitForReadyRead(int(qMin<qint64>(100, qMax<qint64>(1, deadline.remainingTime()))));
        }
        return true;
    }
    void write(const QByteArray &data) { m_process.write(data); m_process.waitForBytesWritten(5000); }
    // Everything written to stderr so far (kept, unlike readAllStderr()).
    QByteArray stderrSoFar()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    QProcess &process() { return m_process; }

private:
    // The helper's transcript to the test log: what it was, what it printed, why it matters.
    void report(const QByteArray &why)
    {
        m_reported = true;
        QByteArray out;
        for (const QByteArray &line : std::as_const(m_lines))
            out += line + '\n';
        out += m_process.readAll(); // stdout not yet read as lines
        const QByteArray state = m_process.state() == QProcess::NotRunning
                                     ? "ended with " + QByteArray::number(m_process.exitCode())
                                           + (m_process.exitStatus() == QProcess::CrashExit ? " (crashed or killed)" : "")
                                     : "still running, pid " + QByteArray::number(m_process.processId());
        qWarning("helper: %s; %s:\n%s", why.constData(), state.constData(), transcript(m_command, out, stderrSoFar()).constData());
    }

    QProcess m_process;
    QByteArray m_command;
    QList<QByteArray> m_lines;
    QByteArray m_stderr;
    qsizetype m_stderrSeen = 0;
    bool m_reported = false;
};

// Foreign peers holding a lock file until the helper's stdin closes: flock(1) (the flock
// family, like picocom and Python filelock) and Python's fcntl.lockf (the classic POSIX
// family, like fasteners and Boost). Both create the file when missing.
inline bool startFlockHolder(Helper &holder, const QString &file)
{
    return holder.start(QStringLiteral("flock"), {QStringLiteral("-x"), file, QStringLiteral("-c"),
                                                  QStringLiteral("echo locked; cat >/dev/null")})
           && !holder.waitForLine("locked").isEmpty();
}

inline bool startFcntlHolder(Helper &holder, const QString &file)
{
    return holder.start(QStringLiteral("/usr/bin/python3"),
                        {QStringLiteral("-c"),
                         QStringLiteral("import fcntl,sys\nf=open(sys.argv[1],'a')\nfcntl.lockf(f,fcntl.LOCK_EX)\n"
                                        "print('locked',flush=True)\nsys.stdin.read()"),
                         file})
           && !holder.waitForLine("locked").isEmpty();
}

// devlatchctl --json prints schema-1 envelopes (docs/devlatch.schema.json): status and who
// the device object, list the array of devices.
inline QJsonObject deviceJson(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).object().value(QStringLiteral("device")).toObject();
}
inline QJsonArray devicesJson(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).object().value(QStringLiteral("devices")).toArray();
}

// A process's state letter from /proc (R, S, Z, ...), or 0 when it is gone.
inline char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const int end = int(text.lastIndexOf(')'));
    return end >= 0 && end + 2 < text.size() ? text.at(end + 2) : 0;
}

inline bool isRoot()
{
    return geteuid() == 0;
}

// Runs `program` as another, unprivileged uid (only possible as root): setpriv(1).
inline QStringList asUser(uid_t uid, const QString &program, const QStringList &arguments)
{
    QStringList command{QStringLiteral("--reuid=%1").arg(uid), QStringLiteral("--regid=%1").arg(uid),
                        QStringLiteral("--clear-groups"), QStringLiteral("--"), program};
    return command + arguments;
}

inline constexpr uid_t kOtherUid = 4242;
inline constexpr uid_t kThirdUid = 4343;

} // namespace devlatch::test
