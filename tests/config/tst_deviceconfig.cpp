// SPDX-License-Identifier: MIT
#include "config/DeviceConfig.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using devlatch::Device;
using devlatch::DeviceConfig;

class TestDeviceConfig final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(content);
        return path;
    }
    static const Device *byId(const DeviceConfig &config, const QString &id)
    {
        for (const Device &device : config.devices)
            if (device.id == id)
                return &device;
        return nullptr;
    }

private Q_SLOTS:
    void parsesDevices()
    {
        const QString path = write(QStringLiteral("a.conf"),
                                   "[General]\nscope=user\n\n"
                                   "[device.psu]\nid=usb:0403:6001:A50285BI\nname=Bench PSU\nkind=serial\n"
                                   "nodes=/dev/ttyUSB0, /dev/serial/by-id/usb-FTDI_FT232R_A50285BI-if00-port0\n\n"
                                   "; a comment\n[device.scope]\nname=\"Scope, Rigol\"\n");
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        QVERIFY2(config.warnings.isEmpty(), qPrintable(config.warnings.join(u'\n')));
        QCOMPARE(config.scope, QStringLiteral("user"));
        QCOMPARE(config.devices.size(), 2);
        const Device *psu = byId(config, QStringLiteral("usb:0403:6001:A50285BI"));
        QVERIFY(psu);
        QCOMPARE(psu->key, QStringLiteral("psu"));
        QCOMPARE(psu->name, QStringLiteral("Bench PSU"));
        QCOMPARE(psu->kind, QStringLiteral("serial"));
        QCOMPARE(psu->nodes, (QStringList{QStringLiteral("/dev/ttyUSB0"),
                                          QStringLiteral("/dev/serial/by-id/usb-FTDI_FT232R_A50285BI-if00-port0")}));
        QCOMPARE(psu->source, path);
        const Device *scope = byId(config, QStringLiteral("scope")); // id defaults to the key
        QVERIFY(scope);
        QCOMPARE(scope->name, QStringLiteral("Scope, Rigol"));
        QCOMPARE(scope->kind, QStringLiteral("resource"));
    }

    void userFileWinsKeyByKey()
    {
        const QString system = write(QStringLiteral("system.conf"),
                                     "[General]\nscope=machine\n[device.psu]\nid=psu-1\nname=System name\nnodes=/dev/ttyUSB0\n"
                                     "[device.probe]\nname=J-Link\n");
        const QString user = write(QStringLiteral("user.conf"), "[device.psu]\nname=My PSU\n[device.camera]\nname=UVC\n");
        const DeviceConfig config = DeviceConfig::loadFiles({system, user});
        QVERIFY2(config.warnings.isEmpty(), qPrintable(config.warnings.join(u'\n')));
        QCOMPARE(config.scope, QStringLiteral("machine"));
        QCOMPARE(config.devices.size(), 3);
        const Device *psu = byId(config, QStringLiteral("psu-1"));
        QVERIFY(psu);
        QCOMPARE(psu->name, QStringLiteral("My PSU"));             // from the user file
        QCOMPARE(psu->nodes, QStringList{QStringLiteral("/dev/ttyUSB0")}); // kept from the system file
        QVERIFY(byId(config, QStringLiteral("probe")));
        QVERIFY(byId(config, QStringLiteral("camera")));
    }

    void corruptFileWarnsWithFileAndLineAndKeepsTheRest()
    {
        const QString path = write(QStringLiteral("corrupt.conf"),
                                   "[device.psu]\nname=PSU\nthis line is garbage\n[broken\nid=lost\n"
                                   "[device.ok]\nname=Still here\n\xff\xfe\x00binary\n");
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        const QString warnings = config.warnings.join(u'\n');
        QVERIFY2(warnings.contains(path + QStringLiteral(":3: expected key=value")), qPrintable(warnings));
        QVERIFY2(warnings.contains(path + QStringLiteral(":4: section header without closing ']'")), qPrintable(warnings));
        QVERIFY2(warnings.contains(path + QStringLiteral(":8: not valid UTF-8")), qPrintable(warnings));
        QVERIFY(byId(config, QStringLiteral("psu")));
        QVERIFY(byId(config, QStringLiteral("ok")));
        QCOMPARE(byId(config, QStringLiteral("ok"))->name, QStringLiteral("Still here"));
    }

    void semanticProblemsAreWarnings()
    {
        const QString path = write(QStringLiteral("semantic.conf"),
                                   "[General]\nscope=galaxy\n[devices]\nx=1\n[device.rel]\nnodes=ttyUSB0\n"
                                   "[device.a]\nid=same\n[device.b]\nid=same\n");
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        const QString warnings = config.warnings.join(u'\n');
        QVERIFY2(warnings.contains(path + QStringLiteral(":2: scope must be machine or user")), qPrintable(warnings));
        QVERIFY2(warnings.contains(path + QStringLiteral(":3: unknown section [devices]")), qPrintable(warnings));
        QVERIFY2(warnings.contains(path + QStringLiteral(":6: [device.rel]: node \"ttyUSB0\" is not a device node (expected an absolute path such as /dev/ttyUSB0)")),
                 qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("configured twice")), qPrintable(warnings));
        QVERIFY(config.scope.isEmpty());
        QCOMPARE(config.devices.size(), 2); // rel and the first "same"
    }

    // Every INI example of the README and the manual (docs/), verbatim: what a person copies
    // must load cleanly.
    void readmeConfigExamplesGiveNoWarning()
    {
        QStringList documents{TestPaths::sourceDir(QStringLiteral("/README.md"))};
        const QDir docs(TestPaths::sourceDir(QStringLiteral("/docs")));
        for (const QString &name : docs.entryList({QStringLiteral("*.md")}, QDir::Files))
            documents << docs.filePath(name);
        int examples = 0;
        for (const QString &document : documents) {
            QFile file(document);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            for (qsizetype at = text.indexOf(QStringLiteral("```ini\n")); at >= 0; at = text.indexOf(QStringLiteral("```ini\n"), at + 1)) {
                const qsizetype start = at + 7;
                const QString example = text.mid(start, text.indexOf(QStringLiteral("```"), start) - start);
                const QString path = write(QStringLiteral("readme-%1.conf").arg(++examples), example.toUtf8());
                const DeviceConfig config = DeviceConfig::loadFiles({path});
                QVERIFY2(config.warnings.isEmpty(), qPrintable(document + u'\n' + example + config.warnings.join(u'\n')));
                QVERIFY2(!config.devices.isEmpty() || config.lab.configured(), qPrintable(document + u'\n' + example));
            }
        }
        QVERIFY2(examples >= 3, "the manual's configuration examples were not found");
    }

    // Comments: whole lines starting with ';' or '#', and a ';' after a blank; a quoted ';'
    // is text, and so is one right after text.
    void commentsAreLinesOrASemicolonAfterABlank()
    {
        const QString path = write(QStringLiteral("comments.conf"),
                                   "  ; indented comment\n[General]   ; the defaults\nscope=user ; or machine\n"
                                   "[device.psu]    ; a commented header\nid=usb:1:2:3   ; stable id\n"
                                   "name=\"Bench ; PSU\"   ; a quoted ';' is text\n"
                                   "# a hash line is a comment\n"
                                   "#kind=probe\n"
                                   "[device.lamp] trailing words\n"
                                   "[device.fan]\nname=CH1;CH2\n");
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        QCOMPARE(config.scope, QStringLiteral("user"));
        const Device *psu = byId(config, QStringLiteral("usb:1:2:3"));
        QVERIFY(psu);
        QCOMPARE(psu->name, QStringLiteral("Bench ; PSU"));
        QCOMPARE(psu->kind, QStringLiteral("resource")); // "#kind=probe" is a comment
        const QString warnings = config.warnings.join(u'\n');
        QCOMPARE(config.warnings.size(), 1);
        QVERIFY2(warnings.contains(path + QStringLiteral(":9: text after ']' is ignored: \"trailing words\"")), qPrintable(warnings));
        // Sections without keys still declare devices.
        QVERIFY(byId(config, QStringLiteral("lamp")));
        QCOMPARE(byId(config, QStringLiteral("fan"))->name, QStringLiteral("CH1;CH2"));
    }

    // Every value a person can type comes back as typed, for every text key: QSettings made
    // "Bench PSU, left" a list (the device showed as its key, without a warning), cut
    // "CH1;CH2" at the ';' and dropped quotes and backslashes.
    void everyValueRoundTrips_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("read");
        QTest::newRow("comma") << QStringLiteral("Bench PSU, left") << QStringLiteral("Bench PSU, left");
        QTest::newRow("quotes inside") << QStringLiteral("the \"good\" probe") << QStringLiteral("the \"good\" probe");
        QTest::newRow("semicolon") << QStringLiteral("CH1;CH2") << QStringLiteral("CH1;CH2");
        QTest::newRow("equals") << QStringLiteral("gain=2") << QStringLiteral("gain=2");
        QTest::newRow("hash") << QStringLiteral("Bench #3") << QStringLiteral("Bench #3");
        QTest::newRow("backslash") << QStringLiteral("C:\\lab\\probe") << QStringLiteral("C:\\lab\\probe");
        QTest::newRow("leading blanks, quoted") << QStringLiteral("\"  padded \"") << QStringLiteral("  padded ");
        QTest::newRow("blank semicolon, quoted") << QStringLiteral("\"left ; right\"") << QStringLiteral("left ; right");
        QTest::newRow("non-ASCII") << QStringLiteral("Prüfstand 3 — Oszi µ") << QStringLiteral("Prüfstand 3 — Oszi µ");
    }
    void everyValueRoundTrips()
    {
        QFETCH(QString, typed);
        QFETCH(QString, read);
        const QString path = write(QStringLiteral("values.conf"),
                                   QStringLiteral("[device.dut]\nname=%1\nkind=%1\n[device.other]\nalias=%1\n"
                                                  "[lab]\nendpoints=http://127.0.0.1:2379\nprefix=%1\nca=%1\ncert=%1\nkey=%1\n"
                                                  "user=%1\npassword-file=%1\n")
                                       .arg(typed)
                                       .toUtf8());
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        QVERIFY2(config.warnings.isEmpty(), qPrintable(config.warnings.join(u'\n')));
        const Device *dut = byId(config, QStringLiteral("dut"));
        QVERIFY(dut);
        QCOMPARE(dut->name, read);
        QCOMPARE(dut->kind, read);
        QCOMPARE(byId(config, QStringLiteral("other"))->name, read);
        for (const QString &value : {config.lab.prefix, config.lab.caFile, config.lab.certFile, config.lab.keyFile, config.lab.user,
                                     config.lab.passwordFile})
            QCOMPARE(value, read);
    }

    // The id and the list keys: an id keeps what lock names allow; list items are split at
    // commas only, each kept as typed otherwise.
    void idsAndListsKeepTheirText()
    {
        const QString path = write(QStringLiteral("lists.conf"),
                                   "hide=usb:1:2:a;b, \xc3\xa9t\xc3\xa9\n"
                                   "[device.x]\nid=usb:0403:6001:A5#0=1\nnodes=/dev/serial/by-id/usb-FTDI_A;B-if00, /dev/ttyUSB0\n"
                                   "[lab]\nendpoints=http://a:2379, http://b:2379\ndevices=dut#1, dut;2\n");
        const DeviceConfig config = DeviceConfig::loadFiles({path});
        QVERIFY2(config.warnings.isEmpty(), qPrintable(config.warnings.join(u'\n')));
        QCOMPARE(config.hide, (QStringList{QStringLiteral("usb:1:2:a;b"), QStringLiteral("été")}));
        const Device *x = byId(config, QStringLiteral("usb:0403:6001:A5#0=1"));
        QVERIFY(x);
        QCOMPARE(x->nodes, (QStringList{QStringLiteral("/dev/serial/by-id/usb-FTDI_A;B-if00"), QStringLiteral("/dev/ttyUSB0")}));
        QCOMPARE(config.lab.endpoints, (QStringList{QStringLiteral("http://a:2379"), QStringLiteral("http://b:2379")}));
        QCOMPARE(config.lab.devices, (QStringList{QStringLiteral("dut#1"), QStringLiteral("dut;2")}));
    }

    void missingAndUnreadableFiles()
    {
        const DeviceConfig none = DeviceConfig::loadFiles({m_dir.filePath(QStringLiteral("absent.conf"))});
        QVERIFY(none.devices.isEmpty());
        QVERIFY(none.warnings.isEmpty());
        QVERIFY(none.files.isEmpty());
    }

    void defaultFilesFollowXdg()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("home")).toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_dir.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
        const QStringList files = DeviceConfig::defaultFiles();
        QCOMPARE(files, (QStringList{m_dir.filePath(QStringLiteral("etc-xdg/devlatch/devlatch.conf")),
                                     m_dir.filePath(QStringLiteral("home/devlatch/devlatch.conf"))}));
    }
};

QTEST_GUILESS_MAIN(TestDeviceConfig)
#include "tst_deviceconfig.moc"
