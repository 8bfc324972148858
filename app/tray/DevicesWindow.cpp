#include "DevicesWindow.h"

#include "DeviceTableModel.h"
#include "Icons.h"
#include "TrayController.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace devlatch::tray {

DevicesWindow::DevicesWindow(TrayController &controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("devicesWindow"));
    setWindowTitle(tr("devlatch — Devices"));
    setWindowIcon(Icons::application());
    askText = [this](const QString &title, const QString &label, QString &text) {
        bool ok = false;
        const QString answer = QInputDialog::getText(this, title, label, QLineEdit::Normal, text, &ok);
        if (ok)
            text = answer;
        return ok;
    };

    m_model = new DeviceTableModel(controller, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column: name, nodes, holder, note...

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by name, node, holder or note"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeviceTableModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Sizing to content looks at a sample of rows, not all of a thousand on every change.
    m_table->horizontalHeader()->setResizeContentsPrecision(64);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    // The state sentence is the long one: it takes the room left, the rest fit their content.
    m_table->horizontalHeader()->setSectionResizeMode(DeviceTableModel::State, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setAlternatingRowColors(true);

    auto button = [this](const QString &text, const char *name) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        return b;
    };
    m_claim = button(tr("Claim"), "claim");
    m_release = button(tr("Release"), "release");
    m_claimWhenFree = button(tr("Claim when free"), "claimWhenFree");
    m_note = button(tr("Edit note…"), "editNote");
    m_alias = button(tr("Alias…"), "alias");
    connect(m_claim, &QPushButton::clicked, this, [this] { m_controller.claim(selectedDeviceId()); });
    connect(m_release, &QPushButton::clicked, this, [this] { m_controller.release(selectedDeviceId()); });
    connect(m_claimWhenFree, &QPushButton::clicked, this, [this] {
        const QString id = selectedDeviceId();
        if (m_controller.isQueued(id))
            m_controller.cancelClaimWhenFree(id);
        else
            m_controller.claimWhenFree(id);
    });
    connect(m_note, &QPushButton::clicked, this, &DevicesWindow::editNote);
    connect(m_alias, &QPushButton::clicked, this, &DevicesWindow::editAlias);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_claim, m_release, m_claimWhenFree, m_note, m_alias})
        buttons->addWidget(b);
    m_claimAtLogin = new QCheckBox(tr("Claim at login"), this);
    m_claimAtLogin->setObjectName(QStringLiteral("claimAtLogin"));
    m_claimAtLogin->setToolTip(tr("Claim this device whenever devlatch starts at login"));
    connect(m_claimAtLogin, &QCheckBox::toggled, this,
            [this](bool on) { m_controller.setClaimAtLogin(selectedDeviceId(), on); });
    buttons->addWidget(m_claimAtLogin);
    buttons->addStretch();
    m_notifications = new QCheckBox(tr("Show notifications"), this);
    m_notifications->setObjectName(QStringLiteral("notifications"));
    m_notifications->setChecked(m_controller.settings().notificationsEnabled());
    connect(m_notifications, &QCheckBox::toggled, this,
            [this](bool on) { m_controller.settings().setNotificationsEnabled(on); });
    buttons->addWidget(m_notifications);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DevicesWindow::updateButtons);
    connect(&m_controller, &TrayController::changed, this, &DevicesWindow::updateButtons);
    resize(900, 420);
    updateButtons();
    m_table->setFocus(); // not the filter: a blinking caret would wake the process twice a second
}

QString DevicesWindow::selectedDeviceId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(DeviceTableModel::DeviceIdRole).toString();
}

bool DevicesWindow::selectDevice(const QString &deviceId)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(DeviceTableModel::DeviceIdRole).toString() == deviceId) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

void DevicesWindow::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

void DevicesWindow::bringToFront()
{
    m_controller.acknowledgeAttention();
    show();
    raise();
    activateWindow();
}

void DevicesWindow::updateButtons()
{
    const QString id = selectedDeviceId();
    const DeviceStatus status = m_controller.status(id);
    const bool any = !id.isEmpty();
    m_claim->setEnabled(any && status.state == DeviceStatus::State::Free);
    m_release->setEnabled(any && status.state == DeviceStatus::State::HeldByMe);
    m_claimWhenFree->setEnabled(any && (status.isBusy() || m_controller.isQueued(id)));
    m_claimWhenFree->setText(m_controller.isQueued(id) ? tr("Cancel claim when free") : tr("Claim when free"));
    m_note->setEnabled(any);
    m_alias->setEnabled(any);
    m_claimAtLogin->setEnabled(any);
    const QSignalBlocker quiet(m_claimAtLogin); // showing the setting is not changing it
    m_claimAtLogin->setChecked(any && m_controller.settings().claimAtLogin(id));
}

void DevicesWindow::editNote()
{
    const QString id = selectedDeviceId();
    QString note = m_controller.settings().note(id);
    if (askText(tr("Note for %1").arg(m_controller.displayName(id)),
                tr("Shown to others while you hold the device:"), note))
        m_controller.setNote(id, note);
}

void DevicesWindow::editAlias()
{
    const QString id = selectedDeviceId();
    QString alias = m_controller.settings().alias(id);
    if (askText(tr("Alias for %1").arg(id), tr("Name to show for this device (empty: the default):"), alias))
        m_controller.setAlias(id, alias);
}

} // namespace devlatch::tray
