// SPDX-License-Identifier: MIT
// End to end, as a person on the bench would: a real X server (Xvfb), a window manager
// (openbox) and a real XEmbed tray (tint2); devlatch in it; the mouse and keyboard through
// xdotool; the result checked with devlatchctl from another process. Screenshots of the
// tray, the open menu and the Devices window are kept under the build directory.

#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

#include <csignal>

using namespace devlatch::test;

namespace {

const QString kProbe = QStringLiteral("usb:1366:0105:000683012345"); // configured as [device.probe]

struct Window {
    QRect geometry;
    bool valid() const { return geometry.isValid(); }
};

} // namespace

class TestTrayEndToEnd final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QProcessEnvironment m_env;
    QString m_display;
    QString m_artifacts = TestPaths::buildDir(QStringLiteral("/artifacts/tray-e2e"));
    std::vector<std::unique_ptr<QProcess>> m_session; // Xvfb, openbox, tint2: stopped in reverse
    qint64 m_dbusPid = 0;
    QProcess m_tray;

    Finished x(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(program, arguments);
        Finished result;
        if (!process.waitForFinished(30000))
            return result;
        result.exitCode = process.exitCode();
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }
    QProcess *spawn(const QString &program, const QStringList &arguments)
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(m_env);
        process->setStandardOutputFile(m_root.filePath(QFileInfo(program).fileName() + QStringLiteral(".log")));
        process->setStandardErrorFile(m_root.filePath(QFileInfo(program).fileName() + QStringLiteral(".err")));
        process->start(program, arguments);
        process->waitForStarted();
        m_session.push_back(std::move(process));
        return m_session.back().get();
    }
    // Top-level windows of a program as xwininfo -root -tree lists them, absolute positions.
    QList<QRect> windowsOf(const QString &program)
    {
        const Finished tree = x(QStringLiteral("xwininfo"), {QStringLiteral("-root"), QStringLiteral("-tree")});
        QList<QRect> windows;
        const QRegularExpression line(QStringLiteral("\"[^\"]*\": \\(\"%1\" \"[^\"]*\"\\)\\s+(\\d+)x(\\d+)[+-]\\d+[+-]\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)")
                                          .arg(QRegularExpression::escape(program)));
        for (const QString &text : QString::fromLocal8Bit(tree.out).split(u'\n')) {
            const QRegularExpressionMatch m = line.match(text);
            if (m.hasMatch())
                windows << QRect(m.captured(3).toInt(), m.captured(4).toInt(), m.captured(1).toInt(), m.captured(2).toInt());
        }
        return windows;
    }
    QRect trayIconGeometry()
    {
        for (const QRect &r : windowsOf(QStringLiteral("devlatch")))
            if (r.width() <= 64 && r.height() <= 64 && r.width() > 4 && (r.x() != 0 || r.y() != 0))
                return r;
        return {};
    }
    QRect bigWindow()
    {
        for (const QRect &r : windowsOf(QStringLiteral("devlatch")))
            if (r.width() > 64 && r.height() > 64)
                return r;
        return {};
    }
    QString screenshot(const QString &name)
    {
        const QString path = m_artifacts + u'/' + name;
        x(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), path});
        return path;
    }
    // Just one area of the screen (a menu, a window), with a little of what surrounds it.
    QString screenshotOf(const QRect &area, const QString &name)
    {
        const QRect around = area.adjusted(-4, -4, 4, 4).intersected(QRect(0, 0, 1024, 600));
        const QString path = m_artifacts + u'/' + name;
        x(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), QStringLiteral("-crop"),
                                     QStringLiteral("%1x%2+%3+%4").arg(around.width()).arg(around.height()).arg(around.x()).arg(around.y()),
                                     QStringLiteral("+repage"), path});
        return path;
    }
    // A picture the README or the manual shows (resources/screenshots/NAME), made here so it
    // cannot drift from the program: DEVLATCH_UPDATE_SCREENSHOTS=1 (make screenshots) puts the
    // fresh one there. Otherwise the shown one must be as high as the fresh one: a menu or a
    // transcript that gained or lost a line is a stale picture. (Not the width or the pixels:
    // pids and times differ in every run, and so does their width.)
    void checkShownPicture(const QString &made, const QString &name)
    {
        const QString shown = TestPaths::sourceDir(QStringLiteral("/resources/screenshots/")) + name;
        const QImage fresh(made);
        QVERIFY2(!fresh.isNull(), qPrintable(made + QStringLiteral(" was not made")));
        if (qEnvironmentVariableIntValue("DEVLATCH_UPDATE_SCREENSHOTS")) {
            QFile::remove(shown);
            QVERIFY2(QFile::copy(made, shown), qPrintable(shown));
            return;
        }
        const QImage old(shown);
        QVERIFY2(old.height() == fresh.height(),
                 qPrintable(QStringLiteral("%1 (%2x%3) no longer shows the program (%4, %5x%6): run make screenshots")
                                .arg(shown).arg(old.width()).arg(old.height()).arg(made).arg(fresh.width()).arg(fresh.height())));
    }

    void startTray(const QStringList &arguments = {})
    {
        m_tray.setProcessEnvironment(m_env);
        m_tray.setStandardErrorFile(m_root.filePath(QStringLiteral("devlatch.err")), QIODevice::Append);
        m_tray.start(TestPaths::tray(), arguments);
        QVERIFY(m_tray.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!trayState().isEmpty(), 20000);
    }
    void stopTray()
    {
        m_tray.terminate();
        QVERIFY(m_tray.waitForFinished(10000));
    }
    void click(const QRect &where, int button)
    {
        x(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QString::number(where.center().x()), QString::number(where.center().y()),
                                     QStringLiteral("click"), QString::number(button)});
    }
    void keys(const QStringList &names)
    {
        x(QStringLiteral("xdotool"), QStringList{QStringLiteral("key"), QStringLiteral("--delay"), QStringLiteral("60")} + names);
    }
    QString lockFileOf(const QString &id)
    {
        return deviceJson(run(TestPaths::ctl(), {QStringLiteral("status"), id, QStringLiteral("--json")}).out)
            .value(QStringLiteral("lockPath"))
            .toString();
    }
    QJsonObject trayState()
    {
        const Finished state = x(TestPaths::tray(), {QStringLiteral("--state")});
        return QJsonDocument::fromJson(state.out).object();
    }
    QString deviceState(const QString &id)
    {
        for (const QJsonValue &device : trayState().value(QStringLiteral("devices")).toArray())
            if (device.toObject().value(QStringLiteral("id")).toString() == id)
                return device.toObject().value(QStringLiteral("state")).toString();
        return {};
    }
    // The area as it is on screen now.
    QImage grab(const QRect &area)
    {
        const QString path = m_root.filePath(QStringLiteral("grab.png"));
        x(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), QStringLiteral("-crop"),
                                     QStringLiteral("%1x%2+%3+%4").arg(area.width()).arg(area.height()).arg(area.x()).arg(area.y()),
                                     QStringLiteral("+repage"), path});
        return QImage(path);
    }
    // Waits until the area has been painted and stays so (two grabs in a row agree).
    bool settled(const QRect &area)
    {
        QImage last = grab(area);
        return QTest::qWaitFor([&] {
            const QImage now = grab(area);
            const bool same = !now.isNull() && now == last;
            last = now;
            return same;
        }, 10000);
    }
    // Waits until the area no longer looks as it did (a keystroke has had its effect).
    bool changedFrom(const QRect &area, const QImage &before)
    {
        return QTest::qWaitFor([&] { return grab(area) != before; }, 10000);
    }

    // Share of pixels in the icon's area that are clearly green (the "holding" padlock).
    double greenShare(const QString &shot, const QRect &icon)
    {
        const QImage image(shot);
        int green = 0;
        for (int y = icon.top(); y <= icon.bottom(); ++y)
            for (int x0 = icon.left(); x0 <= icon.right(); ++x0) {
                const QColor c = image.pixelColor(x0, y);
                green += c.green() > 100 && c.green() > c.red() + 40 && c.green() > c.blue() + 30;
            }
        return double(green) / double(icon.width() * icon.height());
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *tool : {"Xvfb", "openbox", "tint2", "xdotool", "xwininfo", "import", "convert", "dbus-launch"})
            QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing; make test installs it").arg(QLatin1String(tool))));
        QDir().mkpath(m_artifacts);
        int number = 90;
        while (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(number)) || QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(number)))
            ++number;
        m_display = QStringLiteral(":%1").arg(number);

        const QString runtime = m_root.filePath(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QString config = m_root.filePath(QStringLiteral("config"));
        QDir().mkpath(config + QStringLiteral("/devlatch"));
        QFile conf(config + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[device.psu]\nid=usb:0403:6001:A50285BI\nname=Bench PSU\nkind=serial\nnodes=/dev/ttyUSB0\n"
                   "[device.probe]\nid=usb:1366:0105:000683012345\nname=J-Link\nkind=probe\n"
                   "[device.scope]\nname=Rigol DS1054Z\nkind=instrument\n");
        conf.close();

        m_env = QProcessEnvironment::systemEnvironment();
        m_env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        m_env.insert(QStringLiteral("DISPLAY"), m_display);
        m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        m_env.insert(QStringLiteral("XDG_CONFIG_DIRS"), m_root.filePath(QStringLiteral("system-config")));
        m_env.insert(QStringLiteral("DEVLATCH_LOCK_DIR"), m_root.filePath(QStringLiteral("locks")));
        m_env.insert(QStringLiteral("DEVLATCH_INSTANCE_NAME"), QStringLiteral("devlatch-e2e-%1").arg(QCoreApplication::applicationPid()));
        m_env.insert(QStringLiteral("DEVLATCH_AUTOSTART_PATH_MOCK"), m_root.filePath(QStringLiteral("autostart.desktop")));
        m_env.insert(QStringLiteral("HOME"), m_root.path());
        // devlatchctl run from this process (run()) must look at the same locks and devices.
        for (const char *name : {"DEVLATCH_LOCK_DIR", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"})
            qputenv(name, m_env.value(QLatin1String(name)).toLocal8Bit());

        spawn(QStringLiteral("Xvfb"), {m_display, QStringLiteral("-screen"), QStringLiteral("0"), QStringLiteral("1024x600x24"),
                                      QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        QTRY_VERIFY_WITH_TIMEOUT(x(QStringLiteral("xwininfo"), {QStringLiteral("-root")}).exitCode == 0, 20000);
        const Finished dbus = x(QStringLiteral("dbus-launch"), {QStringLiteral("--sh-syntax")});
        const QRegularExpressionMatch address = QRegularExpression(QStringLiteral("DBUS_SESSION_BUS_ADDRESS='([^']*)'")).match(QString::fromLocal8Bit(dbus.out));
        const QRegularExpressionMatch pid = QRegularExpression(QStringLiteral("DBUS_SESSION_BUS_PID=(\\d+)")).match(QString::fromLocal8Bit(dbus.out));
        QVERIFY2(address.hasMatch() && pid.hasMatch(), dbus.out.constData());
        m_env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address.captured(1));
        m_dbusPid = pid.captured(1).toLongLong();
        spawn(QStringLiteral("openbox"), {});
        spawn(QStringLiteral("tint2"), {});
        QTRY_VERIFY_WITH_TIMEOUT(!windowsOf(QStringLiteral("tint2")).isEmpty(), 20000);
    }

    void cleanupTestCase()
    {
        if (m_tray.state() != QProcess::NotRunning) {
            m_tray.terminate();
            m_tray.waitForFinished(5000);
        }
        for (auto it = m_session.rbegin(); it != m_session.rend(); ++it) {
            (*it)->terminate();
            if (!(*it)->waitForFinished(5000))
                (*it)->kill();
        }
        if (m_dbusPid > 0)
            ::kill(pid_t(m_dbusPid), SIGTERM);
    }

    void claimFromTheMenuAndFollowOthers()
    {
        startTray();
        QRect icon;
        QTRY_VERIFY_WITH_TIMEOUT((icon = trayIconGeometry()).isValid(), 20000);
        qInfo("tray icon at %d,%d %dx%d", icon.x(), icon.y(), icon.width(), icon.height());
        QVERIFY2(!bigWindow().isValid(), "with a tray present, nothing but the icon shows at start");
        QTRY_COMPARE_WITH_TIMEOUT(trayState().value(QStringLiteral("tray")).toString(), QStringLiteral("idle"), 10000);
        const QString idleShot = screenshot(QStringLiteral("tray-idle.png"));
        QVERIFY(greenShare(idleShot, icon) < 0.05);

        // Right click opens the menu; Down + Return picks its first device, "Bench PSU — Free".
        x(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QString::number(icon.center().x()), QString::number(icon.center().y()),
                                     QStringLiteral("click"), QStringLiteral("3")});
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().isValid(), 10000);
        screenshot(QStringLiteral("tray-menu.png"));
        x(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("Down"), QStringLiteral("Return")});

        // Another process sees the claim, held by the tray.
        QTRY_COMPARE_WITH_TIMEOUT(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 1, 10000);
        const Finished status = run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")});
        QVERIFY2(status.out.contains("held by devlatch (pid " + QByteArray::number(m_tray.processId()) + ")"), status.out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(trayState().value(QStringLiteral("tray")).toString(), QStringLiteral("holding"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(greenShare(screenshot(QStringLiteral("tray-holding.png")), icon) > 0.15, 10000);

        // A claim from outside shows up in the tray.
        Helper outside;
        outside.process().setProcessEnvironment(m_env);
        QVERIFY(outside.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--note"),
                                                            QStringLiteral("eye diagram"), QStringLiteral("--hold")}));
        QVERIFY(!outside.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(deviceState(QStringLiteral("scope")), QStringLiteral("held"), 10000);
        x(QStringLiteral("xdotool"), {QStringLiteral("click"), QStringLiteral("3")});
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().isValid(), 10000);
        QVERIFY(settled(bigWindow()));
        screenshot(QStringLiteral("tray-menu-busy.png"));
        x(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("Escape")});
        QTRY_VERIFY_WITH_TIMEOUT(!bigWindow().isValid(), 10000);

        // Left click opens the Devices window.
        x(QStringLiteral("xdotool"), {QStringLiteral("mousemove"), QString::number(icon.center().x()), QString::number(icon.center().y()),
                                     QStringLiteral("click"), QStringLiteral("1")});
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().width() > 400, 10000);
        QVERIFY(settled(bigWindow())); // painted before the picture
        screenshot(QStringLiteral("devices-window.png"));

        // The outside holder leaves; the tray follows.
        outside.signal(SIGTERM);
        QCOMPARE(outside.waitForExit(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(deviceState(QStringLiteral("scope")), QStringLiteral("free"), 10000);

        x(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("Escape")}); // the window closes; the tray stays
    }

    // A holder that locks a descriptor it opened earlier makes no event of its own: the
    // tray still shows it held, within a second (the fast schedule reads every 500 ms).
    void flockOnAnEarlierDescriptorShowsHeld()
    {
        const QString file = lockFileOf(QStringLiteral("probe"));
        QVERIFY(!file.isEmpty());
        Helper shell;
        QVERIFY(shell.start(QStringLiteral("bash"), {QStringLiteral("-c"),
                                                     QStringLiteral("exec 9>>\"$1\"; echo opened; read x; flock 9; echo locked; cat >/dev/null"),
                                                     QStringLiteral("bash"), file}));
        QVERIFY(!shell.waitForLine("opened").isEmpty());
        QTest::qWait(2500); // the burst of reads after the open is over: only the schedule is left
        QCOMPARE(deviceState(kProbe), QStringLiteral("free"));
        shell.process().write("go\n");
        QVERIFY(!shell.waitForLine("locked").isEmpty());
        QElapsedTimer seen;
        seen.start();
        QTRY_COMPARE_WITH_TIMEOUT(deviceState(kProbe), QStringLiteral("foreign"), 10000);
        qInfo("exec 9>>LOCK; flock 9: shown held after %lld ms (--state polled; the goal is at most 1000 ms)", seen.elapsed());
        shell.stop();
        QTRY_COMPARE_WITH_TIMEOUT(deviceState(kProbe), QStringLiteral("free"), 10000);
    }

    // An alias given in the Devices window (F2) names the same lock for devlatchctl.
    void aliasFromTheWindowResolvesInDevlatchctl()
    {
        click(trayIconGeometry(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().width() > 400, 10000);
        QVERIFY(settled(bigWindow()));
        const QImage beforeEditing = grab(bigWindow());
        keys({QStringLiteral("Home"), QStringLiteral("F2")}); // the first row: Bench PSU
        QVERIFY2(changedFrom(bigWindow(), beforeEditing), "F2 opened no editor");
        QVERIFY(settled(bigWindow()));
        x(QStringLiteral("xdotool"), {QStringLiteral("type"), QStringLiteral("--delay"), QStringLiteral("30"), QStringLiteral("Bench-3 PSU")});
        keys({QStringLiteral("Return")});
        QTRY_COMPARE_WITH_TIMEOUT(
            deviceJson(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("Bench-3 PSU"),
                                                                       QStringLiteral("--json")}).out)
                .value(QStringLiteral("id"))
                .toString(),
            QStringLiteral("usb:0403:6001:A50285BI"), 10000);
        QVERIFY(run(TestPaths::ctl(), {QStringLiteral("list")}).out.contains("usb:0403:6001:A50285BI (Bench-3 PSU)"));
        QVERIFY(settled(bigWindow()));
        screenshotOf(bigWindow(), QStringLiteral("devices-window-alias.png"));
        keys({QStringLiteral("Escape")});
    }

    // The menu and the window in each language, for the README and for review.
    void screenshotsInEveryLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("fr") << QStringLiteral("fr");
    }
    void screenshotsInEveryLanguage()
    {
        QFETCH(QString, language);
        stopTray();
        startTray({QStringLiteral("--lang"), language});
        QRect icon;
        QTRY_VERIFY_WITH_TIMEOUT((icon = trayIconGeometry()).isValid(), 20000);
        Helper holder;
        holder.process().setProcessEnvironment(m_env);
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--note"),
                                                           QStringLiteral("eye diagram"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(deviceState(QStringLiteral("scope")), QStringLiteral("held"), 10000);
        click(icon, 3);
        if (!QTest::qWaitFor([this] { return bigWindow().isValid(); }, 10000)) {
            screenshot(QStringLiteral("debug-no-menu-%1.png").arg(language));
            QFAIL("no menu");
        }
        keys({QStringLiteral("Down"), QStringLiteral("Return")}); // claims the first device
        QTRY_COMPARE_WITH_TIMEOUT(trayState().value(QStringLiteral("tray")).toString(), QStringLiteral("holding"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!bigWindow().isValid(), 10000); // the menu that claimed it has closed
        // A press within milliseconds of a popup closing goes to the closed popup's pointer
        // grab, which Qt lets go a moment later; nothing outside the tray can see when. A
        // person's next click is never that quick.
        QTest::qWait(300);
        click(icon, 3);
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().isValid(), 10000);
        QVERIFY(settled(bigWindow()));
        const QString menu = screenshotOf(bigWindow(), QStringLiteral("tray-menu-%1.png").arg(language));
        if (language == u"en")
            checkShownPicture(menu, QStringLiteral("tray-menu.png"));
        keys({QStringLiteral("Escape")});
        QTRY_VERIFY_WITH_TIMEOUT(!bigWindow().isValid(), 10000);
        click(icon, 1);
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().width() > 400, 10000);
        keys({QStringLiteral("Home")});
        QVERIFY(settled(bigWindow()));
        const QString window = screenshotOf(bigWindow(), QStringLiteral("devices-window-%1.png").arg(language));
        if (language == u"en")
            checkShownPicture(window, QStringLiteral("devices-window.png"));
        keys({QStringLiteral("Escape")});
    }

    // The README's terminal: list, a claim refused naming its holder, a claim that runs its
    // command. Real output of this run, drawn as a terminal would.
    void terminalPicture()
    {
        Helper holder;
        holder.process().setProcessEnvironment(m_env);
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--note"),
                                                   QStringLiteral("eye diagram"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        const QList<QStringList> session{
            {QStringLiteral("list")},
            {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--"), QStringLiteral("./capture.sh")},
            {QStringLiteral("claim"), QStringLiteral("probe"), QStringLiteral("--note"), QStringLiteral("flashing rev B"),
             QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("flashed")},
        };
        QString transcript;
        for (const QStringList &arguments : session) {
            QStringList shown;
            for (const QString &argument : arguments)
                shown << (argument.contains(u' ') ? u'"' + argument + u'"' : argument);
            transcript += QStringLiteral("$ devlatchctl ") + shown.join(u' ') + u'\n';
            const Finished result = run(TestPaths::ctl(), arguments);
            QVERIFY2(result.exitCode == (arguments.at(1) == u"scope" ? 1 : 0), result.err.constData());
            transcript += QString::fromUtf8(result.out + result.err);
        }
        transcript += QStringLiteral("$ ");
        // ImageMagick reads % and \ in label text as escapes.
        transcript.replace(u'\\', QStringLiteral("\\\\")).replace(u'%', QStringLiteral("%%"));
        const QString picture = m_artifacts + QStringLiteral("/terminal.png");
        const Finished drawn = x(QStringLiteral("convert"),
                                 {QStringLiteral("-background"), QStringLiteral("#1d1f21"), QStringLiteral("-fill"), QStringLiteral("#d8dcd6"),
                                  QStringLiteral("-font"), QStringLiteral("DejaVu-Sans-Mono"), QStringLiteral("-pointsize"), QStringLiteral("13"),
                                  QStringLiteral("label:") + transcript, QStringLiteral("-bordercolor"), QStringLiteral("#1d1f21"),
                                  QStringLiteral("-border"), QStringLiteral("14"), picture});
        QVERIFY2(drawn.exitCode == 0, drawn.err.constData());
        checkShownPicture(picture, QStringLiteral("terminal.png"));
    }

    // No tray (stock GNOME without the AppIndicator extension): the window is the app, with
    // Quit; closing it with nothing held quits; the claims go with the process.
    void withoutATrayTheWindowIsTheApp()
    {
        stopTray();
        QCOMPARE(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 0);
        QProcess *tint2 = nullptr;
        for (const auto &process : m_session)
            if (process->program() == u"tint2")
                tint2 = process.get();
        QVERIFY(tint2);
        tint2->terminate();
        QVERIFY(tint2->waitForFinished(10000));
        startTray();
        QTRY_COMPARE_WITH_TIMEOUT(trayState().value(QStringLiteral("window")).toString(), QStringLiteral("shown"), 20000);
        QCOMPARE(trayState().value(QStringLiteral("trayIcon")).toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(bigWindow().width() > 400, 10000);
        QVERIFY(settled(bigWindow()));
        screenshotOf(bigWindow(), QStringLiteral("devices-window-no-tray.png"));
        keys({QStringLiteral("ctrl+q")}); // the window's Quit: nothing held, so no question
        QVERIFY(m_tray.waitForFinished(10000));
        QCOMPARE(m_tray.exitCode(), 0);
        qInfo("screenshots in %s", qPrintable(m_artifacts));
    }
};

QTEST_GUILESS_MAIN(TestTrayEndToEnd)
#include "tst_tray_e2e.moc"
