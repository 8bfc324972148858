// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"
#include "DeviceListModel.h"

#include <QAbstractTableModel>
#include <QVector>

namespace devlatch::tray {

class LabController;

// The lab's devices for the menu's Lab section and the window's Lab box: a row per device,
// the same columns and typed roles as DeviceListModel (the Kind column says "lab", Nodes
// stays empty), rows computed once per change (LabWording).
class LabListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit LabListModel(LabController &lab, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const DeviceView &view(int row) const { return m_rows.at(row); }
    int rowOf(const QString &device) const;

private:
    void reset();
    void deviceChanged(const QString &device);

    LabController &m_lab;
    QVector<DeviceView> m_rows;
};

} // namespace devlatch::tray
