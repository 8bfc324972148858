// SPDX-License-Identifier: MIT
// "Start at login": the person's entry, an administrator's entry for every user and the
// person's override of it, Exec= escaped as the Desktop Entry spec asks.

#include "tray/autostart/Autostart.h"
#include "tray/autostart/DesktopExec.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using devlatch::tray::Autostart;
using devlatch::tray::desktopExecArgument;

class TestAutostart final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        qunsetenv("DEVLATCH_AUTOSTART_PATH_MOCK");
        qputenv("XDG_CONFIG_DIRS", m_dir.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
        QDir(m_dir.filePath(QStringLiteral("etc-xdg"))).removeRecursively();
    }

    void followsXdgConfigHome()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
        const auto autostart = Autostart::forThisPlatform();
        QCOMPARE(autostart->location(), m_dir.filePath(QStringLiteral("config/autostart/" DEVLATCH_APP_ID ".desktop")));
        QVERIFY(!autostart->isEnabled());
        QVERIFY(autostart->setEnabled(true).isEmpty());
        QVERIFY(autostart->isEnabled());

        QFile file(autostart->location());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]\n")));
        for (const char *line : {"Type=Application", "Name=devlatch", "X-GNOME-Autostart-Delay=", "X-KDE-autostart-after=panel",
                                 "X-LXQt-Need-Tray=true", "Terminal=false"})
            QVERIFY2(text.contains(QLatin1String(line)), line);
        const QString exec = text.section(QStringLiteral("Exec="), 1).section(u'\n', 0, 0);
        QVERIFY2(exec.endsWith(QStringLiteral(" --autostart")), qPrintable(exec));
        QVERIFY(exec.startsWith(QCoreApplication::applicationFilePath()) || exec.startsWith(QStringLiteral("devlatch ")));

        QVERIFY(autostart->setEnabled(false).isEmpty());
        QVERIFY(!QFile::exists(autostart->location()));
        QVERIFY(!autostart->isEnabled());
        QVERIFY2(autostart->setEnabled(false).isEmpty(), "disabling twice is fine");
    }

    // An administrator enables devlatch for every user (/etc/xdg/autostart, same file name);
    // the person sees it as on, can turn it off for themselves (an entry with Hidden=true
    // that overrides it) and on again (the override goes).
    void systemWideEntryIsSeenAndCanBeOverridden()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config-system")).toLocal8Bit());
        const QString system = m_dir.filePath(QStringLiteral("etc-xdg/autostart/" DEVLATCH_APP_ID ".desktop"));
        QVERIFY(QDir().mkpath(QFileInfo(system).path()));
        QFile entry(system);
        QVERIFY(entry.open(QIODevice::WriteOnly));
        entry.write("[Desktop Entry]\nType=Application\nName=devlatch\nExec=devlatch --autostart\n");
        entry.close();
        const auto autostart = Autostart::forThisPlatform();
        QCOMPARE(autostart->systemEntry(), system);
        QVERIFY(autostart->isEnabled());
        QVERIFY(!QFile::exists(autostart->location()));

        QVERIFY(autostart->setEnabled(false).isEmpty());
        QVERIFY(!autostart->isEnabled());
        QFile override(autostart->location());
        QVERIFY(override.open(QIODevice::ReadOnly));
        QVERIFY(override.readAll().contains("\nHidden=true\n"));
        QVERIFY(QFile::exists(system)); // the administrator's file is not ours to touch
        override.close();

        QVERIFY(autostart->setEnabled(true).isEmpty());
        QVERIFY(autostart->isEnabled());
        QVERIFY(!QFile::exists(autostart->location()));
    }

    // Earlier versions wrote ~/.config/autostart/devlatch.desktop: still honoured, and
    // replaced by the app-id entry when the person changes the setting.
    void legacyEntryIsHonouredAndReplaced()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config-legacy")).toLocal8Bit());
        const QString legacy = m_dir.filePath(QStringLiteral("config-legacy/autostart/devlatch.desktop"));
        QVERIFY(QDir().mkpath(QFileInfo(legacy).path()));
        QFile entry(legacy);
        QVERIFY(entry.open(QIODevice::WriteOnly));
        entry.write("[Desktop Entry]\nType=Application\nName=devlatch\nExec=devlatch --autostart\n");
        entry.close();
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(autostart->isEnabled());
        QVERIFY(autostart->setEnabled(true).isEmpty());
        QVERIFY(!QFile::exists(legacy));
        QVERIFY(QFile::exists(autostart->location()));
    }

    void execArgumentsAreEscaped_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << QStringLiteral("/usr/bin/devlatch") << QStringLiteral("/usr/bin/devlatch");
        QTest::newRow("space") << QStringLiteral("/opt/lab tools/devlatch") << QStringLiteral("\"/opt/lab tools/devlatch\"");
        QTest::newRow("percent") << QStringLiteral("/opt/100%/devlatch") << QStringLiteral("/opt/100%%/devlatch");
        QTest::newRow("dollar") << QStringLiteral("/opt/$x/devlatch") << QStringLiteral("\"/opt/\\\\$x/devlatch\"");
        QTest::newRow("quote") << QStringLiteral("/opt/a\"b") << QStringLiteral("\"/opt/a\\\\\"b\"");
        QTest::newRow("backslash") << QStringLiteral("/opt/a\\b") << QStringLiteral("\"/opt/a\\\\\\\\b\"");
        QTest::newRow("backtick") << QStringLiteral("/opt/`x`") << QStringLiteral("\"/opt/\\\\`x\\\\`\"");
    }
    void execArgumentsAreEscaped()
    {
        QFETCH(QString, argument);
        QFETCH(QString, escaped);
        QCOMPARE(desktopExecArgument(argument), escaped);
    }

    // The file written for an awkward program path is one desktop-file-validate accepts.
    void writtenEntryValidates()
    {
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed (make test installs desktop-file-utils)");
        qputenv("DEVLATCH_AUTOSTART_PATH_MOCK", m_dir.filePath(QStringLiteral("valid/" DEVLATCH_APP_ID ".desktop")).toLocal8Bit());
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(autostart->setEnabled(true).isEmpty());
        QProcess validate;
        validate.start(validator, {autostart->location()});
        QVERIFY(validate.waitForFinished(30000));
        const QByteArray output = validate.readAllStandardOutput() + validate.readAllStandardError();
        QVERIFY2(validate.exitCode() == 0 && !output.contains("error"), output.constData());
    }

    void disabledBySessionSettingsIsNotEnabled()
    {
        qputenv("DEVLATCH_AUTOSTART_PATH_MOCK", m_dir.filePath(QStringLiteral("mock/devlatch.desktop")).toLocal8Bit());
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(autostart->setEnabled(true).isEmpty());
        QFile file(autostart->location());
        QVERIFY(file.open(QIODevice::Append));
        file.write("Hidden=true\n");
        file.close();
        QVERIFY(!autostart->isEnabled());
    }

    void unwritableLocationIsAnError()
    {
        qputenv("DEVLATCH_AUTOSTART_PATH_MOCK", "/proc/devlatch-cannot-write/devlatch.desktop");
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(!autostart->setEnabled(true).isEmpty());
        QVERIFY(!autostart->isEnabled());
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
