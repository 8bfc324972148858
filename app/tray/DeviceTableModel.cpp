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

DeviceTableModel::Row DeviceTableModel::makeRow(const QString &id) const
{
    const DeviceStatus status = m_controller.status(id);
    Row row;
    row.id = id;
    row.stateKeyword = status.device.present ? DeviceStatus::stateKeyword(status.state) : QStringLiteral("unplugged");
    const auto &holder = status.lock.holder;
    row.cells[Name] = m_controller.displayName(id);
    row.cells[Kind] = status.device.kind;
    row.cells[Nodes] = status.device.nodes.join(QStringLiteral(", "));
    row.cells[State] = m_controller.isQueued(id) ? tr("%1 — waiting to claim").arg(m_controller.describeState(status))
                                                 : m_controller.describeState(status);
    if (holder) {
        row.cells[Holder] = QStringLiteral("%1 (%2, pid %3)")
                                .arg(QString::fromStdString(holder->user), QString::fromStdString(holder->program))
                                .arg(holder->pid);
        row.cells[Since] = TrayController::formatSince(holder->since);
        row.cells[Note] = QString::fromStdString(holder->note);
    } else {
        for (const auto &os : status.lock.osHolders) {
            if (!os.waiting && os.pid > 0) {
                row.cells[Holder] = QStringLiteral("%1 (pid %2)").arg(QString::fromStdString(os.program)).arg(os.pid);
                break;
            }
        }
    }
    return row;
}

void DeviceTableModel::reset()
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    for (const DeviceStatus &status : m_controller.statuses()) {
        m_rowById.insert(status.device.id, int(m_rows.size()));
        m_rows.push_back(makeRow(status.device.id));
    }
    endResetModel();
}

void DeviceTableModel::deviceChanged(const QString &deviceId)
{
    const int row = rowOf(deviceId);
    if (row < 0)
        return;
    m_rows[row] = makeRow(deviceId);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int DeviceTableModel::rowOf(const QString &deviceId) const
{
    return m_rowById.value(deviceId, -1);
}

int DeviceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeviceTableModel::deviceIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

QVariant DeviceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return row.cells[index.column()];
    case Qt::ToolTipRole: return row.id;
    case DeviceIdRole: return row.id;
    case StateKeywordRole: return row.stateKeyword;
    case Qt::DecorationRole:
        if (index.column() != Name)
            return {};
        if (row.stateKeyword == u"free")
            return Icons::free();
        if (row.stateKeyword == u"mine")
            return Icons::mine();
        if (row.stateKeyword == u"held" || row.stateKeyword == u"foreign" || row.stateKeyword == u"in-use")
            return Icons::busy();
        return Icons::unplugged();
    default: return {};
    }
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
