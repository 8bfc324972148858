// SPDX-License-Identifier: MIT
#include "TrayTestSupport.h"

#include "tray/DeviceListModel.h"
#include "tray/TrayMenu.h"

#include <QMenu>
#include <QSignalSpy>

#include <csignal>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::DeviceListModel;
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
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        QMenu *menu = trayMenu.menu();

        QCOMPARE(texts(menu), (QStringList{QStringLiteral("Bench PSU — Free"), QStringLiteral("J-Link — Free"),
                                           QStringLiteral("Rigol — Free"), QStringLiteral("Release all"), QStringLiteral("Devices…"),
                                           QStringLiteral("Settings…"), QStringLiteral("Start at login"),
                                           QStringLiteral("About devlatch"), QStringLiteral("Quit")}));
        QVERIFY(!find(menu, QStringLiteral("releaseAll"))->isEnabled());

        // Free: click claims.
        find(menu, QStringLiteral("device:psu"))->trigger();
        QCOMPARE(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::HeldByMe);
        QTRY_VERIFY(find(menu, QStringLiteral("device:psu"))->text().startsWith(QStringLiteral("Bench PSU — Yours"))); // kept current
        QVERIFY(find(menu, QStringLiteral("device:psu"))->text().startsWith(QStringLiteral("Bench PSU — Yours since ")));
        QVERIFY(find(menu, QStringLiteral("releaseAll"))->isEnabled());
        // Mine: click releases.
        find(menu, QStringLiteral("device:psu"))->trigger();
        QCOMPARE(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::Free);

        // Busy: a submenu with Claim when free / Notify when free.
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::Held, 5000);
        trayMenu.rebuild();
        QAction *busy = find(menu, QStringLiteral("device:scope"));
        QVERIFY2(busy->text().startsWith(QStringLiteral("Rigol — You, in devlatchctl (pid %1)").arg(holder.pid())),
                 qPrintable(busy->text()));
        QMenu *sub = busy->menu();
        QVERIFY(sub);
        QVERIFY(find(sub, QStringLiteral("notifyWhenFree")));
        find(sub, QStringLiteral("claimWhenFree"))->trigger();
        QVERIFY(controller->isQueued(QStringLiteral("scope")));
        trayMenu.rebuild();
        QVERIFY(find(menu, QStringLiteral("device:scope"))->text().startsWith(QStringLiteral("Rigol — Waiting — you are queued")));
        QVERIFY(find(find(menu, QStringLiteral("device:scope"))->menu(), QStringLiteral("cancelClaimWhenFree")));
        QCOMPARE(find(menu, QStringLiteral("releaseAll"))->text(), QStringLiteral("Release all and cancel 1 waiting claim"));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::HeldByMe, 10000);

        // Release all, Devices…, Settings…, About, Quit.
        trayMenu.rebuild();
        find(menu, QStringLiteral("releaseAll"))->trigger();
        QCOMPARE(controller->heldCount(), 0);
        QSignalSpy window(&trayMenu, &TrayMenu::devicesWindowRequested);
        QSignalSpy settings(&trayMenu, &TrayMenu::settingsRequested);
        QSignalSpy about(&trayMenu, &TrayMenu::aboutRequested);
        QSignalSpy quit(&trayMenu, &TrayMenu::quitRequested);
        find(menu, QStringLiteral("devices"))->trigger();
        find(menu, QStringLiteral("settings"))->trigger();
        find(menu, QStringLiteral("about"))->trigger();
        find(menu, QStringLiteral("quit"))->trigger();
        QCOMPARE(window.size(), 1);
        QCOMPARE(settings.size(), 1);
        QCOMPARE(about.size(), 1);
        QCOMPARE(quit.size(), 1);
    }

    void startAtLoginIsCheckable()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
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

    // Kept current as things change, also while open, but never rebuilt while open: clearing
    // an open popup closes it on X11 (a right-click within the rebuild delay of any change
    // opened nothing: tst_tray_e2e), and a StatusNotifierItem host shows the old layout and
    // then scrolls. While open, entries change in place; a new layout waits until it closes.
    void staysLiveAndIsNotRebuiltWhileOpen()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("scope=Rigol")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        QMenu *menu = trayMenu.menu();
        QAction *before = find(menu, QStringLiteral("device:psu"));
        const QList<QAction *> entries = menu->actions();
        menu->popup(QPoint(10, 10));
        QTRY_VERIFY(menu->isVisible());
        QCOMPARE(find(menu, QStringLiteral("device:psu")), before); // the same entries, not new ones

        // Another process claims psu while the menu is open: its line says so at once, in the
        // same entry, and the menu stays open with the entries it opened with.
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(before->text().contains(QStringLiteral("in devlatchctl")), 5000);
        QVERIFY(menu->isVisible());
        QCOMPARE(menu->actions(), entries);
        // A click on the stale entry acts on the device as it is now: refused, not a claim.
        before->trigger();
        QCOMPARE(controller->status(QStringLiteral("psu")).state, DeviceStatus::State::Held);

        // Closed: now psu becomes a submenu (Claim when free, Notify when free).
        menu->hide();
        QTRY_VERIFY_WITH_TIMEOUT(find(menu, QStringLiteral("device:psu")) && find(menu, QStringLiteral("device:psu"))->menu(), 5000);
        QVERIFY(find(find(menu, QStringLiteral("device:psu"))->menu(), QStringLiteral("claimWhenFree")));
    }

    // A change just before it opens (the rebuild still pending) does not rebuild it once open.
    void aChangeJustBeforeOpeningDoesNotRebuildItOpen()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("scope=Rigol")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        QMenu *menu = trayMenu.menu();
        QAction *scope = find(menu, QStringLiteral("device:scope"));
        controller->claim(QStringLiteral("scope")); // the model changes; the rebuild is pending
        menu->popup(QPoint(10, 10));
        QTRY_VERIFY(menu->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(scope->text().startsWith(QStringLiteral("Rigol — Yours")), 5000);
        QCOMPARE(find(menu, QStringLiteral("device:scope")), scope);
        QVERIFY(menu->isVisible());
        scope->trigger(); // now a release
        QCOMPARE(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::Free);
        menu->hide();
    }

    // Rebuilds delete the submenus of busy devices too (QMenu::clear() leaves them).
    void rebuildsLeaveNoSubmenusBehind()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("scope=Rigol")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("scope")).state, DeviceStatus::State::Held, 5000);
        trayMenu.rebuild();
        const qsizetype submenus = trayMenu.menu()->findChildren<QMenu *>().size();
        QVERIFY(submenus >= 1);
        for (int i = 0; i < 50; ++i)
            trayMenu.rebuild();
        QCOMPARE(trayMenu.menu()->findChildren<QMenu *>().size(), submenus);
    }

    void manyDevicesShowWhatMatters()
    {
        QStringList devices;
        for (int i = 0; i < 40; ++i)
            devices << QStringLiteral("dev%1=Device %2").arg(i, 2, 10, QLatin1Char('0')).arg(i, 2, 10, QLatin1Char('0'));
        TrayWorld world(devices);
        auto controller = world.controller();
        QVERIFY(controller->claim(QStringLiteral("dev37")).ok);
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("dev21"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status(QStringLiteral("dev21")).state, DeviceStatus::State::Held, 5000);
        controller->settings().touch(QStringLiteral("dev05"));
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        int deviceLines = 0;
        for (QAction *action : trayMenu.menu()->actions())
            deviceLines += action->objectName().startsWith(QStringLiteral("device:"));
        QCOMPARE(deviceLines, controller->settings().menuSize());
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev37"))); // mine
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev21"))); // busy
        QVERIFY(find(trayMenu.menu(), QStringLiteral("device:dev05"))); // recently used
        QVERIFY(texts(trayMenu.menu()).contains(QStringLiteral("%1 more in Devices…").arg(40 - deviceLines)));
        // The menu size is a setting.
        controller->settings().setMenuSize(5);
        trayMenu.rebuild();
        QCOMPARE(trayMenu.shownDevices().size(), 5);
    }

    // 32 discovered devices and no history: the menu still lists devices (up to its size)
    // and says how many more there are, instead of none at all.
    void manyDevicesWithoutHistoryStillListSome()
    {
        QStringList devices;
        for (int i = 0; i < 32; ++i)
            devices << QStringLiteral("tty%1=Serial port ttyUSB%1").arg(i);
        TrayWorld world(devices);
        auto controller = world.controller();
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        QCOMPARE(trayMenu.shownDevices().size(), controller->settings().menuSize());
        QVERIFY(texts(trayMenu.menu()).contains(QStringLiteral("%1 more in Devices…").arg(32 - controller->settings().menuSize())));
    }

    // Long names and notes are elided to a width; the whole line is in the tooltip.
    void longTextIsElided()
    {
        const QString longName = QStringLiteral("Bench %1 end").arg(QString(200, u'x'));
        TrayWorld world({QStringLiteral("long=") + longName});
        auto controller = world.controller();
        QVERIFY(controller->claim(QStringLiteral("long")).ok);
        controller->setNote(QStringLiteral("long"), QString(500, u'n'), false);
        DeviceListModel model(*controller);
        TrayMenu trayMenu(*controller, model);
        QAction *line = find(trayMenu.menu(), QStringLiteral("device:long"));
        const QFontMetrics metrics(trayMenu.menu()->font());
        QVERIFY2(metrics.horizontalAdvance(line->text()) <= TrayMenu::kNameWidth + TrayMenu::kDescriptionWidth + 50,
                 qPrintable(line->text()));
        QVERIFY(line->text().startsWith(QStringLiteral("Bench xxx")));
        QVERIFY(line->text().contains(QStringLiteral("…")));
        QVERIFY(line->toolTip().contains(longName));
        QVERIFY(line->toolTip().contains(QString(500, u'n')));
    }
};

QTEST_MAIN(TestTrayMenu)
#include "tst_traymenu.moc"
