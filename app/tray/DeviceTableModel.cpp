#include "DeviceTableModel.h"

#include "Icons.h"
#include "TrayController.h"


namespace devlatch::tray {

DeviceTableModel::DeviceTableModel(TrayController &controller, QObject *parent)
    : QAbstractTableModel(parent), m_controller(controller)
{
    connect(&m_controller, &TrayController::devicesReset, this, &DeviceTableModel::reset);
    connect(&m_controller, &TrayController::deviceChanged, this, &DeviceTableModel::deviceChanged);
    reset();
}

void DeviceTableModel::reset()
{
    beginResetModel();
    m_ids.clear();
    for (const DeviceStatus &status : m_controller.statuses())
        m_ids << status.device.id;
    endResetModel();
}

void DeviceTableModel::deviceChanged(const QString &deviceId)
{
    const int row = rowOf(deviceId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int DeviceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int DeviceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeviceTableModel::deviceIdAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : QString();
}

QVariant DeviceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_ids.size())
        return {};
    const QString id = m_ids.at(index.row());
    const DeviceStatus status = m_controller.status(id);
    if (role == DeviceIdRole)
        return id;
    if (role == StateKeywordRole)
        return DeviceStatus::stateKeyword(status.state);
    const auto &holder = status.lock.holder;
    if (role == Qt::DecorationRole && index.column() == Name) {
        switch (status.state) {
        case DeviceStatus::State::Free: return Icons::free();
        case DeviceStatus::State::HeldByMe: return Icons::mine();
        case DeviceStatus::State::Held:
        case DeviceStatus::State::HeldForeign: return Icons::busy();
        case DeviceStatus::State::Unknown: return Icons::unplugged();
        }
    }
    if (role == Qt::ToolTipRole)
        return status.device.id;
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name: return m_controller.displayName(id);
    case Kind: return status.device.kind;
    case Nodes: return status.device.nodes.join(QStringLiteral(", "));
    case State:
        return m_controller.isQueued(id) ? tr("%1 — waiting to claim").arg(m_controller.describeState(status))
                                         : m_controller.describeState(status);
    case Holder:
        if (holder)
            return QStringLiteral("%1 (%2, pid %3)")
                .arg(QString::fromStdString(holder->user), QString::fromStdString(holder->program))
                .arg(holder->pid);
        for (const auto &os : status.lock.osHolders)
            if (!os.waiting && os.pid > 0)
                return QStringLiteral("%1 (pid %2)").arg(QString::fromStdString(os.program)).arg(os.pid);
        return QString();
    case Since:
        return holder ? TrayController::formatSince(holder->since) : QString();
    case Note: return holder ? QString::fromStdString(holder->note) : QString();
    case ColumnCount: break;
    }
    return {};
}

QVariant DeviceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name: return tr("Name");
    case Kind: return tr("Kind");
    case Nodes: return tr("Nodes");
    case State: return tr("State");
    case Holder: return tr("Holder");
    case Since: return tr("Since");
    case Note: return tr("Note");
    case ColumnCount: break;
    }
    return {};
}

} // namespace devlatch::tray
