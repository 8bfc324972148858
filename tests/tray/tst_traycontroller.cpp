#include "TrayTestSupport.h"

#include "Notifier.h"
#include "arbiter/StateTracker.h"

#include <QSignalSpy>

#include <csignal>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::TrayController;

class TestTrayController final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TrayWorld> m_world;
    std::unique_ptr<TrayController> m_controller;

    void holdElsewhere(Helper &helper, const QString &device, const QString &note = {})
    {
        QVERIFY(helper.start(QStringLiteral(DEVLATCH_CTL), QStringList{QStringLiteral("claim"), device, QStringLiteral("--hold")}
                                                              + (note.isEmpty() ? QStringList() : QStringList{QStringLiteral("--note"), note})));
        QVERIFY(!helper.waitForLine("holding").isEmpty());
    }
    DeviceStatus::State state(const QString &id) const { return m_controller->status(id).state; }

private Q_SLOTS:
    void init()
    {
        m_world = std::make_unique<TrayWorld>(QStringList{QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link"),
                                                          QStringLiteral("scope=Rigol")});
        m_controller = m_world->controller();
    }
    void cleanup()
    {
        m_controller.reset();
        m_world.reset();
    }

    void startsWithConfiguredDevicesAllFree()
    {
        QCOMPARE(m_controller->statuses().size(), 3);
        for (const DeviceStatus &s : m_controller->statuses())
            QCOMPARE(s.state, DeviceStatus::State::Free);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Idle);
        QCOMPARE(m_controller->tooltip(), QStringLiteral("devlatch: 0 held by you · 0 busy · 3 free"));
        QCOMPARE(m_controller->displayName(QStringLiteral("psu")), QStringLiteral("Bench PSU"));
    }

    void claimAndReleaseAreRealLocks()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")));
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Holding);
        QVERIFY(m_controller->describeState(m_controller->status(QStringLiteral("psu"))).startsWith(QStringLiteral("Yours since ")));
        // Another process sees it, with us as the holder.
        const Finished seen = run(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("status"), QStringLiteral("psu")});
        QCOMPARE(seen.exitCode, 1);
        QVERIFY2(seen.out.contains("held by devlatch (pid " + QByteArray::number(QCoreApplication::applicationPid()) + ")"),
                 seen.out.constData());
        m_controller->release(QStringLiteral("psu"));
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::Free);
        QCOMPARE(run(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 0);
    }

    void otherProcessesShowUpWithoutPolling()
    {
        QSignalSpy changed(m_controller.get(), &TrayController::deviceChanged);
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"), QStringLiteral("flashing"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Held, 5000);
        const QString text = m_controller->describeState(m_controller->status(QStringLiteral("probe")));
        QVERIFY2(text.startsWith(QStringLiteral("Held by user ")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(": devlatchctl (pid %1) since ").arg(holder.pid())));
        QVERIFY(text.endsWith(QStringLiteral("(flashing)")));
        QVERIFY(changed.contains({QStringLiteral("probe")}));
        QCOMPARE(m_controller->tooltip(), QStringLiteral("devlatch: 0 held by you · 1 busy · 2 free"));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Free, 5000);
    }

    void foreignFlockHolderIsNamed()
    {
        Helper flockHolder;
        QDir().mkpath(m_world->lockDir());
        const QString file = m_controller->status(QStringLiteral("scope")).lockPath;
        QVERIFY(startFlockHolder(flockHolder, file));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::HeldForeign, 5000);
        QCOMPARE(m_controller->describeState(m_controller->status(QStringLiteral("scope"))),
                 QStringLiteral("In use outside devlatch by flock (pid %1)").arg(flockHolder.pid()));
    }

    void refusedClaimNotifiesAndRaisesAttention()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QVERIFY(!m_controller->claim(QStringLiteral("psu")));
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Bench PSU is busy"));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("devlatchctl (pid %1)").arg(holder.pid())));
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        m_controller->acknowledgeAttention();
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Idle);
    }

    void claimWhenFreeIsGrantedTheMomentItFrees()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Held, 5000);
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        m_controller->claimWhenFree(QStringLiteral("psu"));
        QVERIFY(m_controller->isQueued(QStringLiteral("psu")));
        QVERIFY(m_controller->tooltip().endsWith(QStringLiteral(" · 1 waiting")));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe, 10000);
        // The lock directory may report the grant before the waiting thread's result arrives.
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isQueued(QStringLiteral("psu")), 5000);
        QTRY_VERIFY(!notified.isEmpty());
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("Bench PSU is yours"));
        const Finished seen = run(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("status"), QStringLiteral("psu")});
        QVERIFY(seen.out.contains("held by devlatch (pid " + QByteArray::number(QCoreApplication::applicationPid())));
    }

    void queuedClaimCanBeCancelled()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Held, 5000);
        m_controller->claimWhenFree(QStringLiteral("psu"));
        QVERIFY(m_controller->isQueued(QStringLiteral("psu")));
        m_controller->cancelClaimWhenFree(QStringLiteral("psu"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isQueued(QStringLiteral("psu")), 5000);
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Free, 5000);
    }

    void abandonedPreviousHolderIsReported()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"));
        const qint64 pid = holder.pid();
        holder.signal(SIGKILL);
        holder.waitForExit();
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QVERIFY(m_controller->claim(QStringLiteral("probe")));
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(1).toString(),
                 QStringLiteral("Its previous holder, devlatchctl (pid %1), ended without releasing it.").arg(pid));
    }

    void notifyWhenFree()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("scope"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        m_controller->notifyWhenFree(QStringLiteral("scope"));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 5000);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Rigol is free"));
        QVERIFY(!m_controller->isWatchedForFree(QStringLiteral("scope")));
        QCOMPARE(state(QStringLiteral("scope")), DeviceStatus::State::Free); // told, not claimed
    }

    void noteAndAlias()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")));
        m_controller->setNote(QStringLiteral("psu"), QStringLiteral("soak test until 18:00"));
        const Finished who = run(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("who"), QStringLiteral("psu")});
        QVERIFY2(who.out.contains("soak test until 18:00"), who.out.constData());
        m_controller->setAlias(QStringLiteral("psu"), QStringLiteral("Left PSU"));
        QCOMPARE(m_controller->displayName(QStringLiteral("psu")), QStringLiteral("Left PSU"));
        // Both persist in the tray's settings.
        tray::TraySettings reread(m_world->settingsPath());
        QCOMPARE(reread.alias(QStringLiteral("psu")), QStringLiteral("Left PSU"));
        QCOMPARE(reread.note(QStringLiteral("psu")), QStringLiteral("soak test until 18:00"));
    }

    void claimAtLoginClaimsMarkedDevices()
    {
        m_controller->setClaimAtLogin(QStringLiteral("probe"), true);
        m_controller->setClaimAtLogin(QStringLiteral("scope"), true);
        Helper holder;
        holdElsewhere(holder, QStringLiteral("scope"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        QCOMPARE(m_controller->claimAtLogin(), 1);
        QCOMPARE(state(QStringLiteral("probe")), DeviceStatus::State::HeldByMe);
        QVERIFY2(m_controller->isQueued(QStringLiteral("scope")), "a busy login device is claimed the moment it frees");
    }

    void releaseAllAndDestructionRelease()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")));
        QVERIFY(m_controller->claim(QStringLiteral("probe")));
        QCOMPARE(m_controller->heldCount(), 2);
        m_controller->releaseAll();
        QCOMPARE(m_controller->heldCount(), 0);
        QVERIFY(m_controller->claim(QStringLiteral("scope")));
        m_controller.reset();
        QCOMPARE(run(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("status"), QStringLiteral("scope")}).exitCode, 0);
    }

    // A held device that disappears from the device list (unplugged; here: taken out of the
    // configuration, which drives the same path without udev) stays listed and held.
    void heldDeviceThatDisappearsStaysListedAsUnplugged()
    {
        QVERIFY(m_controller->claim(QStringLiteral("probe")));
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[device.psu]\nname=Bench PSU\n[device.scope]\nname=Rigol\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->status(QStringLiteral("probe")).device.present, 5000);
        QCOMPARE(m_controller->status(QStringLiteral("probe")).state, DeviceStatus::State::HeldByMe);
        QVERIFY(m_controller->describeState(m_controller->status(QStringLiteral("probe"))).startsWith(QStringLiteral("Unplugged (Yours since ")));
        QTRY_VERIFY(!notified.isEmpty());
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("J-Link was unplugged"));
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
    }

    void configEditsAreFollowed()
    {
        QSignalSpy reset(m_controller.get(), &TrayController::devicesReset);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::Append));
        file.write("[device.camera]\nname=UVC camera\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->tracker().contains(QStringLiteral("camera")), 5000);
        QCOMPARE(m_controller->statuses().size(), 4);
    }
};

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
