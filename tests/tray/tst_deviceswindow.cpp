// SPDX-License-Identifier: MIT
// The Devices window as a person uses it: a readable layout that is remembered, selection
// and focus that stay on the row, the keyboard, the context menu, and a message line that
// says what an action did or why not.

#include "TrayTestSupport.h"

#include "tray/DeviceActions.h"
#include "tray/DeviceListModel.h"
#include "tray/DevicesWindow.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QToolButton>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::DeviceListModel;
using devlatch::tray::DevicesWindow;

class TestDevicesWindow final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TrayWorld> m_world;
    std::unique_ptr<tray::TrayController> m_controller;
    std::unique_ptr<DeviceListModel> m_model;

    std::unique_ptr<DevicesWindow> openWindow()
    {
        auto window = std::make_unique<DevicesWindow>(*m_controller, *m_model);
        window->show();
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window.get()))
            qWarning("the window did not become active");
        return window;
    }
    static QToolButton *button(DevicesWindow &window, const char *action)
    {
        return window.findChild<QToolButton *>(QLatin1String(action) + QStringLiteral("Button"));
    }
    DeviceStatus::State state(const QString &id) const { return m_controller->status(id).state; }

private Q_SLOTS:
    void init()
    {
        m_world = std::make_unique<TrayWorld>(QStringList{QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link"),
                                                          QStringLiteral("scope=Rigol")});
        m_controller = m_world->controller();
        m_model = std::make_unique<DeviceListModel>(*m_controller);
    }
    void cleanup()
    {
        m_model.reset();
        m_controller.reset();
        m_world.reset();
    }

    void filtersByAnyColumn()
    {
        auto window = openWindow();
        QCOMPARE(window->table()->model()->rowCount(), 3);
        window->setFilterText(QStringLiteral("rig"));
        QCOMPARE(window->table()->model()->rowCount(), 1);
        window->setFilterText(QStringLiteral("free"));
        QCOMPARE(window->table()->model()->rowCount(), 3);
        window->setFilterText(QString());
    }

    // Item 6: at the default size the state is readable and one long name does not push the
    // other columns away; sizes and column layout are remembered.
    void layoutIsReadableAndRemembered()
    {
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::Append));
        file.write(QStringLiteral("[device.long]\nname=%1\n").arg(QString(300, u'L')).toUtf8());
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, 5000);
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        auto window = openWindow();
        QHeaderView *header = window->table()->horizontalHeader();
        const QFontMetrics metrics(window->table()->font());
        QVERIFY(header->sectionSize(DeviceListModel::State) >= metrics.horizontalAdvance(QStringLiteral("Yours, unplugged")));
        // Every column but the stretched last one starts inside the window.
        for (int column = 0; column < DeviceListModel::Nodes; ++column)
            QVERIFY2(header->sectionViewportPosition(column) < window->table()->viewport()->width(), qPrintable(QString::number(column)));
        QCOMPARE(window->table()->textElideMode(), Qt::ElideMiddle);
        // Remembered: size and a column moved by the person.
        window->resize(777, 333);
        header->resizeSection(DeviceListModel::Holder, 321);
        window->hide();
        auto again = openWindow();
        QCOMPARE(again->size(), QSize(777, 333));
        QCOMPARE(again->table()->horizontalHeader()->sectionSize(DeviceListModel::Holder), 321);
    }

    // Item 7: Claim, Edit note and Alias keep the row selected and the focus on the table
    // (so the next Space does not toggle something else).
    void actionsKeepSelectionAndFocus()
    {
        auto window = openWindow();
        QVERIFY(window->selectDevice(QStringLiteral("probe")));
        window->table()->setFocus();
        button(*window, "claim")->click();
        QCOMPARE(state(QStringLiteral("probe")), DeviceStatus::State::HeldByMe);
        QCOMPARE(window->selectedDeviceId(), QStringLiteral("probe"));
        QCOMPARE(QApplication::focusWidget(), window->table());
        window->askNote = [](const QString &, bool held, QString &note, bool &pinned) {
            note = held ? QStringLiteral("firmware bisect") : QString();
            pinned = false;
            return true;
        };
        button(*window, "editNote")->click();
        QCOMPARE(QString::fromStdString(m_controller->status(QStringLiteral("probe")).lock.holder->note),
                 QStringLiteral("firmware bisect"));
        QCOMPARE(window->selectedDeviceId(), QStringLiteral("probe"));
        QCOMPARE(QApplication::focusWidget(), window->table());
        window->askText = [](const QString &, const QString &, QString &text) {
            text = QStringLiteral("Probe A");
            return true;
        };
        button(*window, "alias")->click(); // reloads the device list: the model is reset
        QCOMPARE(m_controller->displayName(QStringLiteral("probe")), QStringLiteral("Probe A"));
        QCOMPARE(window->selectedDeviceId(), QStringLiteral("probe"));
        QCOMPARE(QApplication::focusWidget(), window->table());
        QCOMPARE(window->message(), QStringLiteral("probe is now called Probe A"));
    }

    // Item 9: Tab leaves the table for the buttons; Enter and double-click claim or release;
    // Delete releases, F2 names, Ctrl+F filters; a context menu offers every action.
    void keyboardAndContextMenu()
    {
        auto window = openWindow();
        QTableView *table = window->table();
        QVERIFY(window->selectDevice(QStringLiteral("psu")));
        table->setFocus();
        QVERIFY(!table->tabKeyNavigation());
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY2(qobject_cast<QToolButton *>(QApplication::focusWidget()), "Tab went nowhere near the buttons");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe);
        QTest::keyClick(table, Qt::Key_Enter);
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::Free);
        const QRect cell = table->visualRect(table->currentIndex());
        // As a mouse does it: a press and release, then the second press arrives as a double click.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY2(state(QStringLiteral("psu")) == DeviceStatus::State::HeldByMe, qPrintable(window->message()));
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::Free);
        bool asked = false;
        window->askText = [&asked](const QString &, const QString &, QString &) { return asked = true, false; };
        QTest::keyClick(table, Qt::Key_F2);
        QVERIFY(asked);
        QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), window->findChild<QLineEdit *>(QStringLiteral("filter")));
        // Delete in the filter edits the filter, it does not release anything.
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Be"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Home);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Delete);
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe);
        QCOMPARE(window->findChild<QLineEdit *>(QStringLiteral("filter"))->text(), QStringLiteral("e"));

        std::unique_ptr<QMenu> menu(window->actions()->contextMenu(window.get()));
        QStringList names;
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                names << action->objectName();
        QCOMPARE(names, (QStringList{QStringLiteral("claim"), QStringLiteral("release"), QStringLiteral("claimWhenFree"),
                                     QStringLiteral("notifyWhenFree"), QStringLiteral("editNote"), QStringLiteral("alias"),
                                     QStringLiteral("claimAtLogin"), QStringLiteral("copyId")}));
    }

    // A refused claim from the window says so in the window, naming the holder.
    void refusedClaimIsSaidInTheWindow()
    {
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("scope"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        auto window = openWindow();
        QVERIFY(window->selectDevice(QStringLiteral("scope")));
        window->table()->setFocus();
        QTest::keyClick(window->table(), Qt::Key_Return);
        QVERIFY2(window->message().startsWith(QStringLiteral("Rigol is busy: You, in devlatchctl (pid %1)").arg(holder.pid())),
                 qPrintable(window->message()));
        QVERIFY(window->findChild<QWidget *>(QStringLiteral("message"))->property("problem").toBool());
        // Claim when free from the window: queued, and said.
        button(*window, "claimWhenFree")->click();
        QVERIFY(m_controller->isQueued(QStringLiteral("scope")));
        QCOMPARE(button(*window, "claimWhenFree")->text(), QStringLiteral("Cancel claim when free"));
        button(*window, "claimWhenFree")->click();
        QVERIFY(!m_controller->isQueued(QStringLiteral("scope")));
    }

    void claimAtLoginFollowsTheSelection()
    {
        auto window = openWindow();
        QVERIFY(window->selectDevice(QStringLiteral("scope")));
        QToolButton *atLogin = button(*window, "claimAtLogin");
        QVERIFY(!atLogin->isChecked());
        atLogin->click();
        QVERIFY(m_controller->settings().claimAtLogin(QStringLiteral("scope")));
        QVERIFY(window->selectDevice(QStringLiteral("psu")));
        QVERIFY(!atLogin->isChecked());
        QVERIFY(window->selectDevice(QStringLiteral("scope")));
        QVERIFY(atLogin->isChecked());
    }
};

QTEST_MAIN(TestDevicesWindow)
#include "tst_deviceswindow.moc"
