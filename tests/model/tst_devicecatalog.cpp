#include "model/DeviceCatalog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using devlatch::Device;
using devlatch::DeviceCatalog;

class TestDeviceCatalog final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    DeviceCatalog catalog() const
    {
        Device psu;
        psu.id = QStringLiteral("usb:0403:6001:A50285BI");
        psu.key = QStringLiteral("psu");
        psu.name = QStringLiteral("Bench PSU");
        psu.nodes = {m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-id/usb-FTDI"))};
        psu.source = QStringLiteral("/etc/xdg/devlatch/devlatch.conf");
        return DeviceCatalog({psu});
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A node and a by-id style symlink to it.
        QFile node(m_dir.filePath(QStringLiteral("ttyUSB0")));
        QVERIFY(node.open(QIODevice::WriteOnly));
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("by-id")));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-id/usb-FTDI"))));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-path-link"))));
    }

    void everyNameResolvesToTheSameDevice_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("id") << QStringLiteral("usb:0403:6001:A50285BI");
        QTest::newRow("key") << QStringLiteral("psu");
        QTest::newRow("display name") << QStringLiteral("Bench PSU");
        QTest::newRow("display name, other case") << QStringLiteral("bench psu");
        QTest::newRow("node") << m_dir.filePath(QStringLiteral("ttyUSB0"));
        QTest::newRow("configured link") << m_dir.filePath(QStringLiteral("by-id/usb-FTDI"));
        QTest::newRow("unconfigured link to the node") << m_dir.filePath(QStringLiteral("by-path-link"));
    }
    void everyNameResolvesToTheSameDevice()
    {
        QFETCH(QString, name);
        const DeviceCatalog::Resolved resolved = catalog().resolve(name);
        QVERIFY(resolved.ok());
        QCOMPARE(resolved.device.id, QStringLiteral("usb:0403:6001:A50285BI"));
        QVERIFY(resolved.device.isConfigured());
    }

    void unknownNameIsANamedResource()
    {
        const DeviceCatalog::Resolved resolved = catalog().resolve(QStringLiteral("rack-7-relay"));
        QVERIFY(resolved.ok());
        QCOMPARE(resolved.device.id, QStringLiteral("rack-7-relay"));
        QCOMPARE(resolved.device.kind, QStringLiteral("resource"));
        QVERIFY(!resolved.device.isConfigured());
    }

    void badNamesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("not utf-8") << QByteArray("caf\xe9") << QStringLiteral("UTF-8");
    }
    void badNamesAreRefused()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, reason);
        const DeviceCatalog::Resolved resolved = catalog().resolve(raw);
        QVERIFY(!resolved.ok());
        QVERIFY2(resolved.error.contains(reason), qPrintable(resolved.error));
    }
};

QTEST_GUILESS_MAIN(TestDeviceCatalog)
#include "tst_devicecatalog.moc"
