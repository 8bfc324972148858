// SPDX-License-Identifier: MIT
// devlatchctl as scripts use it: real processes, real kernel locks, real peers (flock(1),
// Python fasteners and filelock), exit codes and messages.

#include "TestSupport.h"

#include "lock/LockName.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace devlatch::test;

class TestDevlatchctl final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TempLockDir> m_dir;
    QTemporaryDir m_config;

    static QString ctl() { return TestPaths::ctl(); }
    static Finished ctl(const QStringList &arguments) { return run(ctl(), arguments); }
    QString lockFile(const char *id) const
    {
        return m_dir->path() + u'/' + QString::fromStdString(devlatch::lock::lockNameForId(id).name) + QStringLiteral(".lock");
    }
    static QByteArray pidText(qint64 pid) { return QByteArray::number(pid); }

    void startHold(Helper &helper, const QString &device, const QStringList &extra = {})
    {
        QVERIFY(helper.start(ctl(), QStringList{QStringLiteral("claim"), device, QStringLiteral("--hold")} + extra));
        QVERIFY2(!helper.waitForLine("holding").isEmpty(), helper.readAllStderr().constData());
    }
    void startLocker(Helper &helper, const QString &device)
    {
        QVERIFY(helper.start(TestPaths::locker(), {QStringLiteral("hold"), device}));
        QVERIFY(!helper.waitForLine("acquired").isEmpty());
    }
    void startPython(Helper &helper, const QString &code, const QString &file)
    {
        QVERIFY(helper.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), code, file}));
        QVERIFY2(!helper.waitForLine("locked").isEmpty(), helper.readAllStderr().constData());
    }
    void writeConfig(const QByteArray &content)
    {
        QDir().mkpath(m_config.filePath(QStringLiteral("home/devlatch")));
        QFile file(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }
    // Waits until some process blocks in the kernel on the device's lock.
    void waitForWaiter(const QString &device)
    {
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const Finished status = ctl({QStringLiteral("who"), device, QStringLiteral("--json")});
                const QJsonArray holders = deviceJson(status.out).value(QStringLiteral("osHolders")).toArray();
                return std::any_of(holders.begin(), holders.end(),
                                   [](const QJsonValue &h) { return h.toObject().value(QStringLiteral("waiting")).toBool(); });
            }(),
            10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_config.filePath(QStringLiteral("home")).toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_config.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
    }
    void init()
    {
        m_dir = std::make_unique<TempLockDir>();
        QFile::remove(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")));
    }
    void cleanup() { m_dir.reset(); }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList() << QStringLiteral("which command?");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("grab")} << QStringLiteral("unknown command");
        QTest::newRow("claim without command") << QStringList{QStringLiteral("claim"), QStringLiteral("x")}
                                               << QStringLiteral("what should run");
        QTest::newRow("hold and command") << QStringList{QStringLiteral("claim"), QStringLiteral("x"), QStringLiteral("--hold"),
                                                         QStringLiteral("--"), QStringLiteral("true")}
                                          << QStringLiteral("exclude each other");
        QTest::newRow("bad wait") << QStringList{QStringLiteral("claim"), QStringLiteral("x"), QStringLiteral("--wait=soon"),
                                                 QStringLiteral("--"), QStringLiteral("true")}
                                  << QStringLiteral("--wait SECONDS needs a number");
        QTest::newRow("wait and nonblock") << QStringList{QStringLiteral("claim"), QStringLiteral("x"), QStringLiteral("-w"),
                                                          QStringLiteral("5"), QStringLiteral("-n"), QStringLiteral("--"),
                                                          QStringLiteral("true")}
                                           << QStringLiteral("exclude each other");
        QTest::newRow("bad conflict code") << QStringList{QStringLiteral("claim"), QStringLiteral("x"), QStringLiteral("-E"),
                                                          QStringLiteral("256"), QStringLiteral("--"), QStringLiteral("true")}
                                           << QStringLiteral("from 0 to 255");
        QTest::newRow("any and wait") << QStringList{QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("kind=serial"),
                                                     QStringLiteral("--wait"), QStringLiteral("--"), QStringLiteral("true")}
                                      << QStringLiteral("takes no --wait");
        QTest::newRow("any matches nothing") << QStringList{QStringLiteral("claim"), QStringLiteral("--any"),
                                                            QStringLiteral("kind=no-such-kind"), QStringLiteral("--"),
                                                            QStringLiteral("true")}
                                             << QStringLiteral("no device matches");
        QTest::newRow("bad scope") << QStringList{QStringLiteral("--scope"), QStringLiteral("galaxy"), QStringLiteral("list")}
                                   << QStringLiteral("--scope must be machine, user or lab");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("status"), QStringLiteral("x"), QStringLiteral("--frobnicate")}
                                        << QStringLiteral("Unknown option");
        QTest::newRow("no device") << QStringList{QStringLiteral("status")} << QStringLiteral("which device?");
        QTest::newRow("empty device") << QStringList{QStringLiteral("status"), QString()} << QStringLiteral("empty");
        QTest::newRow("two devices") << QStringList{QStringLiteral("who"), QStringLiteral("a"), QStringLiteral("b")}
                                     << QStringLiteral("one device at a time");
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Finished result = ctl(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(QString::fromLocal8Bit(result.err).contains(message), result.err.constData());
    }

    // Script conventions: -V everywhere, the space form of --wait, -E to tell busy from CMD's
    // own 1, per-command help with the real arguments only.
    void versionOnEveryCommand_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("-V") << QStringList{QStringLiteral("-V")};
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")};
        for (const char *command : {"list", "status", "who", "claim"})
            QTest::newRow(command) << QStringList{QString::fromLatin1(command), QStringLiteral("-V")};
    }
    void versionOnEveryCommand()
    {
        QFETCH(QStringList, arguments);
        const Finished result = ctl(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^devlatchctl \\d+\\.\\d+\\.\\d+\\n$")).match(QString::fromUtf8(result.out)).hasMatch(),
                 result.out.constData());
    }

    void helpListsTheRealArguments()
    {
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("--help")});
        QCOMPARE(claim.exitCode, 0);
        const QString help = QString::fromUtf8(claim.out);
        QVERIFY2(help.startsWith(QStringLiteral("Usage: devlatchctl claim [options] DEV -- CMD")), qPrintable(help));
        QVERIFY2(!help.contains(QStringLiteral("The command:")), qPrintable(help));
        for (const char *option : {"-w, --wait [SECONDS]", "-n, --nonblock", "-E, --conflict-exit-code <N>", "--any <SELECTOR>"})
            QVERIFY2(help.contains(QLatin1String(option)), option);
        const Finished list = ctl({QStringLiteral("list"), QStringLiteral("--help")});
        QVERIFY(!QString::fromUtf8(list.out).contains(QStringLiteral("Arguments:")));
    }

    void waitTakesItsValueWithASpace_data()
    {
        QTest::addColumn<QStringList>("wait");
        QTest::newRow("--wait 0.3") << QStringList{QStringLiteral("--wait"), QStringLiteral("0.3")};
        QTest::newRow("-w 0.3") << QStringList{QStringLiteral("-w"), QStringLiteral("0.3")};
        QTest::newRow("--wait=0.3") << QStringList{QStringLiteral("--wait=0.3")};
    }
    void waitTakesItsValueWithASpace()
    {
        QFETCH(QStringList, wait);
        Helper holder;
        startHold(holder, QStringLiteral("psu"));
        // The number is the wait, not a second DEV (exit 2) nor a wait forever (a hang).
        const Finished result = ctl(QStringList{QStringLiteral("claim"), QStringLiteral("psu")} + wait
                                    + QStringList{QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("timed out waiting for psu"), result.err.constData());
    }

    void conflictExitCodeTellsBusyFromCommandsOwnOne()
    {
        Helper holder;
        startHold(holder, QStringLiteral("psu"));
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("-E"), QStringLiteral("75"),
                      QStringLiteral("--"), QStringLiteral("true")})
                     .exitCode,
                 75);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--conflict-exit-code"), QStringLiteral("75"),
                      QStringLiteral("--"), QStringLiteral("false")})
                     .exitCode,
                 1); // CMD's own
    }

    void listShowsNodesAndNamesForCompletion()
    {
        writeConfig("[device.psu]\nid=usb:0403:6001:A1\nalias=Bench PSU\nkind=serial\nnodes=/dev/ttyDEVLATCHTEST0\n");
        const Finished list = ctl({QStringLiteral("list")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("usb:0403:6001:A1 (Bench PSU)") && list.out.contains("\n    /dev/ttyDEVLATCHTEST0"),
                 list.out.constData());
        const Finished names = ctl({QStringLiteral("list"), QStringLiteral("--names")});
        QCOMPARE(names.exitCode, 0);
        const QStringList lines = QString::fromUtf8(names.out).split(u'\n');
        for (const char *name : {"usb:0403:6001:A1", "psu", "Bench PSU"})
            QVERIFY2(lines.contains(QLatin1String(name)), names.out.constData());
    }

    // labgrid-style: "give me any free serial adapter", told which one, CMD too.
    void claimAnyTakesTheFirstFreeMatch()
    {
        writeConfig("[device.a]\nid=serial-a\nkind=serial\n[device.b]\nid=serial-b\nkind=serial\nnodes=/dev/ttyDEVLATCHB\n"
                    "[device.scope]\nid=scope\nkind=instrument\n");
        Helper holder;
        startHold(holder, QStringLiteral("serial-a"));
        const Finished chosen = ctl({QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("kind=serial"), QStringLiteral("--"),
                                     QStringLiteral("sh"), QStringLiteral("-c"),
                                     QStringLiteral("echo \"cmd $DEVLATCH_DEVICE $DEVLATCH_NODE\"; devlatchctl_status=1")});
        QCOMPARE(chosen.exitCode, 0);
        QCOMPARE(chosen.out, QByteArray("serial-b\ncmd serial-b /dev/ttyDEVLATCHB\n"));
        QCOMPARE(chosen.err, QByteArray()); // the busy one is not an error
        Helper second;
        startHold(second, QStringLiteral("serial-b"));
        const Finished none = ctl({QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("kind=serial"),
                                   QStringLiteral("-E"), QStringLiteral("9"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(none.exitCode, 9);
        QVERIFY2(none.err.contains("all 2 devices matching \"kind=serial\" are busy"), none.err.constData());
        const Finished glob = ctl({QStringLiteral("claim"), QStringLiteral("--any"), QStringLiteral("sco*"), QStringLiteral("--"),
                                   QStringLiteral("true")});
        QCOMPARE(glob.exitCode, 0);
        QCOMPARE(glob.out, QByteArray("scope\n"));
    }

    void nonUtf8DeviceNameIsBadInput()
    {
        // QProcess cannot pass raw bytes, so go through the shell's printf.
        const Finished result = run(QStringLiteral("sh"), {QStringLiteral("-c"), ctl() + QStringLiteral(" status \"$(printf 'caf\\351')\"")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("not valid UTF-8"), result.err.constData());
    }

    void helpForEveryCommand_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("top") << QStringList{QStringLiteral("--help")};
        QTest::newRow("list") << QStringList{QStringLiteral("list"), QStringLiteral("--help")};
        QTest::newRow("status") << QStringList{QStringLiteral("status"), QStringLiteral("--help")};
        QTest::newRow("who") << QStringList{QStringLiteral("who"), QStringLiteral("-h")};
        QTest::newRow("claim") << QStringList{QStringLiteral("claim"), QStringLiteral("--help")};
    }
    void helpForEveryCommand()
    {
        QFETCH(QStringList, arguments);
        const Finished result = ctl(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains("Usage: devlatchctl"), result.out.constData());
        QVERIFY(!result.out.contains("<executable_name>"));
        if (arguments.first() == u"claim")
            QVERIFY(result.out.contains("--wait [SECONDS]"));
    }

    void claimRunsCommandAndPassesItsStatus()
    {
        const QString script = ctl() + QStringLiteral(" status rig; echo \"status=$?\"; exit 7");
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--note"),
                                     QStringLiteral("nightly flash"), QStringLiteral("--"), QStringLiteral("sh"),
                                     QStringLiteral("-c"), script});
        QCOMPARE(result.exitCode, 7);
        QVERIFY2(result.out.contains("rig: held by sh via devlatchctl (pid "), result.out.constData());
        QVERIFY(result.out.contains(": nightly flash"));
        QVERIFY(result.out.contains("status=1"));
        QVERIFY(result.out.contains("lock: " + lockFile("rig").toLocal8Bit()));
        // Released when the command ended.
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("rig")}).exitCode, 0);
        QVERIFY(QFileInfo::exists(lockFile("rig")));
    }

    void commandThatCannotRunExits127AndReleases()
    {
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"),
                                     QStringLiteral("/nonexistent/flasher")});
        QCOMPARE(result.exitCode, 127);
        QVERIFY2(result.err.contains("cannot run /nonexistent/flasher"), result.err.constData());
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("rig")}).exitCode, 0);
    }

    void busyExitsOneAndNamesTheHolder()
    {
        Helper locker;
        startLocker(locker, QStringLiteral("rig"));
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("rig is busy: held by test-locker (pid " + pidText(locker.pid()) + ")"), result.err.constData());
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 1);
    }

    void waitTimesOut()
    {
        Helper locker;
        startLocker(locker, QStringLiteral("rig"));
        // "timed out", not "busy": it waited (how long a kernel wait takes is the benchmark's).
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--wait=0.3"),
                                     QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("timed out waiting for rig: held by test-locker"), result.err.constData());
    }

    void waitForeverIsGrantedOnRelease()
    {
        Helper locker;
        startLocker(locker, QStringLiteral("rig"));
        Helper waiter;
        QVERIFY(waiter.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--wait"),
                                     QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("granted")}));
        waitForWaiter(QStringLiteral("rig"));
        locker.closeStdin();
        QVERIFY(!waiter.waitForLine("granted").isEmpty());
        QCOMPARE(waiter.waitForExit(), 0);
    }

    void sigintCancelsAWait()
    {
        Helper locker;
        startLocker(locker, QStringLiteral("rig"));
        Helper waiter;
        QVERIFY(waiter.start(ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--wait"),
                                     QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("ran")}));
        waitForWaiter(QStringLiteral("rig"));
        QElapsedTimer clock;
        clock.start();
        waiter.signal(SIGINT);
        QCOMPARE(waiter.waitForExit(), 128 + SIGINT);
        qInfo("SIGINT ended the wait after %.2f ms", clock.nsecsElapsed() / 1e6);
        const QByteArray output = waiter.process().readAllStandardOutput();
        QVERIFY2(!output.contains("ran"), output.constData()); // CMD never ran
        // Nothing of the cancelled waiter is left: the holder is still the locker, nobody waits.
        const QJsonObject status = deviceJson(ctl({QStringLiteral("who"), QStringLiteral("rig"), QStringLiteral("--json")}).out);
        QCOMPARE(status.value(QStringLiteral("holder")).toObject().value(QStringLiteral("pid")).toInteger(), locker.pid());
        for (const QJsonValue &holder : status.value(QStringLiteral("osHolders")).toArray())
            QVERIFY(!holder.toObject().value(QStringLiteral("waiting")).toBool());
    }

    void holdUntilSigterm()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"), {QStringLiteral("--note"), QStringLiteral("scope capture")});
        QVERIFY(holder.lines().last().contains("as pid " + pidText(holder.pid())));
        const Finished who = ctl({QStringLiteral("who"), QStringLiteral("rig")});
        QCOMPARE(who.exitCode, 0);
        QVERIFY2(who.out.contains("holder: devlatchctl (pid " + pidText(holder.pid()) + ")"), who.out.constData());
        QVERIFY(who.out.contains("scope capture"));
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("rig")}).exitCode, 0);
        QFile file(lockFile("rig"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll().trimmed().isEmpty(), "the record is cleared on release");
    }

    void killedHolderIsReportedAsAbandoned()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"));
        const qint64 pid = holder.pid();
        holder.signal(SIGKILL);
        holder.waitForExit();
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains("free (previous holder pid " + pidText(pid) + ", devlatchctl"), status.out.constData());
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 0);
        QVERIFY2(claim.err.contains("warning: rig: previous holder pid " + pidText(pid) + ", devlatchctl"), claim.err.constData());
        QVERIFY(claim.err.contains("ended without releasing"));
    }

    // Every --json document matches the one documented schema (docs/devlatch.schema.json),
    // with a holder, a foreign holder, an unknown state and an ended holder in it.
    void jsonMatchesTheDocumentedSchema()
    {
        writeConfig("[device.rig]\nid=rig\nkind=instrument\nnodes=/dev/null\n[device.psu]\nid=psu\n");
        Helper holder;
        startHold(holder, QStringLiteral("rig"), {QStringLiteral("--note"), QStringLiteral("json \x1b check")});
        Helper flockHolder;
        QVERIFY(startFlockHolder(flockHolder, lockFile("named-by-flock")));
        QFile broken(lockFile("psu"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.close();
        QVERIFY(broken.setPermissions(QFileDevice::ReadOwner)); // unusable: an explicit problem
        const QList<QStringList> commands{{QStringLiteral("list")},
                                          {QStringLiteral("status"), QStringLiteral("rig")},
                                          {QStringLiteral("who"), QStringLiteral("rig")},
                                          {QStringLiteral("who"), QStringLiteral("psu")},
                                          {QStringLiteral("status"), QStringLiteral("never-claimed")}};
        for (const QStringList &command : commands) {
            const Finished result = ctl(command + QStringList{QStringLiteral("--json")});
            QVERIFY2(!result.out.isEmpty(), qPrintable(command.join(u' ')));
            const Finished validation = runWithInput(TestPaths::sourceDir(QStringLiteral("/tests/helpers/validate-json.py")), {}, result.out);
            if (validation.exitCode == 77)
                QSKIP("python3-jsonschema is not installed (make test installs it)");
            QVERIFY2(validation.exitCode == 0, qPrintable(command.join(u' ') + u'\n' + QString::fromUtf8(validation.err + result.out)));
        }
    }

    // The manual's "hold a device for the rest of a shell script" recipe (docs/devlatchctl.md),
    // run as written with its two steps replaced by a look at the device.
    void manualHoldRecipeHoldsUntilKilled()
    {
        QFile readme(TestPaths::sourceDir(QStringLiteral("/docs/devlatchctl.md")));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const qsizetype start = text.indexOf(QStringLiteral("coproc HOLD"));
        QVERIFY2(start >= 0, "the recipe is not in docs/devlatchctl.md");
        QString script = text.mid(start, text.indexOf(QStringLiteral("```"), start) - start);
        QVERIFY(script.contains(QStringLiteral("./step1.sh; ./step2.sh")));
        script.replace(QStringLiteral("./step1.sh; ./step2.sh"), QStringLiteral("devlatchctl status psu; echo \"during=$?\""));
        script += QStringLiteral("devlatchctl status psu; echo \"after=$?\"\n");
        const QString bin = QFileInfo(ctl()).path();
        const Finished result = run(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("PATH=%1:$PATH\n").arg(bin) + script});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains("during=1") && result.out.contains("nightly run"), result.out.constData());
        QVERIFY2(result.out.contains("after=0"), result.out.constData());
    }

    // The manual's pytest fixture (docs/devlatchctl.md), run by pytest as a conftest.py: a test
    // that takes it sees the device held with the note, and the claim ends with the session.
    void manualPytestRecipeHoldsForTheSession()
    {
        if (!QFileInfo::exists(QStringLiteral("/usr/lib/python3/dist-packages/pytest")))
            QSKIP("python3-pytest is not installed (make test installs it)");
        QFile manual(TestPaths::sourceDir(QStringLiteral("/docs/devlatchctl.md")));
        QVERIFY(manual.open(QIODevice::ReadOnly));
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("<!-- pytest-recipe -->\\s*```python\\n(.*?)```"),
                               QRegularExpression::DotMatchesEverythingOption)
                .match(QString::fromUtf8(manual.readAll()));
        QVERIFY2(match.hasMatch(), "docs/devlatchctl.md lost its pytest recipe block");
        QTemporaryDir project;
        QVERIFY(project.isValid());
        QFile conftest(project.filePath(QStringLiteral("conftest.py")));
        QVERIFY(conftest.open(QIODevice::WriteOnly));
        conftest.write(match.captured(1).toUtf8());
        conftest.close();
        QFile test(project.filePath(QStringLiteral("test_bench.py")));
        QVERIFY(test.open(QIODevice::WriteOnly));
        test.write("import subprocess\n"
                   "def test_the_psu_is_held(psu):\n"
                   "    seen = subprocess.run(['devlatchctl', 'status', psu], capture_output=True, text=True)\n"
                   "    assert seen.returncode == 1 and 'pytest' in seen.stdout + seen.stderr, seen\n");
        test.close();
        const QString bin = QFileInfo(ctl()).path();
        const Finished result = run(QStringLiteral("bash"),
                                    {QStringLiteral("-c"), QStringLiteral("PATH=%1:$PATH exec /usr/bin/python3 -m pytest -q -p no:cacheprovider %2")
                                                               .arg(bin, project.path())});
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QVERIFY2(result.out.contains("1 passed"), result.out.constData());
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 0);
    }

    void statusJsonHasWhatToolsNeed()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"), {QStringLiteral("--note"), QStringLiteral("bring-up")});
        const Finished result = ctl({QStringLiteral("status"), QStringLiteral("rig"), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 1);
        QJsonParseError error;
        const QJsonObject document = QJsonDocument::fromJson(result.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.value(QStringLiteral("schema")).toInt(), 1);
        QCOMPARE(document.value(QStringLiteral("command")).toString(), QStringLiteral("status"));
        const QJsonObject object = document.value(QStringLiteral("device")).toObject();
        QCOMPARE(object.value(QStringLiteral("id")).toString(), QStringLiteral("rig"));
        QCOMPARE(object.value(QStringLiteral("state")).toString(), QStringLiteral("held"));
        QCOMPARE(object.value(QStringLiteral("lockName")).toString(), QString::fromStdString(devlatch::lock::lockNameForId("rig").name));
        QCOMPARE(object.value(QStringLiteral("lockPath")).toString(), lockFile("rig"));
        const QJsonObject holderObject = object.value(QStringLiteral("holder")).toObject();
        QCOMPARE(holderObject.value(QStringLiteral("pid")).toInteger(), holder.pid());
        QCOMPARE(holderObject.value(QStringLiteral("note")).toString(), QStringLiteral("bring-up"));
        QVERIFY(!holderObject.value(QStringLiteral("user")).toString().isEmpty());
        QVERIFY(!holderObject.value(QStringLiteral("host")).toString().isEmpty());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"))
                    .match(holderObject.value(QStringLiteral("since")).toString())
                    .hasMatch());
    }

    void listShowsConfiguredAndHeldResources()
    {
        writeConfig("[device.psu]\nid=usb:0403:6001:A50285BI\nname=Bench PSU\nnodes=/dev/ttyUSB0\n[device.scope]\nname=Rigol\n");
        Helper holder;
        startHold(holder, QStringLiteral("psu")); // by config key
        Helper adhoc;
        startHold(adhoc, QStringLiteral("relay-bank-2"));
        const Finished text = ctl({QStringLiteral("list")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("usb:0403:6001:A50285BI (Bench PSU)"), text.out.constData());
        QVERIFY(text.out.contains("scope (Rigol)"));
        QVERIFY(text.out.contains("relay-bank-2"));
        const QJsonArray array = devicesJson(ctl({QStringLiteral("list"), QStringLiteral("--json")}).out);
        QStringList listed;
        for (const QJsonValue &entry : array)
            listed << entry.toObject().value(QStringLiteral("id")).toString() + u'=' + entry.toObject().value(QStringLiteral("state")).toString();
        QVERIFY2(array.size() == 3, qPrintable(listed.join(u' ')));
        QCOMPARE(array.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("held"));
        QCOMPARE(array.at(1).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("free"));
        QCOMPARE(array.at(2).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("relay-bank-2"));
        // Every name of the configured device takes the same lock.
        for (const QString &name : {QStringLiteral("psu"), QStringLiteral("Bench PSU"), QStringLiteral("usb:0403:6001:A50285BI"),
                                    QStringLiteral("/dev/ttyUSB0")})
            QCOMPARE(ctl({QStringLiteral("status"), name}).exitCode, 1);
    }

    // An alias set in the tray (aliases.conf) is the device's lock in devlatchctl too, also
    // while the device is unplugged; it never becomes a new resource of that name.
    void aliasesNameTheSameLock()
    {
        writeConfig("[device.probe]\nid=usb-SEGGER_J-Link_000123\nkind=probe\n");
        QFile aliases(m_config.filePath(QStringLiteral("home/devlatch/aliases.conf")));
        QVERIFY(aliases.open(QIODevice::WriteOnly | QIODevice::Truncate));
        aliases.write("[aliases]\n1\\id=usb-SEGGER_J-Link_000123\n1\\name=Bench-3 J-Link\n"
                      "2\\id=usb-Rigol_gone\n2\\name=Scope\n2\\kind=instrument\nsize=2\n");
        aliases.close();
        Helper holder;
        startHold(holder, QStringLiteral("usb-SEGGER_J-Link_000123"));
        const Finished byAlias = ctl({QStringLiteral("status"), QStringLiteral("Bench-3 J-Link"), QStringLiteral("--json")});
        QCOMPARE(byAlias.exitCode, 1);
        QCOMPARE(deviceJson(byAlias.out).value(QStringLiteral("id")).toString(),
                 QStringLiteral("usb-SEGGER_J-Link_000123"));
        QVERIFY(ctl({QStringLiteral("list")}).out.contains("usb-SEGGER_J-Link_000123 (Bench-3 J-Link)"));
        // Unplugged (neither configured nor discovered): still its own lock.
        Helper unplugged;
        startHold(unplugged, QStringLiteral("usb-Rigol_gone"));
        const Finished absent = ctl({QStringLiteral("status"), QStringLiteral("scope"), QStringLiteral("--json")});
        QCOMPARE(absent.exitCode, 1);
        const QJsonObject object = deviceJson(absent.out);
        QCOMPARE(object.value(QStringLiteral("id")).toString(), QStringLiteral("usb-Rigol_gone"));
        QCOMPARE(object.value(QStringLiteral("present")).toBool(), false);
        QFile::remove(aliases.fileName());
    }

    void corruptConfigWarnsAndTheRestWorks()
    {
        writeConfig("[device.psu]\nname=PSU\nthis is not ini\n[unclosed\n");
        const Finished result = ctl({QStringLiteral("list")});
        QCOMPARE(result.exitCode, 0);
        const QByteArray file = m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")).toLocal8Bit();
        QVERIFY2(result.err.contains("warning: " + file + ":3: expected key=value"), result.err.constData());
        QVERIFY(result.err.contains(file + ":4:"));
        QVERIFY(result.out.contains("psu (PSU)"));
    }

    void foreignFlockHolderIsShown()
    {
        QDir().mkpath(m_dir->path());
        Helper flockHolder;
        QVERIFY(startFlockHolder(flockHolder, lockFile("rig")));
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("in use outside devlatch by flock (pid " + pidText(flockHolder.pid()) + "), flock"),
                 status.out.constData());
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 1);
        QVERIFY(claim.err.contains("flock (pid " + pidText(flockHolder.pid()) + ")"));
        const Finished who = ctl({QStringLiteral("who"), QStringLiteral("rig")});
        QVERIFY2(who.out.contains("os lock: flock (pid " + pidText(flockHolder.pid()) + "), flock"), who.out.constData());
    }

    void foreignUseOfANodeIsReported()
    {
        const QString node = m_dir->root() + QStringLiteral("/ttyUSB9");
        QFile file(node);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        writeConfig(QStringLiteral("[device.rig]\nname=Rig\nnodes=%1\n").arg(node).toUtf8());
        Helper picocom; // what picocom and tio do to a tty: flock it
        QVERIFY(startFlockHolder(picocom, node));
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("rig (Rig): in use by flock (pid " + pidText(picocom.pid()) + ") locks " + node.toLocal8Bit()),
                 status.out.constData());
        QVERIFY(status.out.contains(", not claimed through devlatch"));
        QCOMPARE(status.out.count("flock (pid " + pidText(picocom.pid()) + ")"), 1); // one line per process
        const QJsonObject json = deviceJson(ctl({QStringLiteral("status"), QStringLiteral("rig"), QStringLiteral("--json")}).out);
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("in-use"));
        QCOMPARE(json.value(QStringLiteral("foreignUse")).toArray().first().toObject().value(QStringLiteral("how")).toString(),
                 QStringLiteral("lock"));
        // The lock itself is free: a claim goes through, with a warning.
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 0);
        QVERIFY2(claim.err.contains("warning: rig (Rig) is in use outside devlatch: flock (pid " + pidText(picocom.pid()) + ")"),
                 claim.err.constData());
    }

    void flockSeesOurClaim()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"));
        QCOMPARE(run(QStringLiteral("flock"), {QStringLiteral("-n"), lockFile("rig"), QStringLiteral("true")}).exitCode, 1);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(run(QStringLiteral("flock"), {QStringLiteral("-n"), lockFile("rig"), QStringLiteral("true")}).exitCode, 0);
    }

    void fastenersInteropBothWays()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"));
        const QString tryLock = QStringLiteral(
            "import fasteners,sys\nl=fasteners.InterProcessLock(sys.argv[1])\nprint('got' if l.acquire(blocking=False) else 'busy')");
        Finished seen = run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), tryLock, lockFile("rig")});
        QVERIFY2(seen.out.trimmed() == "busy", seen.out.constData() + seen.err);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);

        Helper python;
        startPython(python, QStringLiteral("import fasteners,sys\nl=fasteners.InterProcessLock(sys.argv[1])\nl.acquire()\n"
                                           "print('locked',flush=True)\nsys.stdin.read()"),
                    lockFile("rig"));
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 1);
        QVERIFY2(claim.err.contains("python3 (pid " + pidText(python.pid()) + "), fcntl lock"), claim.err.constData());
    }

    void filelockInteropBothWays()
    {
        Helper holder;
        startHold(holder, QStringLiteral("rig"));
        const QString tryLock = QStringLiteral("import filelock,sys\ntry:\n filelock.FileLock(sys.argv[1]).acquire(timeout=0)\n"
                                               " print('got')\nexcept filelock.Timeout:\n print('busy')");
        const Finished seen = run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), tryLock, lockFile("rig")});
        QVERIFY2(seen.out.trimmed() == "busy", seen.out.constData() + seen.err);
        // filelock opens with O_TRUNC and so wipes our holder record; the claim is still seen.
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("rig")});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("devlatchctl (pid " + pidText(holder.pid()) + ")"), status.out.constData());
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);

        Helper python;
        startPython(python, QStringLiteral("import filelock,sys\nl=filelock.FileLock(sys.argv[1])\nl.acquire()\n"
                                           "print('locked',flush=True)\nsys.stdin.read()"),
                    lockFile("rig"));
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 1);
        QVERIFY2(claim.err.contains("python3 (pid " + pidText(python.pid()) + "), flock"), claim.err.constData());
    }

    // The protocol (docs/protocol.md) promises a short Python script can find and take the
    // same lock; run the very script printed there.
    void manualPythonRecipeTakesTheSameLock()
    {
        QFile readme(TestPaths::sourceDir(QStringLiteral("/docs/protocol.md")));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("<!-- python-recipe -->\\s*```python\\n(.*?)```"),
                               QRegularExpression::DotMatchesEverythingOption)
                .match(text);
        QVERIFY2(match.hasMatch(), "docs/protocol.md lost its python recipe block");
        const QString recipe = match.captured(1);
        QVERIFY2(recipe.count(u'\n') <= 16, "the recipe should stay short");

        QVERIFY(QDir().mkpath(m_dir->path())); // as systemd-tmpfiles does at boot
        Helper python;
        QVERIFY(python.start(QStringLiteral("/usr/bin/python3"),
                             {QStringLiteral("-c"), recipe + QStringLiteral("\nprint('locked', flush=True)\nimport sys; sys.stdin.read()\n"),
                              QStringLiteral("usb:0403:6001:A50285BI")}));
        QVERIFY2(!python.waitForLine("locked").isEmpty(), python.readAllStderr().constData());
        QVERIFY(QFileInfo::exists(lockFile("usb:0403:6001:A50285BI")));
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("usb:0403:6001:A50285BI"), QStringLiteral("--"),
                                    QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 1);
        QVERIFY2(claim.err.contains("(pid " + pidText(python.pid()) + ")"), claim.err.constData());
        QVERIFY2(claim.err.contains("held by python"), claim.err.constData());
        // The recipe writes start= and boot=: its record is verified against the process.
        const QJsonObject who = deviceJson(ctl({QStringLiteral("who"), QStringLiteral("usb:0403:6001:A50285BI"),
                                                              QStringLiteral("--json")}).out);
        QCOMPARE(who.value(QStringLiteral("holder")).toObject().value(QStringLiteral("pid")).toInteger(), python.pid());
        QVERIFY(who.value(QStringLiteral("holderVerified")).toBool());
        python.closeStdin();
        QCOMPARE(python.waitForExit(), 0);
        // A normal exit leaves no "ended without releasing" for the next claimer.
        const Finished next = ctl({QStringLiteral("claim"), QStringLiteral("usb:0403:6001:A50285BI"), QStringLiteral("--"),
                                   QStringLiteral("true")});
        QCOMPARE(next.exitCode, 0);
        QVERIFY2(!next.err.contains("ended without releasing"), next.err.constData());
    }

    // who lists each process once: no holder's own OFD lock or a waiter's as an extra
    // anonymous holder, and the waiters by name.
    void whoNamesHolderAndWaitersOnce()
    {
        Helper locker;
        startLocker(locker, QStringLiteral("rig"));
        Helper waiter;
        QVERIFY(waiter.start(TestPaths::locker(), {QStringLiteral("wait"), QStringLiteral("rig")}));
        QVERIFY(!waiter.waitForLine("waiting").isEmpty());
        waitForWaiter(QStringLiteral("rig"));
        QTRY_VERIFY_WITH_TIMEOUT(ctl({QStringLiteral("who"), QStringLiteral("rig")}).out.contains("waiting: devlatch-test-l (pid "
                                                                                                   + pidText(waiter.pid())),
                                 10000);
        const Finished who = ctl({QStringLiteral("who"), QStringLiteral("rig")});
        const QList<QByteArray> lines = who.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith("holder: test-locker (pid " + pidText(locker.pid()) + ")"), who.out.constData());
        QVERIFY2(lines.at(1).startsWith("waiting: devlatch-test-l (pid " + pidText(waiter.pid()) + ")"), who.out.constData());
        QVERIFY(!who.out.contains("does not name"));
        locker.closeStdin();
        QVERIFY(!waiter.waitForLine("acquired").isEmpty());
    }

    void scriptsCountExactlyThroughTheCli()
    {
        const QString counter = m_dir->root() + QStringLiteral("/counter");
        QFile file(counter);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0");
        file.close();
        const QString increment = QStringLiteral("for i in $(seq 25); do %1 claim counter --wait -- sh -c "
                                                 "'n=$(cat \"$0\"); echo $((n+1)) > \"$0\"' %2 || exit 1; done")
                                      .arg(ctl(), counter);
        std::vector<std::unique_ptr<Helper>> shells;
        for (int i = 0; i < 4; ++i) {
            shells.push_back(std::make_unique<Helper>());
            QVERIFY(shells.back()->start(QStringLiteral("sh"), {QStringLiteral("-c"), increment}));
        }
        for (auto &shell : shells)
            QCOMPARE(shell->waitForExit(120000), 0);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().trimmed().toInt(), 100);
    }

    void plantedSymlinkIsASystemError()
    {
        QDir().mkpath(m_dir->path());
        QVERIFY(QFile::link(QStringLiteral("/etc/hostname"), lockFile("rig")));
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("lock file " + lockFile("rig").toLocal8Bit() + " is a symbolic link"), result.err.constData());
        // Removing something at a lock path is advised only with "when nobody holds" and a check.
        QVERIFY(!result.err.contains("rm "));
        QVERIFY(result.err.contains("When nobody holds the device (check: devlatchctl who 'rig')"));
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("rig")}).exitCode, 3);
    }

    void missingUncreatableDirectoryIsASystemError()
    {
        qputenv("DEVLATCH_LOCK_DIR", (m_dir->root() + QStringLiteral("/absent/parent/locks")).toLocal8Bit());
        const Finished result = ctl({QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("is missing and cannot be created"), result.err.constData());
        // Reading needs no directory: nothing is held.
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("rig")}).exitCode, 0);
    }

    // The next two need a second user: as root (CI) through setpriv, otherwise as ourselves.
    void readOnlyDirectoryIsASystemError()
    {
        QVERIFY(QDir().mkpath(m_dir->path()));
        QCOMPARE(chmod(m_dir->root().toLocal8Bit().constData(), 0755), 0);
        QCOMPARE(chmod(m_dir->path().toLocal8Bit().constData(), 0555), 0);
        const QStringList arguments{QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")};
        const Finished result = isRoot() ? run(QStringLiteral("setpriv"), asUser(kOtherUid, ctl(), arguments)) : ctl(arguments);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("cannot create a lock file in " + m_dir->path().toLocal8Bit() + " (Permission denied)"),
                 result.err.constData());
        QCOMPARE(chmod(m_dir->path().toLocal8Bit().constData(), 0755), 0);
    }

    // Who may use the device may claim it: the lock file takes the node's group, mode 0660.
    void lockFileFollowsTheNodesGroup()
    {
        if (!isRoot())
            QSKIP("needs root to act as two other users");
        const QString node = m_dir->root() + QStringLiteral("/ttyUSB8");
        QFile file(node);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QCOMPARE(chown(node.toLocal8Bit().constData(), 0, kOtherUid), 0); // like root:dialout
        QCOMPARE(chmod(node.toLocal8Bit().constData(), 0660), 0);
        writeConfig(QStringLiteral("[device.rig]\nnodes=%1\n").arg(node).toUtf8());
        for (const QString &path : {m_dir->root(), m_config.path(), m_config.filePath(QStringLiteral("home")),
                                    m_config.filePath(QStringLiteral("home/devlatch"))})
            QCOMPARE(chmod(path.toLocal8Bit().constData(), 0755), 0);
        QCOMPARE(chmod(m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")).toLocal8Bit().constData(), 0644), 0);
        QVERIFY(QDir().mkpath(m_dir->path()));
        QCOMPARE(chmod(m_dir->path().toLocal8Bit().constData(), 01777), 0);

        const QStringList claim{QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"), QStringLiteral("true")};
        const Finished member = run(QStringLiteral("setpriv"), asUser(kOtherUid, ctl(), claim)); // in the node's group
        QCOMPARE(member.exitCode, 0);
        struct stat info {};
        QCOMPARE(stat(lockFile("rig").toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_gid, gid_t(kOtherUid));
        QCOMPARE(info.st_mode & 07777, mode_t(0660));

        // Outside the node's group: may not take the lock (it would only keep the group out).
        const Finished outsider = run(QStringLiteral("setpriv"), asUser(kThirdUid, ctl(), claim));
        QCOMPARE(outsider.exitCode, 3);
        QVERIFY2(outsider.err.contains("you may not use " + node.toLocal8Bit()), outsider.err.constData());
    }

    void foreignOwnedPrivateLockFileIsASystemError()
    {
        if (!isRoot())
            QSKIP("needs root to create a lock file owned by another user");
        QVERIFY(QDir().mkpath(m_dir->path()));
        QCOMPARE(chmod(m_dir->root().toLocal8Bit().constData(), 0755), 0);
        QCOMPARE(chmod(m_dir->path().toLocal8Bit().constData(), 01777), 0);
        QFile file(lockFile("rig"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QCOMPARE(chown(lockFile("rig").toLocal8Bit().constData(), kOtherUid, kOtherUid), 0);
        QCOMPARE(chmod(lockFile("rig").toLocal8Bit().constData(), 0600), 0);
        const Finished result = run(QStringLiteral("setpriv"),
                                    asUser(kThirdUid, ctl(), {QStringLiteral("claim"), QStringLiteral("rig"), QStringLiteral("--"),
                                                               QStringLiteral("true")}));
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("belongs to uid 4242 with mode 0600, which shuts out other users"), result.err.constData());
        QVERIFY(result.err.contains("chmod 0666 " + lockFile("rig").toLocal8Bit()));
        // Not "free" to that user either: an explicit error.
        const Finished status = run(QStringLiteral("setpriv"), asUser(kThirdUid, ctl(), {QStringLiteral("status"), QStringLiteral("rig")}));
        QCOMPARE(status.exitCode, 3);
        QVERIFY2(status.out.contains("unknown: lock file"), status.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctl)
#include "tst_devlatchctl.moc"
