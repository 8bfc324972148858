// SPDX-License-Identifier: MIT
// DeviceListModel: the one model the menu and the window show. Consistent under
// QAbstractItemModelTester, typed roles, rows updated in place, tooltips with the whole text.

#include "TrayTestSupport.h"

#include "tray/DeviceListModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::DeviceListModel;
using devlatch::tray::DeviceView;

class TestDeviceListModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void consistentTypedAndInPlace()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DeviceListModel::ColumnCount));
        QCOMPARE(model.headerData(DeviceListModel::Holder, Qt::Horizontal).toString(), QStringLiteral("Holder"));
        const int psu = model.rowOf(QStringLiteral("psu"));
        QCOMPARE(model.index(psu, DeviceListModel::Name).data().toString(), QStringLiteral("Bench PSU"));
        QCOMPARE(model.index(psu, DeviceListModel::State).data().toString(), QStringLiteral("Free"));
        QCOMPARE(model.index(psu, 0).data(DeviceListModel::ClickRole).toInt(), int(DeviceView::Click::Claim));
        QCOMPARE(model.roleNames().value(DeviceListModel::AttentionRole), QByteArray("attention"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(controller->claim(QStringLiteral("psu")).ok);
        QCOMPARE(changed.size(), 1); // one claim, one change
        QCOMPARE(reset.size(), 0);   // in place
        QCOMPARE(changed.last().at(0).toModelIndex().row(), psu);
        // Every field as a typed role, on any column's index.
        const QModelIndex any = model.index(psu, DeviceListModel::Nodes);
        QCOMPARE(any.data(DeviceListModel::StateTextRole).toString(), QStringLiteral("Yours"));
        QVERIFY(any.data(DeviceListModel::DescriptionRole).toString().startsWith(QStringLiteral("Yours since ")));
        QCOMPARE(any.data(DeviceListModel::HolderRole).toString(),
                 QStringLiteral("You · devlatch (pid %1)").arg(QCoreApplication::applicationPid()));
        QCOMPARE(any.data(DeviceListModel::LookRole).toInt(), int(tray::Icons::Look::Mine));
        QCOMPARE(any.data(DeviceListModel::ClickRole).toInt(), int(DeviceView::Click::Release));
        QCOMPARE(any.data(DeviceListModel::AttentionRole).toBool(), false);
        QCOMPARE(any.data(DeviceListModel::QueuedRole).toBool(), false);
        QVERIFY(!any.data(DeviceListModel::SinceRole).toString().isEmpty());
        controller->setNote(QStringLiteral("psu"), QStringLiteral("calibration"), false);
        QCOMPARE(model.index(psu, DeviceListModel::Note).data().toString(), QStringLiteral("calibration"));
        QCOMPARE(model.index(psu, 0).data(DeviceListModel::NoteRole).toString(), QStringLiteral("calibration"));
        QVERIFY(!model.index(psu, DeviceListModel::Name).data(Qt::DecorationRole).value<QIcon>().isNull());
    }

    // Item 6: the tooltip has the cell's whole text, never the bare id; the State cell's
    // tooltip is the whole sentence.
    void tooltipsHaveTheWholeText()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        QVERIFY(controller->claim(QStringLiteral("psu")).ok);
        const QString note = QStringLiteral("a long note about the soak test that runs until 18:00 tonight");
        controller->setNote(QStringLiteral("psu"), note, false);
        const int row = model.rowOf(QStringLiteral("psu"));
        QCOMPARE(model.index(row, DeviceListModel::Name).data(Qt::ToolTipRole).toString(), QStringLiteral("Bench PSU\npsu"));
        QCOMPARE(model.index(row, DeviceListModel::State).data(Qt::ToolTipRole).toString(),
                 model.index(row, 0).data(DeviceListModel::DescriptionRole).toString());
        QVERIFY(model.index(row, DeviceListModel::State).data(Qt::ToolTipRole).toString().endsWith(QStringLiteral("(%1)").arg(note)));
        QCOMPARE(model.index(row, DeviceListModel::Note).data(Qt::ToolTipRole).toString(), note);
    }

    void deviceListChangesResetTheModel()
    {
        TrayWorld world({QStringLiteral("psu=Bench PSU")});
        auto controller = world.controller();
        DeviceListModel model(*controller);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::Append));
        file.write("[device.camera]\nname=UVC camera\nkind=camera\n");
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 5000);
        QVERIFY(!reset.isEmpty());
        QCOMPARE(model.index(model.rowOf(QStringLiteral("camera")), DeviceListModel::Kind).data().toString(),
                 QStringLiteral("camera"));
    }
};

QTEST_MAIN(TestDeviceListModel)
#include "tst_devicelistmodel.moc"
