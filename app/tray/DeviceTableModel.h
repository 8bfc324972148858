#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace devlatch::tray {

class TrayController;

// Every device as a table row: name, kind, nodes, state, holder, since, note. Rows change in
// place when a device's state changes; the list is reset only when the devices themselves do.
class DeviceTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Kind, Nodes, State, Holder, Since, Note, ColumnCount };
    enum Role { DeviceIdRole = Qt::UserRole + 1, StateKeywordRole };

    explicit DeviceTableModel(TrayController &controller, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString deviceIdAt(int row) const;
    int rowOf(const QString &deviceId) const { return int(m_ids.indexOf(deviceId)); }

private:
    void reset();
    void deviceChanged(const QString &deviceId);

    TrayController &m_controller;
    QStringList m_ids;
};

} // namespace devlatch::tray
