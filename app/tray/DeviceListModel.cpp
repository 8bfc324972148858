// SPDX-License-Identifier: MIT
#include "DeviceListModel.h"

#include "TrayController.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace devlatch::tray {

DeviceListModel::DeviceListModel(TrayController &controller, QObject *parent)
    : QAbstractTableModel(parent), m_controller(controller)
{
    connect(&m_controller, &TrayController::devicesReset, this, &DeviceListModel::reset);
    connect(&m_controller, &TrayController::deviceChanged, this, &DeviceListModel::deviceChanged);
    reset();
}

void DeviceListModel::reset()
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    for (const DeviceStatus &status : m_controller.statuses()) {
        m_rowById.insert(status.device.id, int(m_rows.size()));
        m_rows.push_back(m_controller.view(status.device.id));
    }
    endResetModel();
}

void DeviceListModel::deviceChanged(const QString &deviceId)
{
    const int row = rowOf(deviceId);
    if (row < 0)
        return;
    m_rows[row] = m_controller.view(deviceId);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int DeviceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeviceListModel::deviceIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

QString DeviceListModel::cell(const DeviceView &view, int column) const
{
    switch (Column(column)) {
    case Name: return view.name;
    case State: return view.stateText;
    case Holder: return view.holder;
    case Since: return view.since;
    case Note: return view.note;
    case Kind: return view.kind;
    case Nodes: return view.nodes;
    case ColumnCount: break;
    }
    return {};
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeviceView &view = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return cell(view, index.column());
    case Qt::ToolTipRole: {
        // The whole text, never the id: the state's full sentence, the name with its id.
        if (index.column() == State)
            return view.description;
        if (index.column() == Name)
            return view.name == view.id ? view.id : QStringLiteral("%1\n%2").arg(view.name, view.id);
        const QString text = cell(view, index.column());
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::DecorationRole: return index.column() == Name ? QVariant(Icons::device(view.look)) : QVariant();
    case Qt::ForegroundRole:
        if (view.dimmed)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::AccessibleTextRole: return QStringLiteral("%1: %2").arg(view.name, view.description);
    case DeviceIdRole: return view.id;
    case NameRole: return view.name;
    case StateTextRole: return view.stateText;
    case DescriptionRole: return view.description;
    case HolderRole: return view.holder;
    case SinceRole: return view.since;
    case NoteRole: return view.note;
    case LookRole: return int(view.look);
    case ClickRole: return int(view.click);
    case AttentionRole: return view.attention;
    case QueuedRole: return view.queued;
    case DimmedRole: return view.dimmed;
    default: return {};
    }
}

QVariant DeviceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name: return tr("Name");
    case State: return tr("State");
    case Holder: return tr("Holder");
    case Since: return tr("Since");
    case Note: return tr("Note");
    case Kind: return tr("Kind");
    case Nodes: return tr("Nodes");
    case ColumnCount: break;
    }
    return {};
}

QHash<int, QByteArray> DeviceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(DeviceIdRole, "deviceId");
    names.insert(NameRole, "name");
    names.insert(StateTextRole, "stateText");
    names.insert(DescriptionRole, "description");
    names.insert(HolderRole, "holder");
    names.insert(SinceRole, "since");
    names.insert(NoteRole, "note");
    names.insert(LookRole, "look");
    names.insert(ClickRole, "click");
    names.insert(AttentionRole, "attention");
    names.insert(QueuedRole, "queued");
    names.insert(DimmedRole, "dimmed");
    return names;
}

} // namespace devlatch::tray
