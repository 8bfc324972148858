// SPDX-License-Identifier: MIT
#include "LabDevicesBox.h"

#include "DeviceListModel.h"
#include "LabController.h"
#include "LabListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace devlatch::tray {

LabDevicesBox::LabDevicesBox(LabController &lab, LabListModel &model, QWidget *parent)
    : QGroupBox(parent), m_lab(lab), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_claim(new QPushButton(this)), m_queue(new QPushButton(this))
{
    setObjectName(QStringLiteral("labBox"));
    m_proxy->setSourceModel(&m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_table->setObjectName(QStringLiteral("labTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setColumnHidden(DeviceListModel::Nodes, true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_claim->setObjectName(QStringLiteral("labClaim"));
    m_queue->setObjectName(QStringLiteral("labQueue"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_claim);
    buttons->addWidget(m_queue);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    const auto retitle = [this] {
        const QString problem = m_lab.problem();
        setTitle(problem.isEmpty() ? m_lab.title() : tr("%1 — %2").arg(m_lab.title(), problem));
    };
    retitle();
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this, retitle] {
        retitle();
        updateButtons();
    });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, [this, retitle] {
        retitle();
        updateButtons();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &LabDevicesBox::updateButtons);
    connect(m_table, &QTableView::activated, this, &LabDevicesBox::clickSelected);
    connect(m_claim, &QPushButton::clicked, this, &LabDevicesBox::clickSelected);
    connect(m_queue, &QPushButton::clicked, this, [this] {
        const QString device = selectedDevice();
        const int row = m_model.rowOf(device);
        if (row < 0)
            return;
        if (m_model.view(row).queued)
            m_lab.leave(device);
        else
            m_lab.waitInQueue(device);
    });
    updateButtons();
}

void LabDevicesBox::setFilterText(const QString &text)
{
    m_proxy->setFilterFixedString(text);
}

QString LabDevicesBox::selectedDevice() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(DeviceListModel::DeviceIdRole).toString();
}

bool LabDevicesBox::selectDevice(const QString &device)
{
    const int row = m_model.rowOf(device);
    if (row < 0)
        return false;
    m_table->selectRow(m_proxy->mapFromSource(m_model.index(row, 0)).row());
    return true;
}

void LabDevicesBox::clickSelected()
{
    const int row = m_model.rowOf(selectedDevice());
    if (row < 0)
        return;
    const DeviceView &view = m_model.view(row);
    if (view.click == DeviceView::Click::Claim)
        m_lab.claim(view.id);
    else if (view.click == DeviceView::Click::Release)
        m_lab.leave(view.id);
}

void LabDevicesBox::updateButtons()
{
    const int row = m_model.rowOf(selectedDevice());
    const DeviceView *view = row >= 0 ? &m_model.view(row) : nullptr;
    const bool release = view && view->click == DeviceView::Click::Release;
    m_claim->setText(release ? tr("Release") : tr("Claim"));
    m_claim->setEnabled(view && view->click != DeviceView::Click::None);
    const bool queued = view && view->queued;
    m_queue->setText(queued ? tr("Leave the queue") : tr("Wait in the queue"));
    m_queue->setEnabled(view && (queued || (view->click == DeviceView::Click::None && view->look != Icons::Look::Unknown
                                            && view->look != Icons::Look::Waiting)));
}

} // namespace devlatch::tray
