// SPDX-License-Identifier: MIT
// devlatchctl.exe's lab scope under Wine, against a Linux etcd on loopback (etcd-fixture.sh):
// the same protocol from a Windows build. Exclusion naming the holder, a killed holder's
// claim freed after its TTL (TerminateProcess: no chance to release), and https refused
// clearly by this build without TLS.

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <windows.h>

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

class TestDevlatchctlLabWin final : public QObject {
    Q_OBJECT

private:
    QString m_endpoint;

    QProcessEnvironment environment(const QString &endpoint, const QString &host) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DEVLATCH_LAB_ENDPOINTS"), endpoint);
        env.insert(QStringLiteral("DEVLATCH_LAB_TTL"), QStringLiteral("2"));
        env.insert(QStringLiteral("DEVLATCH_LAB_HOST"), host);
        return env;
    }
    Run ctl(const QStringList &arguments, const QString &endpoint = {}, const QString &host = QStringLiteral("win-b")) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(endpoint.isEmpty() ? m_endpoint : endpoint, host));
        process.start(QStringLiteral(DEVLATCH_CTL), QStringList{QStringLiteral("--scope"), QStringLiteral("lab")} + arguments);
        process.closeWriteChannel();
        QElapsedTimer waited;
        waited.start();
        const bool finished = process.waitForFinished(60000);
        // Not only a timeout: a process that could not be started ends the wait at once.
        const QString why = QStringLiteral("after %1 ms, QProcess error %2: %3")
                                .arg(waited.elapsed())
                                .arg(int(process.error()))
                                .arg(process.errorString());
        if (!finished) {
            process.kill();
            process.waitForFinished();
        }
        const Run run{finished ? process.exitCode() : -1, QString::fromUtf8(process.readAllStandardOutput()),
                      QString::fromUtf8(process.readAllStandardError())};
        if (!finished)
            qWarning("devlatchctl --scope lab %s: did not finish (%s) and was killed\n--- stdout ---\n%s\n--- stderr ---\n%s",
                     qPrintable(arguments.join(u' ')), qPrintable(why), qPrintable(run.out), qPrintable(run.err));
        return run;
    }
    bool startHolder(QProcess &holder, const QString &device, const QStringList &extra = {})
    {
        holder.setProcessEnvironment(environment(m_endpoint, QStringLiteral("win-a")));
        holder.start(QStringLiteral(DEVLATCH_CTL),
                     QStringList{QStringLiteral("--scope"), QStringLiteral("lab"), QStringLiteral("claim"), device} + extra);
        QByteArray out;
        for (int i = 0; i < 300 && !out.contains("holding"); ++i) {
            holder.waitForReadyRead(100);
            out += holder.readAllStandardOutput();
        }
        if (!out.contains("holding"))
            qWarning("the holder of %s never said \"holding\" within 30 s; it printed:\n%s\n--- stderr ---\n%s", qPrintable(device),
                     out.constData(), holder.readAllStandardError().constData());
        return out.contains("holding");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile file(QStringLiteral(DEVLATCH_LAB_ENDPOINT_FILE));
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("no etcd (the fixture found none installed; make test installs etcd-server)");
        m_endpoint = QString::fromUtf8(file.readAll()).trimmed();
    }

    void excludesAndNamesTheHolder()
    {
        QProcess holder;
        QVERIFY(startHolder(holder, QStringLiteral("win-dut"), {QStringLiteral("--hold"), QStringLiteral("--note"), QStringLiteral("from Windows")}));
        const Run busy = ctl({QStringLiteral("claim"), QStringLiteral("win-dut"), QStringLiteral("--"), QStringLiteral("cmd"), QStringLiteral("/c"), QStringLiteral("exit")});
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains(QStringLiteral("@win-a")) && busy.err.contains(QStringLiteral("from Windows")), qPrintable(busy.err));
        const Run status = ctl({QStringLiteral("status"), QStringLiteral("win-dut")});
        QCOMPARE(status.exitCode, 1);
        // TerminateProcess: no release; the lease runs out (TTL 2 s) and the device is free.
        holder.kill();
        QVERIFY(holder.waitForFinished(10000));
        QElapsedTimer timer;
        timer.start();
        Run after;
        do {
            after = ctl({QStringLiteral("status"), QStringLiteral("win-dut")});
        } while (after.exitCode == 1 && timer.elapsed() < 30000);
        qInfo("killed holder -> free after %lld ms (TTL 2000 ms)", timer.elapsed());
        QVERIFY2(after.exitCode == 0, qPrintable(after.out + after.err));
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("win-dut"), QStringLiteral("--"), QStringLiteral("cmd"), QStringLiteral("/c"), QStringLiteral("exit")}).exitCode, 0);
    }

    // devlatchctl.exe suspended (a debugger, a frozen VM): none of its threads can end CMD
    // before the claim lapses, so its guard, a process of its own, does. The waiter's own
    // command looks, at the moment it is granted, whether the holder's command still runs.
    void aSuspendedDevlatchctlStillEndsItsCommandInTime()
    {
        using NtProcessCall = LONG(NTAPI *)(HANDLE);
        const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
        const auto suspend = reinterpret_cast<NtProcessCall>(reinterpret_cast<void *>(GetProcAddress(ntdll, "NtSuspendProcess")));
        const auto resume = reinterpret_cast<NtProcessCall>(reinterpret_cast<void *>(GetProcAddress(ntdll, "NtResumeProcess")));
        QVERIFY(suspend && resume);
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("command.pid"));
        QProcess holder;
        holder.setProcessEnvironment(environment(m_endpoint, QStringLiteral("win-a")));
        holder.start(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("--scope"), QStringLiteral("lab"), QStringLiteral("claim"),
                                                    QStringLiteral("win-frozen"), QStringLiteral("--on-lost=kill"), QStringLiteral("--"),
                                                    QStringLiteral(DEVLATCH_PEER), QStringLiteral("pidfile"), pidFile});
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, 30000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const DWORD commandPid = DWORD(file.readAll().trimmed().toULong());
        // Held open, so the pid cannot be reused before the end.
        const HANDLE command = OpenProcess(SYNCHRONIZE, FALSE, commandPid);
        QVERIFY(command);
        const HANDLE frozen = OpenProcess(PROCESS_SUSPEND_RESUME, FALSE, DWORD(holder.processId()));
        QVERIFY(frozen);
        QCOMPARE(suspend(frozen), 0L);
        const Run waiter = ctl({QStringLiteral("claim"), QStringLiteral("win-frozen"), QStringLiteral("--wait"), QStringLiteral("--"),
                                QStringLiteral(DEVLATCH_PEER), QStringLiteral("running"), QString::number(commandPid)});
        resume(frozen);
        CloseHandle(frozen);
        qInfo("granted while the holder was suspended; its command: %s", qPrintable(waiter.out.trimmed()));
        const bool finished = holder.waitForFinished(30000);
        const QString said = QString::fromUtf8(holder.readAllStandardError());
        QVERIFY2(waiter.exitCode == 0 && waiter.out.contains(QStringLiteral("gone")),
                 qPrintable(waiter.out + waiter.err + QStringLiteral("--- the holder said ---\n") + said));
        QVERIFY2(finished && holder.exitCode() == 4, qPrintable(said));
        QCOMPARE(WaitForSingleObject(command, 0), DWORD(WAIT_OBJECT_0));
        CloseHandle(command);
    }

    void labStatusAndTlsWithoutTls()
    {
        const Run status = ctl({QStringLiteral("lab"), QStringLiteral("status")});
        Q_UNUSED(status)
        QProcess lab;
        lab.setProcessEnvironment(environment(m_endpoint, QStringLiteral("win-b")));
        lab.start(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("lab"), QStringLiteral("status")});
        QVERIFY(lab.waitForFinished(60000));
        QCOMPARE(lab.exitCode(), 0);
        QVERIFY(QString::fromUtf8(lab.readAllStandardOutput()).contains(QStringLiteral("healthy")));
        const Run tls = ctl({QStringLiteral("status"), QStringLiteral("win-dut")}, QStringLiteral("https://127.0.0.1:1"));
        QCOMPARE(tls.exitCode, 3);
        QVERIFY2(tls.err.contains(QStringLiteral("TLS")), qPrintable(tls.err));
    }
};

} // namespace

QTEST_GUILESS_MAIN(TestDevlatchctlLabWin)
#include "tst_devlatchctl_lab_win.moc"
