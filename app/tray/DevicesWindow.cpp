// SPDX-License-Identifier: MIT
#include "DevicesWindow.h"

#include "DeviceActions.h"
#include "DeviceDetails.h"
#include "DeviceListModel.h"
#include "LabDevicesBox.h"
#include "Icons.h"
#include "NoteDialog.h"
#include "StateWording.h"
#include "TrayController.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace devlatch::tray {

namespace {

// Enter on the table claims or releases; the view's own Enter handling would start editing.
class EnterFilter final : public QObject {
public:
    EnterFilter(DeviceActions *actions, QObject *parent) : QObject(parent), m_actions(actions) {}
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress)
            return false;
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key != Qt::Key_Return && key != Qt::Key_Enter)
            return false;
        m_actions->toggle();
        return true;
    }

private:
    DeviceActions *m_actions;
};

// Sensible first widths; the person's own layout is restored over them.
constexpr int kColumnWidths[] = {190, 100, 210, 70, 150, 80};

} // namespace

DevicesWindow::DevicesWindow(TrayController &controller, DeviceListModel &model, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_model(model)
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
    askNote = [this](const QString &name, bool held, QString &note, bool &pinned) {
        return NoteDialog::ask(this, name, held, note, pinned);
    };
    m_actions = new DeviceActions(controller, this);
    connect(m_actions, &DeviceActions::message, this, &DevicesWindow::showMessage);
    connect(m_actions, &DeviceActions::editNoteRequested, this, &DevicesWindow::editNote);
    connect(m_actions, &DeviceActions::aliasRequested, this, &DevicesWindow::editAlias);

    m_noTray = new QLabel(tr("This desktop shows no tray icons, so devlatch runs in this window. To get a tray on "
                             "GNOME, install and enable the AppIndicator extension "
                             "(gnome-shell-extension-appindicator) and start devlatch again."),
                          this);
    m_noTray->setObjectName(QStringLiteral("noTrayHint"));
    m_noTray->setWordWrap(true);
    m_noTray->hide();
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by name, state, holder, note or node (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide(); // until there is something to say
    m_details = new DeviceDetails(controller, this);
    setUpTable();
    connect(m_actions, &DeviceActions::done, m_table, [this] { m_table->setFocus(); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_noTray);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    if (controller.lab() && controller.labModel()) {
        auto *lab = new LabDevicesBox(*controller.lab(), *controller.labModel(), this);
        connect(m_filter, &QLineEdit::textChanged, lab, &LabDevicesBox::setFilterText);
        layout->addWidget(lab, 1);
    }
    layout->addWidget(m_message);
    layout->addWidget(makeButtons());
    setTabOrder(m_filter, m_table);
    restoreLayout();
    selectFirst(); // the buttons and the keys act on a row from the start
    selectionChanged();
    m_table->setFocus(); // not the filter: a blinking caret would wake the process twice a second
}

DevicesWindow::~DevicesWindow() = default;

void DevicesWindow::setUpTable()
{
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(&m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);
    m_proxy->setFilterKeyColumn(-1); // any column
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeviceListModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle); // names and nodes differ at their ends
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    for (int column = 0; column < int(std::size(kColumnWidths)); ++column)
        header->resizeSection(column, kColumnWidths[column]);
    // The state words in this language must fit, with the margins of a cell.
    int stateWidth = 0;
    for (const QString &word : StateWording::stateWords())
        stateWidth = std::max(stateWidth, m_table->fontMetrics().horizontalAdvance(word));
    header->resizeSection(DeviceListModel::State, std::max(kColumnWidths[DeviceListModel::State], stateWidth + 24));
    m_table->installEventFilter(new EnterFilter(m_actions, m_table));
    connect(m_table, &QTableView::doubleClicked, m_actions, &DeviceActions::toggle);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid())
            return;
        m_table->selectRow(index.row());
        QMenu *menu = m_actions->contextMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->viewport()->mapToGlobal(at));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DevicesWindow::selectionChanged);
    // The device list itself changes (hotplug, config): keep the selected device selected.
    connect(&m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keptSelection = selectedDeviceId(); });
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_keptSelection.isEmpty() || !selectDevice(m_keptSelection))
            selectFirst();
        selectionChanged();
    });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_model.rowOf(selectedDeviceId());
        if (row >= from.row() && row <= to.row()) {
            m_actions->update();
            m_details->refresh();
        }
    });
}

