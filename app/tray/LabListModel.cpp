// SPDX-License-Identifier: MIT
#include "LabListModel.h"

#include "LabController.h"

namespace devlatch::tray {

LabListModel::LabListModel(LabController &lab, QObject *parent) : QAbstractTableModel(parent), m_lab(lab)
{
    connect(&m_lab, &LabController::devicesReset, this, &LabListModel::reset);
    connect(&m_lab, &LabController::deviceChanged, this, &LabListModel::deviceChanged);
    reset();
}

void LabListModel::reset()
{
    beginResetModel();
    m_rows.clear();
    for (const QString &device : m_lab.devices())
        m_rows << m_lab.view(device);
    endResetModel();
}

void LabListModel::deviceChanged(const QString &device)
{
    const int row = rowOf(device);
    if (row < 0) {
        reset();
        return;
    }
    m_rows[row] = m_lab.view(device);
    Q_EMIT dataChanged(index(row, 0), index(row, DeviceListModel::ColumnCount - 1));
}

int LabListModel::rowOf(const QString &device) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == device)
            return row;
    return -1;
}

int LabListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LabListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : DeviceListModel::ColumnCount;
}

QVariant LabListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DeviceView &v = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DeviceListModel::Name: return v.name;
        case DeviceListModel::State: return v.stateText;
        case DeviceListModel::Holder: return v.holder;
        case DeviceListModel::Since: return v.since;
        case DeviceListModel::Note: return v.note;
        case DeviceListModel::Kind: return v.kind;
        case DeviceListModel::Nodes: return v.nodes;
        default: return {};
        }
    case Qt::ToolTipRole: return v.description;
    case Qt::DecorationRole: return index.column() == DeviceListModel::Name ? QVariant(Icons::device(v.look)) : QVariant();
    case DeviceListModel::DeviceIdRole: return v.id;
    case DeviceListModel::NameRole: return v.name;
    case DeviceListModel::StateTextRole: return v.stateText;
    case DeviceListModel::DescriptionRole: return v.description;
    case DeviceListModel::HolderRole: return v.holder;
    case DeviceListModel::SinceRole: return v.since;
    case DeviceListModel::NoteRole: return v.note;
    case DeviceListModel::LookRole: return int(v.look);
    case DeviceListModel::ClickRole: return int(v.click);
    case DeviceListModel::AttentionRole: return v.attention;
    case DeviceListModel::QueuedRole: return v.queued;
    case DeviceListModel::DimmedRole: return v.dimmed;
    default: return {};
    }
}

QVariant LabListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DeviceListModel::Name: return tr("Lab device");
    case DeviceListModel::State: return tr("State");
    case DeviceListModel::Holder: return tr("Holder");
    case DeviceListModel::Since: return tr("Since");
    case DeviceListModel::Note: return tr("Note");
    case DeviceListModel::Kind: return tr("Scope");
    case DeviceListModel::Nodes: return QString();
    default: return {};
    }
}

} // namespace devlatch::tray
