// SPDX-License-Identifier: MIT
// The tray's lab scope against real etcd, offscreen: the menu's Lab section and the window's
// Lab box over one LabListModel, a peer devlatchctl on "another host", the queue, the
// connection lost and back. Never "Free" while the lab cannot be read.

#include "EtcdFixture.h"
#include "TrayTestSupport.h"

#include "tray/DeviceListModel.h"
#include "tray/DevicesWindow.h"
#include "tray/LabController.h"
#include "tray/LabDevicesBox.h"
#include "tray/LabListModel.h"
#include "tray/Notifier.h"
#include "tray/TrayApp.h"
#include "tray/TrayController.h"
#include "tray/TrayMenu.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QUrl>

#include <csignal>

using namespace devlatch;
using namespace devlatch::test;

class TestLabTray final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EtcdCluster> m_etcd;

    static QString stateOf(tray::LabListModel &model, const QString &device)
    {
        const int row = model.rowOf(device);
        return row < 0 ? QString() : model.view(row).stateText;
    }
    static QAction *find(QMenu *menu, const QString &name)
    {
        for (QAction *action : menu->actions()) {
            if (action->objectName() == name)
                return action;
            if (action->menu())
                if (QAction *inner = find(action->menu(), name))
                    return inner;
        }
        return nullptr;
    }
    static QStringList lab(const QStringList &arguments) { return QStringList{QStringLiteral("--scope"), QStringLiteral("lab")} + arguments; }

