// SPDX-License-Identifier: MIT
// devlatchctl on discovered devices, against umockdev's test bed (run under
// umockdev-wrapper; the devlatchctl children inherit the bed): every name form takes one
// lock, foreign use is reported, and no command ever opens a device node.

#include "UmockdevBed.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace devlatch;
using namespace devlatch::test;

namespace {

QString ctl()
{
    return TestPaths::ctl();
}

Finished ctl(const QStringList &arguments)
{
    return run(ctl(), arguments);
}

QJsonObject ctlJson(const QStringList &arguments)
{
    return deviceJson(ctl(arguments + QStringList{QStringLiteral("--json")}).out);
}

} // namespace

class TestDevlatchctlUdev final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<UmockdevBed> m_bed;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(UmockdevBed::underWrapper(), "run this test under umockdev-wrapper"); }
    void init() { m_bed = std::make_unique<UmockdevBed>(); }
    void cleanup() { m_bed.reset(); }

    void devlatchctlOnDiscoveredDevices()
    {
        TempLockDir locks;
        QVERIFY(m_bed->loadAll());
        TempConfig config("[General]\nhide=ttyS*\n\n[device.psu]\nid=usb:0403:6001:A50285BI\nalias=Bench PSU\n");

        const Finished list = ctl({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.err.isEmpty(), list.err.constData());
        QHash<QString, QJsonObject> listed;
        for (const QJsonValue &entry : devicesJson(list.out))
            listed.insert(entry.toObject().value(QStringLiteral("id")).toString(), entry.toObject());
        QCOMPARE(listed.size(), 7); // 8 discovered, ttyS0 hidden
        QCOMPARE(listed.value(kFtdi).value(QStringLiteral("name")).toString(), QStringLiteral("Bench PSU"));
        QCOMPARE(listed.value(kProbe).value(QStringLiteral("kind")).toString(), QStringLiteral("probe"));
        const QJsonArray probeNodes = listed.value(kProbe).value(QStringLiteral("nodes")).toArray();
        for (const char *node : {"/dev/ttyACM1", "/dev/hidraw0", "/dev/sdb", "/dev/bus/usb/001/096"})
            QVERIFY2(probeNodes.contains(QLatin1String(node)), node);
        const QString text = QString::fromUtf8(ctl({QStringLiteral("list")}).out);
        QVERIFY2(text.contains(QStringLiteral("usb:0403:6001:A50285BI (Bench PSU)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("usb:046d:0825:8A7B3C2D (Logitech")), qPrintable(text));

        // Claimed under one name, busy under every other.
        Helper holder;
        QVERIFY(holder.start(ctl(), {QStringLiteral("claim"), kFtdiById, QStringLiteral("--hold"), QStringLiteral("--note"), QStringLiteral("flashing")}));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.readAllStderr().constData());
        QString lockPath;
        for (const QString &name : {QStringLiteral("/dev/ttyUSB0"), kFtdiById, kFtdiByPath, kFtdi, QStringLiteral("psu"), QStringLiteral("Bench PSU")}) {
            const Finished status = ctl({QStringLiteral("status"), name});
            QVERIFY2(status.exitCode == 1, qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(status.out + status.err)));
            QVERIFY2(status.out.contains("held by devlatchctl (pid " + QByteArray::number(holder.pid()) + ")"), status.out.constData());
            const QJsonObject json = ctlJson({QStringLiteral("status"), name});
            QCOMPARE(json.value(QStringLiteral("id")).toString(), kFtdi);
            if (lockPath.isEmpty())
                lockPath = json.value(QStringLiteral("lockPath")).toString();
            QCOMPARE(json.value(QStringLiteral("lockPath")).toString(), lockPath);
        }
        QVERIFY(lockPath.endsWith(QStringLiteral("/usb_0403_6001_A50285BI-6d7d27d5e9b2fa1d.lock")));
        const Finished refused = ctl({QStringLiteral("claim"), QStringLiteral("/dev/ttyUSB0"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("Bench PSU is busy") && refused.err.contains(": flashing"), refused.err.constData());
        holder.stop();

        // Foreign use, found without opening the node: picocom-style flock on the tty, a
        // minicom-style UUCP lock, and a process that has the probe's tty open.
        Helper picocom;
        QVERIFY(startFlockHolder(picocom, QStringLiteral("/dev/ttyUSB0")));
        const Finished status = ctl({QStringLiteral("status"), QStringLiteral("psu")});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("usb:0403:6001:A50285BI (Bench PSU): in use by flock (pid " + QByteArray::number(picocom.pid())
                                     + ") locks /dev/ttyUSB0"),
                 status.out.constData());
        QVERIFY(status.out.contains(", not claimed through devlatch"));
        const QJsonObject json = ctlJson({QStringLiteral("status"), QStringLiteral("psu")});
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("in-use"));
        const QJsonObject use = json.value(QStringLiteral("foreignUse")).toArray().first().toObject();
        QCOMPARE(use.value(QStringLiteral("how")).toString(), QStringLiteral("lock"));
        QCOMPARE(use.value(QStringLiteral("pid")).toInteger(), picocom.pid());
        QCOMPARE(use.value(QStringLiteral("node")).toString(), QStringLiteral("/dev/ttyUSB0"));
        QVERIFY(ctl({QStringLiteral("who"), kFtdiByPath}).out.contains("outside devlatch: flock (pid " + QByteArray::number(picocom.pid()) + ") locks /dev/ttyUSB0"));
        // Claiming works (the lock is free) and warns.
        const Finished claim = ctl({QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(claim.exitCode, 0);
        QVERIFY2(claim.err.contains("is in use outside devlatch: flock (pid"), claim.err.constData());
        picocom.stop();

        QTemporaryDir uucp;
        qputenv("DEVLATCH_UUCP_LOCK_DIR", uucp.path().toLocal8Bit());
        Helper minicom;
        QVERIFY(minicom.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo ready; exec sleep 600")}));
        QVERIFY(!minicom.waitForLine("ready").isEmpty());
        QFile lck(uucp.filePath(QStringLiteral("LCK..ttyACM0")));
        QVERIFY(lck.open(QIODevice::WriteOnly));
        lck.write(QByteArray::number(minicom.pid()).rightJustified(10, ' ') + '\n');
        lck.close();
        QTRY_VERIFY2_WITH_TIMEOUT(ctl({QStringLiteral("status"), QStringLiteral("/dev/ttyACM0")}).out.contains(
                                      "in use by sleep (pid " + QByteArray::number(minicom.pid()) + ") holds the UUCP lock of /dev/ttyACM0"),
                                  ctl({QStringLiteral("status"), QStringLiteral("/dev/ttyACM0")}).out.constData(), 10000);
        minicom.stop();
        QCOMPARE(ctl({QStringLiteral("status"), QStringLiteral("/dev/ttyACM0")}).exitCode, 0); // a dead pid's lock is stale

        Helper reader;
        QVERIFY(reader.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo ready; exec sleep 600 < /dev/ttyACM1")}));
        QVERIFY(!reader.waitForLine("ready").isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(ctl({QStringLiteral("status"), kProbe}).out.contains(
                                      "in use by sleep (pid " + QByteArray::number(reader.pid()) + ") has /dev/ttyACM1 open"),
                                  ctl({QStringLiteral("status"), kProbe}).out.constData(), 10000);
    }

    void devlatchctlNeverOpensANode()
    {
        TempLockDir locks;
        QVERIFY(m_bed->loadAll());
        TempConfig config("[device.psu]\nid=usb:0403:6001:A50285BI\n");
        NodeOpenWatch watch(*m_bed);
        QVERIFY2(watch.watched().size() >= 12, qPrintable(watch.watched().join(u' ')));
        QCOMPARE(ctl({QStringLiteral("list")}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("status"), kFtdiById}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("who"), QStringLiteral("/dev/hidraw0")}).exitCode, 0);
        QVERIFY2(watch.openedNodes().isEmpty(), qPrintable(watch.openedNodes().join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlUdev)
#include "tst_devlatchctl_udev.moc"
