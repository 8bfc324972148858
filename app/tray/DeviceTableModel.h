#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace devlatch::tray {

class TrayController;

// Every device as a table row: name, kind, nodes, state, holder, since, note. Rows change in
// place when a device's state changes; the list is reset only when the devices themselves do.
// Each row's texts are computed once per change, not per paint: with a thousand devices the
// view asks for data far more often than anything changes.
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
    int rowOf(const QString &deviceId) const;

private:
    struct Row {
        QString id;
        QString cells[ColumnCount];
        QString stateKeyword;
    };
    Row makeRow(const QString &deviceId) const;
    void reset();
    void deviceChanged(const QString &deviceId);

    TrayController &m_controller;
    QVector<Row> m_rows;
    QHash<QString, int> m_rowById;
};

} // namespace devlatch::tray
