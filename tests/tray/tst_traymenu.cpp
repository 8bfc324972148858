#include "TrayTestSupport.h"

#include "TrayMenu.h"

#include <QMenu>
#include <QSignalSpy>

#include <csignal>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::TrayController;
using devlatch::tray::TrayMenu;

class TestTrayMenu final : public QObject {
    Q_OBJECT

private:
    static QAction *find(QMenu *menu, const QString &name)
    {
        for (QAction *action : menu->actions())
            if (action->objectName() == name)
                return action;
        return nullptr;
    }
    static QStringList texts(QMenu *menu)
    {
        QStringList list;
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                list << action->text();
        return list;
    }

private Q_SLOTS:
    void everyStateInWordsAndItsAction()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link"), QStringLiteral("scope=Rigol")});
        auto controller = world.controller();
        TrayMenu trayMenu(*controller);
        QMenu *menu = trayMenu.menu();

        QCOMPARE(texts(menu), (QStringList{QStringLiteral("Bench PSU — Free"), QStringLiteral("J-Link — Free"),
                                           QStringLiteral("Rigol — Free"), QStringLiteral("Release all"), QStringLiteral("Devices…"),
                                           QStringLiteral("Start at login"), QStringLiteral("Quit")}));
        QVERIFY(!find(menu, QStringLiteral("releaseAll"))->isEnabled());

        // Free: click claims.
        find(menu, QStringLiteral("device:psu"))->trigger();
        QCOMPARE(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::HeldByMe);
        trayMenu.rebuild();
        QVERIFY(find(menu, QStringLiteral("device:psu"))->text().startsWith(QStringLiteral("Bench PSU — Yours since ")));
        QVERIFY(find(menu, QStringLiteral("releaseAll"))->isEnabled());
        // Mine: click releases.
        find(menu, QStringLiteral("device:psu"))->trigger();
        QCOMPARE(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::Free);

        // Busy: a submenu with Claim when free / Notify when free.
        Helper holder;
        QVERIFY(holder.start(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::Held, 5000);
        trayMenu.rebuild();
        QAction *busy = find(menu, QStringLiteral("device:scope"));
        QVERIFY(busy->text().startsWith(QStringLiteral("Rigol — Held by user ")));
        QVERIFY(busy->text().contains(QStringLiteral("devlatchctl (pid %1)").arg(holder.pid())));
        QMenu *sub = busy->menu();
        QVERIFY(sub);
        QVERIFY(find(sub, QStringLiteral("notifyWhenFree")));
        find(sub, QStringLiteral("claimWhenFree"))->trigger();
        QVERIFY(controller->isQueued(QStringLiteral("scope")));
        trayMenu.rebuild();
        QVERIFY(find(find(menu, QStringLiteral("device:scope"))->menu(), QStringLiteral("cancelClaimWhenFree")));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::HeldByMe, 10000);

        // Release all, Devices…, Quit (the menu is rebuilt each time it opens).
        trayMenu.rebuild();
        find(menu, QStringLiteral("releaseAll"))->trigger();
        QCOMPARE(controller->heldCount(), 0);
        QSignalSpy window(&trayMenu, &TrayMenu::devicesWindowRequested);
        QSignalSpy quit(&trayMenu, &TrayMenu::quitRequested);
        find(menu, QStringLiteral("devices"))->trigger();
        find(menu, QStringLiteral("quit"))->trigger();
        QCOMPARE(window.size(), 1);
        QCOMPARE(quit.size(), 1);
    }

    void startAtLoginIsCheckable()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        TrayMenu trayMenu(*controller);
        QAction *autostart = find(trayMenu.menu(), QStringLiteral("startAtLogin"));
        QVERIFY(autostart->isCheckable());
        QVERIFY(!autostart->isChecked());
        autostart->trigger();
        QVERIFY(QFile::exists(world.autostartPath()));
        trayMenu.rebuild();
        QVERIFY(find(trayMenu.menu(), QStringLiteral("startAtLogin"))->isChecked());
        find(trayMenu.menu(), QStringLiteral("startAtLogin"))->trigger();
        QVERIFY(!QFile::exists(world.autostartPath()));
    }

    void staysLiveWhileOpen()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        TrayMenu trayMenu(*controller);
        trayMenu.menu()->popup(QPoint(10, 10));
        QTRY_VERIFY(trayMenu.menu()->isVisible());
        Helper holder;
        QVERIFY(holder.start(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(find(trayMenu.menu(), QStringLiteral("device:psu"))->text().contains(QStringLiteral("Held by")), 5000);
        trayMenu.menu()->hide();
    }

    void manyDevicesShowWhatMatters()
    {
        QStringList devices;
        for (int i = 0; i < 40; ++i)
            devices << QStringLiteral("dev%1=Device %2").arg(i, 2, 10, QLatin1Char('0')).arg(i, 2, 10, QLatin1Char('0'));
        TrayWorld world(devices);
        auto controller = world.controller();
        QVERIFY(controller->claim(QStringLiteral("dev37")));
        Helper holder;
        QVERIFY(holder.start(QStringLiteral(DEVLATCH_CTL), {QStringLiteral("claim"), QStringLiteral("dev21"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("dev21")).state, DeviceStatus::State::Held, 5000);
        controller->settings().touch(QStringLiteral("dev05"));
        TrayMenu trayMenu(*controller);
        int deviceLines = 0;
        for (QAction *action : trayMenu.menu()->actions())
            deviceLines += action->objectName().startsWith(QStringLiteral("device:"));
        QVERIFY(deviceLines <= TrayMenu::kMaxDevices);
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev37"))); // mine
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev21"))); // busy
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev05"))); // recently used
        QVERIFY(texts(trayMenu.menu()).contains(QStringLiteral("%1 more in Devices…").arg(40 - deviceLines)));
    }
};

QTEST_MAIN(TestTrayMenu)
#include "tst_traymenu.moc"