QWidget *DevicesWindow::makeButtons()
{
    auto *row = new QWidget(this);
    auto *buttons = new QHBoxLayout(row);
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QAction *action : {m_actions->claim, m_actions->release, m_actions->claimWhenFree, m_actions->editNote,
                            m_actions->alias, m_actions->claimAtLogin}) {
        auto *button = new QToolButton(row);
        button->setDefaultAction(action);
        button->setObjectName(action->objectName() + QStringLiteral("Button"));
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setFocusPolicy(Qt::StrongFocus); // reachable with Tab
        buttons->addWidget(button);
    }
    buttons->addStretch();
    auto addButton = [this, row, buttons](const QString &text, const char *name, void (DevicesWindow::*signal)()) {
        auto *button = new QPushButton(text, row);
        button->setObjectName(QLatin1String(name));
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, signal);
        buttons->addWidget(button);
        return button;
    };
    addButton(tr("Settings…"), "settings", &DevicesWindow::settingsRequested);
    addButton(tr("About"), "about", &DevicesWindow::aboutRequested);
    m_quit = addButton(tr("Quit"), "quit", &DevicesWindow::quitRequested);
    m_quit->setShortcut(QKeySequence::Quit); // only while shown: without a tray
    m_quit->hide();
    return row;
}

void DevicesWindow::restoreLayout()
{
    resize(1000, 480);
    restoreGeometry(m_controller.settings().windowGeometry());
    m_table->horizontalHeader()->restoreState(m_controller.settings().tableLayout());
}

void DevicesWindow::saveLayout()
{
    m_controller.settings().setWindowLayout(saveGeometry(), m_table->horizontalHeader()->saveState());
}

void DevicesWindow::showEvent(QShowEvent *event)
{
    m_controller.setLooking(this, true);
    QWidget::showEvent(event);
}

void DevicesWindow::hideEvent(QHideEvent *event)
{
    saveLayout();
    m_controller.setLooking(this, false);
    QWidget::hideEvent(event);
}

void DevicesWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_standalone) {
        event->ignore(); // TrayApp asks, then quits or hides
        Q_EMIT closeRequested();
        return;
    }
    QWidget::closeEvent(event);
}

void DevicesWindow::setStandalone(bool standalone)
{
    m_standalone = standalone;
    m_noTray->setVisible(standalone);
    m_quit->setVisible(standalone);
}

QString DevicesWindow::selectedDeviceId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(DeviceListModel::DeviceIdRole).toString();
}

bool DevicesWindow::selectDevice(const QString &deviceId)
{
    const int sourceRow = m_model.rowOf(deviceId);
    const QModelIndex index = sourceRow < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model.index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectRow(index.row());
    m_table->setCurrentIndex(index);
    return true;
}

void DevicesWindow::selectFirst()
{
    if (m_proxy->rowCount() == 0)
        return;
    m_table->selectRow(0);
    m_table->setCurrentIndex(m_proxy->index(0, 0));
}

void DevicesWindow::selectionChanged()
{
    m_actions->setDevice(selectedDeviceId());
    m_details->show(selectedDeviceId());
}

void DevicesWindow::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

QString DevicesWindow::message() const
{
    return m_message->text();
}

void DevicesWindow::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_message->setProperty("problem", problem);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, problem ? QColor(0xb3, 0x26, 0x1e) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

void DevicesWindow::bringToFront()
{
    m_controller.acknowledgeAttention();
    show();
    raise();
    activateWindow();
}

void DevicesWindow::editNote(const QString &deviceId)
{
    QString note = m_controller.noteFor(deviceId);
    bool pinned = !m_controller.settings().pinnedNote(deviceId).isEmpty();
    const bool held = m_controller.status(deviceId).state == DeviceStatus::State::HeldByMe;
    if (askNote(m_controller.displayName(deviceId), held, note, pinned))
        m_controller.setNote(deviceId, note, pinned);
    m_table->setFocus();
}

void DevicesWindow::editAlias(const QString &deviceId)
{
    QString alias = m_controller.status(deviceId).device.alias;
    if (askText(tr("Alias for %1").arg(deviceId),
                tr("Name for this device in devlatch and devlatchctl (empty: the default):"), alias)) {
        const QString error = m_controller.setAlias(deviceId, alias);
        showMessage(error.isEmpty() ? tr("%1 is now called %2").arg(deviceId, m_controller.displayName(deviceId))
                                    : tr("Cannot use that name: %1").arg(error),
                    !error.isEmpty());
    }
    m_table->setFocus();
}

} // namespace devlatch::tray
