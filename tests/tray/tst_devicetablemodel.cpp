#include "TrayTestSupport.h"

#include "DeviceTableModel.h"
#include "DevicesWindow.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::DeviceTableModel;
using devlatch::tray::DevicesWindow;

class TestDeviceTableModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelIsConsistentAndUpdatesInPlace()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link")});
        auto controller = world.controller();
        DeviceTableModel model(*controller);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DeviceTableModel::ColumnCount));
        QCOMPARE(model.headerData(DeviceTableModel::Holder, Qt::Horizontal).toString(), QStringLiteral("Holder"));
        const int psu = model.rowOf(QStringLiteral("psu"));
        QCOMPARE(model.index(psu, DeviceTableModel::Name).data().toString(), QStringLiteral("Bench PSU"));
        QCOMPARE(model.index(psu, DeviceTableModel::State).data().toString(), QStringLiteral("Free"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(controller->claim(QStringLiteral("psu")));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(reset.size(), 0); // in place
        QCOMPARE(changed.last().at(0).toModelIndex().row(), psu);
        QVERIFY(model.index(psu, DeviceTableModel::State).data().toString().startsWith(QStringLiteral("Yours since")));
        QVERIFY(model.index(psu, DeviceTableModel::Holder).data().toString().contains(QStringLiteral("devlatch, pid")));
        controller->setNote(QStringLiteral("psu"), QStringLiteral("calibration"));
        QCOMPARE(model.index(psu, DeviceTableModel::Note).data().toString(), QStringLiteral("calibration"));
        QCOMPARE(model.index(psu, 0).data(DeviceTableModel::StateKeywordRole).toString(), QStringLiteral("mine"));
    }

    void windowFiltersAndActsOnTheSelection()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link"), QStringLiteral("scope=Rigol")});
        auto controller = world.controller();
        DevicesWindow window(*controller);
        window.show();
        QCOMPARE(window.table()->model()->rowCount(), 3);
        window.setFilterText(QStringLiteral("rig"));
        QCOMPARE(window.table()->model()->rowCount(), 1);
        window.setFilterText(QString());

        auto button = [&window](const char *name) { return window.findChild<QPushButton *>(QLatin1String(name)); };
        QVERIFY(window.selectDevice(QStringLiteral("probe")));
        QVERIFY(button("claim")->isEnabled());
        QVERIFY(!button("release")->isEnabled());
        button("claim")->click();
        QCOMPARE(controller->status(QStringLiteral("probe")).state, DeviceStatus::State::HeldByMe);
        QVERIFY(button("release")->isEnabled());

        window.askText = [](const QString &, const QString &, QString &text) {
            text = QStringLiteral("firmware bisect");
            return true;
        };
        button("editNote")->click();
        QCOMPARE(QString::fromStdString(controller->status(QStringLiteral("probe")).lock.holder->note),
                 QStringLiteral("firmware bisect"));
        window.askText = [](const QString &, const QString &, QString &text) {
            text = QStringLiteral("Probe A");
            return true;
        };
        button("alias")->click();
        QCOMPARE(controller->displayName(QStringLiteral("probe")), QStringLiteral("Probe A"));
        QVERIFY(window.selectDevice(QStringLiteral("probe")));
        button("release")->click();
        QCOMPARE(controller->status(QStringLiteral("probe")).state, DeviceStatus::State::Free);
        QVERIFY(!button("claimWhenFree")->isEnabled()); // only for busy devices

        auto *claimAtLogin = window.findChild<QCheckBox *>(QStringLiteral("claimAtLogin"));
        QVERIFY(window.selectDevice(QStringLiteral("scope")));
        QVERIFY(!claimAtLogin->isChecked());
        claimAtLogin->click();
        QVERIFY(controller->settings().claimAtLogin(QStringLiteral("scope")));
        QVERIFY(window.selectDevice(QStringLiteral("psu")));
        QVERIFY(!claimAtLogin->isChecked());
        QVERIFY(window.selectDevice(QStringLiteral("scope")));
        QVERIFY(claimAtLogin->isChecked());

        auto *notifications = window.findChild<QCheckBox *>(QStringLiteral("notifications"));
        QVERIFY(notifications->isChecked());
        notifications->click();
        QVERIFY(!controller->settings().notificationsEnabled());
    }
};

QTEST_MAIN(TestDeviceTableModel)
#include "tst_devicetablemodel.moc"
