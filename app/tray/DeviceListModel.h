// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

namespace devlatch::tray {

class TrayController;

// The one model of devices the menu and the window both show (as nm-tray's model feeds its
// menu and its window): a row per device, a column per field for the table, and every
// field as a typed role on any index. Rows are computed once per change (StateWording), not
// per paint; a row changes in place, the list is reset only when the devices themselves do.
class DeviceListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, State, Holder, Since, Note, Kind, Nodes, ColumnCount };
    enum Role {
        DeviceIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        StateTextRole,   // QString: "Free", "Yours", "Waiting", ...
        DescriptionRole, // QString: the whole sentence
        HolderRole,      // QString
        SinceRole,       // QString
        NoteRole,        // QString
        LookRole,        // int: Icons::Look
        ClickRole,       // int: DeviceView::Click
        AttentionRole,   // bool
        QueuedRole,      // bool
        DimmedRole,      // bool
    };
    Q_ENUM(Role)

    explicit DeviceListModel(TrayController &controller, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const DeviceView &view(int row) const { return m_rows.at(row); }
    int rowOf(const QString &deviceId) const { return m_rowById.value(deviceId, -1); }
    QString deviceIdAt(int row) const;

private:
    void reset();
    void deviceChanged(const QString &deviceId);
    QString cell(const DeviceView &view, int column) const;

    TrayController &m_controller;
    QVector<DeviceView> m_rows;
    QHash<QString, int> m_rowById;
};

} // namespace devlatch::tray
