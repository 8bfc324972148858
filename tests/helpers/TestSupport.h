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

#include <csignal>
#include <unistd.h>

namespace devlatch::test {

// Sets DEVLATCH_LOCK_DIR to a fresh directory for the lifetime of the object, so tests
// never touch /run/lock/devlatch and never see each other's locks.
class TempLockDir final {
public:
    TempLockDir() : m_lockDir(m_root.path() + QStringLiteral("/locks"))
    {
        qputenv("DEVLATCH_LOCK_DIR", m_lockDir.toLocal8Bit());
    }
    ~TempLockDir() { qunsetenv("DEVLATCH_LOCK_DIR"); }
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

// Runs a program to completion with `input` on its stdin (generous deadline: only a hang
// fails here).
inline Finished runWithInput(const QString &program, const QStringList &arguments, const QByteArray &input,
                             int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, arguments);
    Finished result;
    if (!process.waitForStarted(timeoutMs)) {
        result.err = "could not start " + program.toLocal8Bit();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out: " + program.toLocal8Bit();
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

// A long-running helper process whose stdout is read line by line.
class Helper final {
public:
    Helper() { m_process.setProcessChannelMode(QProcess::SeparateChannels); }
    ~Helper() { stop(); }

    bool start(const QString &program, const QStringList &arguments)
    {
        m_process.start(program, arguments);
        return m_process.waitForStarted(30000);
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
                return {};
            }
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
    }
    QList<QByteArray> lines() const { return m_lines; }
    qint64 pid() const { return m_process.processId(); }
    void closeStdin() { m_process.closeWriteChannel(); }
    void signal(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    int waitForExit(int timeoutMs = 30000)
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : 128 + 9;
    }
    QByteArray readAllStderr() { return m_process.readAllStandardError(); }
    // Waits until stderr (everything so far) contains `needle`; false on timeout or exit.
    bool waitForStderr(const QByteArray &needle, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!stderrSoFar().contains(needle)) {
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return stderrSoFar().contains(needle);
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
    QProcess m_process;
    QList<QByteArray> m_lines;
    QByteArray m_stderr;
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
