// SPDX-License-Identifier: MIT
// devlatchctl.exe as Windows scripts use it, under Wine: real processes, real named mutexes,
// a recorded device enumeration (Wine lists no USB devices), and a peer that is not devlatch
// (devlatch-win32-peer.c, plain Win32) in both directions.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <windows.h>

namespace {

const QString kFtdi = QStringLiteral("usb:0403:6001:A6008ISP"); // COM5 in the recording

struct Run {
    int exitCode = -1;
    QString out, err;
};

class TestDevlatchctlWin final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DEVLATCH_DISCOVERY")); // the recording is the discovery here
        env.insert(QStringLiteral("DEVLATCH_DEVICE_RECORDING"), QStringLiteral(DEVLATCH_RECORDING));
        env.insert(QStringLiteral("DEVLATCH_LOCK_DIR"), QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("holders"))));
        return env;
    }

    void start(QProcess &process, const QString &program, const QStringList &arguments) const
    {
        process.setProcessEnvironment(environment());
        process.start(program, arguments);
        QVERIFY2(process.waitForStarted(20000), qPrintable(process.errorString()));
    }

    Run ctl(const QStringList &arguments) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(DEVLATCH_CTL), arguments);
        process.closeWriteChannel();
        Run run;
        QElapsedTimer waited;
        waited.start();
        const bool finished = process.waitForFinished(60000);
        // Not only a timeout: waitForFinished also gives up at once when the process could not
        // be started or its handle failed, and then the error says which (once seen under Wine).
        const QString why = QStringLiteral("after %1 ms, QProcess error %2: %3")
                                .arg(waited.elapsed())
                                .arg(int(process.error()))
                                .arg(process.errorString());
        if (!finished) {
            process.kill();
            process.waitForFinished();
        }
        run.exitCode = finished ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        if (!finished)
            qWarning("devlatchctl %s: did not finish (%s) and was killed\n--- stdout ---\n%s\n--- stderr ---\n%s",
                     qPrintable(arguments.join(u' ')), qPrintable(why), qPrintable(run.out), qPrintable(run.err));
        return run;
    }

    static bool waitForLine(QProcess &process, const QString &text)
    {
        QByteArray seen;
        for (int i = 0; i < 600; ++i) {
            if (process.canReadLine() || process.waitForReadyRead(100)) {
                seen += process.readAll();
                if (seen.contains(text.toUtf8()))
                    return true;
            }
            if (process.state() == QProcess::NotRunning)
                break;
        }
        qWarning("%s: no \"%s\" %s; it printed:\n%s\n--- stderr ---\n%s", qPrintable(process.program()), qPrintable(text),
                 process.state() == QProcess::NotRunning ? "before it ended" : "within 60 s", seen.constData(),
                 process.readAllStandardError().constData());
        return false;
    }

    QJsonObject status(const QString &device) const
    {
        const Run run = ctl({QStringLiteral("status"), device, QStringLiteral("--json")});
        return QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("device")).toObject();
    }

    static void stop(QProcess &process)
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(20000);
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void versionAndRecordedDevices()
    {
        const Run version = ctl({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("devlatchctl ")));
        const Run list = ctl({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const QJsonArray devices = QJsonDocument::fromJson(list.out.toUtf8()).object().value(QStringLiteral("devices")).toArray();
        QStringList ids;
        for (const QJsonValue &device : devices)
            ids << device.toObject().value(QStringLiteral("id")).toString();
        QVERIFY2(ids.contains(kFtdi), qPrintable(ids.join(u' ')));
        QVERIFY(ids.contains(QStringLiteral("tty:acpi-pnp0501/COM1")));
    }

    // COM5, com5 and \\.\COM5 are one device, one lock.
    void everySpellingOfAPortIsTheSameDevice()
    {
        for (const QString &name : {QStringLiteral("COM5"), QStringLiteral("com5"), QStringLiteral("\\\\.\\COM5")})
            QCOMPARE(status(name).value(QStringLiteral("id")).toString(), kFtdi);
        // A port nobody discovered is a named resource, still one lock for every spelling.
        QCOMPARE(status(QStringLiteral("\\\\.\\com77")).value(QStringLiteral("id")).toString(), QStringLiteral("COM77"));
        QCOMPARE(status(QStringLiteral("\\\\.\\com77")).value(QStringLiteral("lockPath")),
                 status(QStringLiteral("COM77")).value(QStringLiteral("lockPath")));
    }

    // A configured port by its Windows name joins the discovered device of that port;
    // a Linux path is no node on Windows and says why.
    void portNamesAreNodesInTheConfiguration()
    {
        const QString directory = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                                  + QStringLiteral("/devlatch");
        QVERIFY(QDir().mkpath(directory));
        QFile config(directory + QStringLiteral("/devlatch.conf"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[device.bench-uart]\nname=Bench UART\nnodes=com3\n"
                     "[device.linuxish]\nnodes=/dev/ttyUSB0\n");
        config.close();
        const Run list = ctl({QStringLiteral("list")});
        const QJsonObject uart = status(QStringLiteral("bench-uart"));
        const QJsonObject byPort = status(QStringLiteral("COM3"));
        config.remove();
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.err.contains(QStringLiteral("node \"/dev/ttyUSB0\" is not a device node (expected a port name "
                                                  "such as COM3 or \\\\.\\COM3)")),
                 qPrintable(list.err));
        QVERIFY2(!list.err.contains(QStringLiteral("com3")), qPrintable(list.err));
        QCOMPARE(uart.value(QStringLiteral("name")).toString(), QStringLiteral("Bench UART"));
        QVERIFY(uart.value(QStringLiteral("discovered")).toBool()); // the CH340 on COM3
        QCOMPARE(byPort.value(QStringLiteral("name")).toString(), QStringLiteral("Bench UART"));
    }

    // CreateProcessW with the C runtime's quoting: every argument arrives as it was given.
    void claimRunsTheCommandWithItsArgumentsAndExitCode()
    {
        const QStringList arguments{QStringLiteral("plain"), QStringLiteral("two words"), QStringLiteral("quote\"inside"),
                                    QStringLiteral("trailing\\"), QStringLiteral("back\\\\\"slash"), QString(),
                                    QStringLiteral("ünïcode")};
        const Run run = ctl(QStringList{QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--"),
                                        QStringLiteral(DEVLATCH_PEER), QStringLiteral("args")}
                            + arguments);
        QCOMPARE(run.exitCode, 0);
        QStringList expected;
        for (const QString &argument : arguments)
            expected << u'[' + argument + u']';
        QCOMPARE(run.out.split(u'\n', Qt::SkipEmptyParts).replaceInStrings(QStringLiteral("\r"), QString()), expected);
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--"), QStringLiteral(DEVLATCH_PEER),
                      QStringLiteral("exit"), QStringLiteral("7")})
                     .exitCode,
                 7);
        const Run missing = ctl({QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--"),
                                 QStringLiteral("C:\\no\\such\\program.exe")});
        QCOMPARE(missing.exitCode, 127);
        QCOMPARE(status(QStringLiteral("COM5")).value(QStringLiteral("state")).toString(), QStringLiteral("free"));
    }

    void twoClaimsExcludeEachOther()
    {
        QProcess holder;
        start(holder, QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--hold"),
                                                     QStringLiteral("--note"), QStringLiteral("flashing rev B")});
        QVERIFY(waitForLine(holder, QStringLiteral("holding")));
        const Run busy = ctl({QStringLiteral("claim"), QStringLiteral("-n"), QStringLiteral("COM5"), QStringLiteral("--"),
                              QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains(QStringLiteral("pid %1").arg(holder.processId())), qPrintable(busy.err));
        const QJsonObject held = status(QStringLiteral("COM5"));
        QCOMPARE(held.value(QStringLiteral("state")).toString(), QStringLiteral("held"));
        const QJsonObject record = held.value(QStringLiteral("holder")).toObject();
        QCOMPARE(qint64(record.value(QStringLiteral("pid")).toDouble()), holder.processId());
        QCOMPARE(record.value(QStringLiteral("note")).toString(), QStringLiteral("flashing rev B"));
        // A holder killed outright: the next claim gets the device and hears how it was left.
        stop(holder);
        const Run after = ctl({QStringLiteral("claim"), QStringLiteral("-n"), QStringLiteral("COM5"), QStringLiteral("--"),
                               QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(after.exitCode, 0);
        QVERIFY2(after.err.contains(QStringLiteral("without releasing")), qPrintable(after.err));
    }

    // The options scripts use: who, --wait for a holder that goes away, --any by kind.
    void whoWaitAndAny()
    {
        QProcess holder;
        start(holder, QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("COM12"), QStringLiteral("--hold")});
        QVERIFY(waitForLine(holder, QStringLiteral("holding")));
        const Run who = ctl({QStringLiteral("who"), QStringLiteral("COM12")});
        QCOMPARE(who.exitCode, 0);
        QVERIFY2(who.out.contains(QStringLiteral("pid %1").arg(holder.processId())), qPrintable(who.out));
        // The ST-Link is busy, so --any takes another serial device and says which.
        const Run any = ctl({QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("kind=probe"), QStringLiteral("-n"),
                             QStringLiteral("--"), QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(any.exitCode, 1); // the only probe is held
        const Run serial = ctl({QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("kind=serial"), QStringLiteral("--"),
                                QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(serial.exitCode, 0);
        QVERIFY2(serial.out.startsWith(QStringLiteral("usb:")) || serial.out.startsWith(QStringLiteral("tty:")),
                 qPrintable(serial.out));
        // A waiter is granted the device when the holder goes, however it goes.
        QProcess waiter;
        start(waiter, QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("--wait"), QStringLiteral("60"),
                                                     QStringLiteral("COM12"), QStringLiteral("--"), QStringLiteral(DEVLATCH_PEER),
                                                     QStringLiteral("exit"), QStringLiteral("5")});
        // Queued, not granted: the holder still holds, and the waiter runs on.
        QTRY_COMPARE_WITH_TIMEOUT(status(QStringLiteral("COM12")).value(QStringLiteral("holder")).toObject()
                                      .value(QStringLiteral("pid")).toDouble(),
                                  double(holder.processId()), 30000);
        QCOMPARE(waiter.state(), QProcess::Running);
        stop(holder);
        QVERIFY(waiter.waitForFinished(60000));
        QCOMPARE(waiter.exitCode(), 5);
    }

    // The Job object: CMD never outlives the claim, even when devlatchctl is killed.
    void killingDevlatchctlEndsItsCommand()
    {
        const QString pidFile = QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("cmd.pid")));
        QProcess claim;
        start(claim, QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--"),
                                                    QStringLiteral(DEVLATCH_PEER), QStringLiteral("pidfile"), pidFile});
        QTRY_VERIFY_WITH_TIMEOUT(QFile(pidFile).size() > 0, 30000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const DWORD pid = DWORD(file.readAll().trimmed().toULong());
        QVERIFY(pid != 0);
        HANDLE command = OpenProcess(SYNCHRONIZE, FALSE, pid);
        QVERIFY(command);
        QCOMPARE(WaitForSingleObject(command, 0), DWORD(WAIT_TIMEOUT)); // CMD runs while claimed
        stop(claim);
        QCOMPARE(WaitForSingleObject(command, 30000), DWORD(WAIT_OBJECT_0));
        CloseHandle(command);
        const Run next = ctl({QStringLiteral("claim"), QStringLiteral("-n"), QStringLiteral("COM5"), QStringLiteral("--"),
                              QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(next.exitCode, 0);
    }

    // A program outside devlatch holds the mutex: devlatchctl says so; and the other way round.
    void aPeerOutsideDevlatchIsSeenAndSeesUs()
    {
        const QString mutex = status(QStringLiteral("COM5")).value(QStringLiteral("lockPath")).toString();
        QVERIFY2(mutex.startsWith(QStringLiteral("Global\\devlatch.")), qPrintable(mutex));
        QProcess peer;
        start(peer, QStringLiteral(DEVLATCH_PEER), {QStringLiteral("hold"), mutex});
        QVERIFY(waitForLine(peer, QStringLiteral("held")));
        const Run busy = ctl({QStringLiteral("claim"), QStringLiteral("-n"), QStringLiteral("COM5"), QStringLiteral("--"),
                              QStringLiteral(DEVLATCH_PEER), QStringLiteral("exit"), QStringLiteral("0")});
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains(QStringLiteral("outside devlatch")), qPrintable(busy.err));
        QCOMPARE(status(QStringLiteral("COM5")).value(QStringLiteral("state")).toString(), QStringLiteral("foreign"));
        peer.write("release\n");
        QVERIFY(waitForLine(peer, QStringLiteral("released")));
        peer.waitForFinished(20000);

        QProcess holder;
        start(holder, QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("COM5"), QStringLiteral("--hold")});
        QVERIFY(waitForLine(holder, QStringLiteral("holding")));
        QProcess refused;
        start(refused, QStringLiteral(DEVLATCH_PEER), {QStringLiteral("hold"), mutex});
        QVERIFY(refused.waitForFinished(20000));
        QCOMPARE(refused.readAllStandardOutput().trimmed(), QByteArray("busy"));
        QCOMPARE(refused.exitCode(), 1);
        stop(holder);
    }
};

} // namespace

QTEST_GUILESS_MAIN(TestDevlatchctlWin)
#include "tst_devlatchctl_win.moc"
