#include "tray/autostart/Autostart.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using devlatch::tray::Autostart;

class TestAutostart final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init() { qunsetenv("DEVLATCH_AUTOSTART_PATH_MOCK"); }

    void followsXdgConfigHome()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
        const auto autostart = Autostart::forThisPlatform();
        QCOMPARE(autostart->location(), m_dir.filePath(QStringLiteral("config/autostart/devlatch.desktop")));
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