private Q_SLOTS:
    void initTestCase()
    {
        m_etcd = std::make_unique<EtcdCluster>();
        DEVLATCH_START_SINGLE_ETCD(*m_etcd);
        qputenv("DEVLATCH_LAB_ENDPOINTS", m_etcd->endpoints().toUtf8());
        qputenv("DEVLATCH_LAB_TTL", "2");
    }

    void menuAndWindowShowTheLabAndClaimInIt()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        {
            QFile config(world.root() + QStringLiteral("/config/devlatch/devlatch.conf"));
            QVERIFY(config.open(QIODevice::Append));
            config.write("[lab]\ndevices=dut-a\n");
        }
        auto controller = world.controller();
        tray::LabController *labController = controller->lab();
        QVERIFY(labController);
        tray::LabListModel &model = *controller->labModel();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-a")), QStringLiteral("Free"));
        tray::DeviceListModel local(*controller);
        tray::TrayMenu menu(*controller, local);
        QTRY_VERIFY(find(menu.menu(), QStringLiteral("lab:dut-a")));
        QVERIFY(find(menu.menu(), QStringLiteral("labHeader"))->text().startsWith(QStringLiteral("Lab (127.0.0.1:")));

        // Click: it is ours, and a peer on another host is refused, naming us.
        find(menu.menu(), QStringLiteral("lab:dut-a"))->trigger();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-a")), QStringLiteral("Yours"));
        qputenv("DEVLATCH_LAB_HOST", "bench-b");
        const Finished busy = run(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-a"), QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains("devlatch (pid " + QByteArray::number(QCoreApplication::applicationPid())), busy.err);

        // A peer's claim shows with user@host and its max hold; "Wait in the queue" queues us.
        Helper peer;
        QVERIFY(peer.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-b"), QStringLiteral("--hold"),
                                                               QStringLiteral("--max-hold"), QStringLiteral("1h"), QStringLiteral("--note"),
                                                               QStringLiteral("soak test")})));
        QVERIFY(!peer.waitForLine("holding").isEmpty());
        qunsetenv("DEVLATCH_LAB_HOST");
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-b")), QStringLiteral("Held"));
        const tray::DeviceView held = model.view(model.rowOf(QStringLiteral("dut-b")));
        QVERIFY2(held.holder.contains(QStringLiteral("@bench-b")) && held.description.contains(QStringLiteral("until ")), qPrintable(held.description));
        QCOMPARE(held.note, QStringLiteral("soak test"));
        QTRY_VERIFY(find(menu.menu(), QStringLiteral("labWait")));
        find(menu.menu(), QStringLiteral("labWait"))->trigger();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-b")), QStringLiteral("Waiting (1st)"));
        peer.signal(SIGTERM);
        QCOMPARE(peer.waitForExit(), 0);
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-b")), QStringLiteral("Yours"));
        QVERIFY(controller->notifier().history().join(u'\n').contains(QStringLiteral("dut-b is yours now")));

        // The window's Lab box shows the same rows and releases on Enter/double-click.
        tray::DevicesWindow window(*controller, local);
        auto *box = window.findChild<tray::LabDevicesBox *>();
        QVERIFY(box);
        QCOMPARE(box->table()->model()->rowCount(), model.rowCount());
        QVERIFY(box->selectDevice(QStringLiteral("dut-b")));
        QPushButton *claim = box->findChild<QPushButton *>(QStringLiteral("labClaim"));
        QCOMPARE(claim->text(), QStringLiteral("Release"));
        claim->click();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-b")), QStringLiteral("Free"));

        // Release all includes the lab.
        controller->releaseAll();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-a")), QStringLiteral("Free"));
        QCOMPARE(run(TestPaths::ctl(), lab({QStringLiteral("status"), QStringLiteral("dut-a")})).exitCode, 0);
    }

    // The lab's cluster wiped and made anew behind the same address: its revisions start over,
    // and a watch resumed from the old cluster's revision would wait for ever (etcd accepts a
    // future revision silently) while the tray shows the old queues. It reads anew instead.
    void aClusterMadeAnewIsReadAfreshNotWatchedFromAnOldRevision()
    {
        EtcdCluster fresh;
        QString error;
        QVERIFY2(fresh.start(1, error), qPrintable(error));
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd->clientUrl(0)).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        const QByteArray direct = m_etcd->endpoints().toUtf8();
        qputenv("DEVLATCH_LAB_ENDPOINTS", "http://127.0.0.1:" + ready.mid(6));
        TrayWorld world({});
        {
            QFile config(world.root() + QStringLiteral("/config/devlatch/devlatch.conf"));
            QVERIFY(config.open(QIODevice::Append));
            config.write("[lab]\ndevices=dut-w\n");
        }
        auto controller = world.controller();
        tray::LabListModel &model = *controller->labModel();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Free"));
        // Someone holds it in the old cluster, whose revision is well ahead of the new one's.
        for (int i = 0; i < 30; ++i)
            etcdRequest(m_etcd->clientUrl(0) + QStringLiteral("/v3/kv/put"),
                        "{\"key\":\"" + QByteArray("/other/" + QByteArray::number(i)).toBase64() + "\",\"value\":\"eA==\"}");
        qputenv("DEVLATCH_LAB_ENDPOINTS", direct);
        qputenv("DEVLATCH_LAB_HOST", "bench-old");
        Helper oldHolder;
        QVERIFY(oldHolder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-w"), QStringLiteral("--hold")})));
        QVERIFY(!oldHolder.waitForLine("holding").isEmpty());
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Held"));
        // The address now leads to the new cluster, where nobody holds it.
        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        proxy.write("target " + QByteArray::number(QUrl(fresh.clientUrl(0)).port()) + "\n");
        QVERIFY(!proxy.waitForLine("target").isEmpty());
        proxy.write("restore\n");
        QVERIFY(!proxy.waitForLine("restore").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Free"), 15000);
        // And it follows the new cluster from then on.
        qputenv("DEVLATCH_LAB_ENDPOINTS", fresh.endpoints().toUtf8());
        qputenv("DEVLATCH_LAB_HOST", "bench-new");
        Helper newHolder;
        QVERIFY(newHolder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-w"), QStringLiteral("--hold")})));
        QVERIFY(!newHolder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Held"), 15000);
        QVERIFY(model.view(model.rowOf(QStringLiteral("dut-w"))).holder.contains(QStringLiteral("@bench-new")));
        qunsetenv("DEVLATCH_LAB_HOST");
        qputenv("DEVLATCH_LAB_ENDPOINTS", direct);
    }

    // A waiter ahead of the tray killed in the queue never held the device: the notification
    // says so, not that "its previous holder vanished", which would send someone looking for
    // a board that was never touched.
    void aWaiterAheadThatDiedIsNotCalledTheHolder()
    {
        TrayWorld world({});
        {
            QFile config(world.root() + QStringLiteral("/config/devlatch/devlatch.conf"));
            QVERIFY(config.open(QIODevice::Append));
            config.write("[lab]\ndevices=dut-q\n");
        }
        auto controller = world.controller();
        tray::LabListModel &model = *controller->labModel();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Free"));
        qputenv("DEVLATCH_LAB_HOST", "bench-q");
        Helper holder, waiter;
        QVERIFY(holder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-q"), QStringLiteral("--hold")})));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QVERIFY(waiter.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-q"), QStringLiteral("--wait"), QStringLiteral("--hold")})));
        QVERIFY2(waiter.waitForStderr("waiting for dut-q"), waiter.stderrSoFar());
        qunsetenv("DEVLATCH_LAB_HOST");
        tray::DeviceListModel local(*controller);
        tray::TrayMenu menu(*controller, local);
        // dut-q's own "Wait in the queue": other tests' devices may be in the menu too.
        const auto waitFor = [&]() -> QAction * {
            QAction *device = find(menu.menu(), QStringLiteral("lab:dut-q"));
            return device && device->menu() ? find(device->menu(), QStringLiteral("labWait")) : nullptr;
        };
        QTRY_VERIFY(waitFor());
        waitFor()->trigger();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Waiting (2nd)"));
        // The waiter dies first; the holder releases while the dead waiter's lease still runs.
        waiter.signal(SIGKILL);
        QCOMPARE(waiter.waitForExit(), 128 + 9);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Yours"), 15000);
        const QString said = controller->notifier().history().join(u'\n');
        QVERIFY2(said.contains(QStringLiteral("dut-q is yours now; the waiter ahead of you vanished before its turn came."))
                     && !said.contains(QStringLiteral("previous holder")),
                 qPrintable(said));
        controller->releaseAll();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Free"));
    }

    // Quitting (the menu's Quit, the window's, SIGTERM at logout) ends the lab's claims on the
    // server before the process ends: a peer gets the device at once, not once the lease has
    // run out. Until then the tray counts them as it counts local ones: the icon, the tooltip,
    // what Quit asks about, --state.
    void quittingEndsLabClaimsOnTheServerAtOnce()
    {
        qputenv("DEVLATCH_LAB_TTL", "60"); // an expiry cannot pass for a release here
        TrayWorld world({});
        {
            QFile config(world.root() + QStringLiteral("/config/devlatch/devlatch.conf"));
            QVERIFY(config.open(QIODevice::Append));
            config.write("[lab]\ndevices=dut-q,dut-w\n");
        }
        auto controller = world.controller();
        qputenv("DEVLATCH_LAB_TTL", "2");
        tray::LabListModel &model = *controller->labModel();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Free"));
        QCOMPARE(controller->trayState(), tray::Icons::TrayState::Idle);

        // A peer holds dut-w; the tray waits behind it: Release all offers to leave that queue.
        qputenv("DEVLATCH_LAB_HOST", "bench-b");
        Helper peer;
        QVERIFY(peer.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-w"), QStringLiteral("--hold")})));
        QVERIFY(!peer.waitForLine("holding").isEmpty());
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Held"));
        controller->lab()->waitInQueue(QStringLiteral("dut-w"));
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-w")), QStringLiteral("Waiting (1st)"));
        QCOMPARE(controller->labWaitingCount(), 1);
        QVERIFY2(controller->tooltip().contains(QStringLiteral("1 waiting")), qPrintable(controller->tooltip()));
        {
            tray::DeviceListModel local(*controller);
            tray::TrayMenu menu(*controller, local);
            QTRY_VERIFY(find(menu.menu(), QStringLiteral("releaseAll")));
            QAction *releaseAll = find(menu.menu(), QStringLiteral("releaseAll"));
            QVERIFY(releaseAll->isEnabled());
            QCOMPARE(releaseAll->text(), QStringLiteral("Release all and cancel 1 waiting claim"));
        }

        controller->lab()->claim(QStringLiteral("dut-q"));
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-q")), QStringLiteral("Yours"));
        QCOMPARE(controller->heldNames(), QStringList{QStringLiteral("dut-q (lab)")});
        QCOMPARE(controller->trayState(), tray::Icons::TrayState::Holding);
        QVERIFY2(controller->tooltip().contains(QStringLiteral("1 held by you")), qPrintable(controller->tooltip()));

        {
            tray::TrayApp app(*controller, {});
            const QJsonObject state = QJsonDocument::fromJson(app.stateJson()).object();
            QCOMPARE(state.value(QStringLiteral("tray")).toString(), QStringLiteral("holding"));
            const QJsonArray labDevices = state.value(QStringLiteral("lab")).toArray();
            QStringList shown;
            for (const QJsonValue &device : labDevices)
                shown << device[QStringLiteral("id")].toString() + u'=' + device[QStringLiteral("stateText")].toString();
            QCOMPARE(shown, (QStringList{QStringLiteral("dut-q=Yours"), QStringLiteral("dut-w=Waiting (1st)")}));
        }

        bool done = false;
        controller->shutDown([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        // Free on the server now: a claim from another host that does not wait gets it.
        const Finished taken = run(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-q"), QStringLiteral("--"), QStringLiteral("true")}));
        QVERIFY2(taken.exitCode == 0, taken.err);
        // And the queue behind the peer is empty again: its release goes to nobody.
        const Finished queue = run(TestPaths::ctl(), lab({QStringLiteral("status"), QStringLiteral("dut-w"), QStringLiteral("--json")}));
        const QJsonObject device = QJsonDocument::fromJson(queue.out).object().value(QStringLiteral("device")).toObject();
        QVERIFY2(device.value(QStringLiteral("state")).toString() == QStringLiteral("held"), queue.out);
        QCOMPARE(device.value(QStringLiteral("queue")).toArray().size(), 1);
        qunsetenv("DEVLATCH_LAB_HOST");
        peer.signal(SIGTERM);
        QCOMPARE(peer.waitForExit(), 0);
    }

    void aLostConnectionIsUnknownNeverFreeAndIsSaid()
    {
        TrayWorld world({});
        {
            QFile config(world.root() + QStringLiteral("/config/devlatch/devlatch.conf"));
            QVERIFY(config.open(QIODevice::Append));
            config.write("[lab]\ndevices=dut-c\n");
        }
        auto controller = world.controller();
        tray::LabListModel &model = *controller->labModel();
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-c")), QStringLiteral("Free"));
        m_etcd.reset(); // the whole cluster goes away
        QTRY_VERIFY_WITH_TIMEOUT(controller->notifier().history().join(u'\n').contains(QStringLiteral("Lab connection lost")), 15000);
        QTRY_COMPARE(stateOf(model, QStringLiteral("dut-c")), QStringLiteral("Unknown"));
        QVERIFY(!controller->lab()->problem().isEmpty());
        tray::DeviceListModel local(*controller);
        tray::TrayMenu menu(*controller, local);
        QVERIFY(find(menu.menu(), QStringLiteral("labHeader"))->text().contains(QStringLiteral(" — ")));
        // Quitting is not held up by a lab that does not answer.
        bool done = false;
        controller->shutDown([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

    void noLabConfiguredMeansNoLabSection()
    {
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        QVERIFY(!controller->lab());
        tray::DeviceListModel local(*controller);
        tray::TrayMenu menu(*controller, local);
        QVERIFY(!find(menu.menu(), QStringLiteral("labHeader")));
        tray::DevicesWindow window(*controller, local);
        QVERIFY(!window.findChild<tray::LabDevicesBox *>());
    }
};

QTEST_MAIN(TestLabTray)
#include "tst_labtray.moc"
