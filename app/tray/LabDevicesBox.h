// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>

class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace devlatch::tray {

class LabController;
class LabListModel;

// The Devices window's Lab box: the lab's devices (LabListModel) in a table filtered like
// the window's, with Claim/Release and Wait in the queue/Leave the queue for the selected
// one (double-click or Enter claims or releases). Its title names the cluster, or why it
// cannot be read.
class LabDevicesBox final : public QGroupBox {
    Q_OBJECT
public:
    LabDevicesBox(LabController &lab, LabListModel &model, QWidget *parent = nullptr);

    void setFilterText(const QString &text);
    QTableView *table() const { return m_table; }
    QString selectedDevice() const;
    bool selectDevice(const QString &device);

private:
    void updateButtons();
    void clickSelected();

    LabController &m_lab;
    LabListModel &m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPushButton *m_claim;
    QPushButton *m_queue;
};

} // namespace devlatch::tray
