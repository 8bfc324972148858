// SPDX-License-Identifier: MIT
#include "TrayMenu.h"

#include "DeviceListModel.h"
#include "Icons.h"
#include "LabController.h"
#include "LabListModel.h"
#include "TrayController.h"

#include "model/DeviceStatus.h"

#include <QMenu>
#include <QTimer>

#include <algorithm>
#include <numeric>

namespace devlatch::tray {

namespace {
constexpr int kRebuildDelayMs = 30; // a burst of changes rebuilds once
} // namespace

TrayMenu::TrayMenu(TrayController &controller, DeviceListModel &model, QObject *parent)
    : QObject(parent), m_controller(controller), m_model(model), m_menu(new QMenu), m_pending(new QTimer(this))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->setToolTipsVisible(true); // the whole line of an elided entry
    m_pending->setSingleShot(true);
    m_pending->setInterval(kRebuildDelayMs);
    connect(m_pending, &QTimer::timeout, this, &TrayMenu::update);
    // Rebuilt once it has closed, not in aboutToHide: the action that closed it still runs.
    connect(m_menu, &QMenu::aboutToHide, this, [this] {
        if (m_layoutStale)
            scheduleRebuild();
    });
    connect(m_menu, &QMenu::aboutToShow, &m_controller, &TrayController::acknowledgeAttention);
    connect(m_menu, &QMenu::aboutToShow, this, [this] { m_controller.setLooking(m_menu, true); });
    connect(m_menu, &QMenu::aboutToHide, this, [this] { m_controller.setLooking(m_menu, false); });
    connect(&m_model, &QAbstractItemModel::modelReset, this, &TrayMenu::scheduleRebuild);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &TrayMenu::scheduleRebuild);
    connect(&m_controller, &TrayController::changed, this, &TrayMenu::scheduleRebuild); // Release all, autostart
    rebuild();
}

TrayMenu::~TrayMenu()
{
    delete m_menu; // and the submenus, its children
}

void TrayMenu::scheduleRebuild()
{
    if (!m_pending->isActive())
        m_pending->start();
}

QStringList TrayMenu::chooseDevices() const
{
    const int limit = m_controller.settings().menuSize();
    QList<int> rows(m_model.rowCount());
    std::iota(rows.begin(), rows.end(), 0);
    std::sort(rows.begin(), rows.end(), [this](int a, int b) {
        return QString::localeAwareCompare(m_model.view(a).name, m_model.view(b).name) < 0;
    });
    QStringList chosen;
    auto add = [&chosen, limit](const QString &id) {
        if (chosen.size() < limit && !chosen.contains(id))
            chosen << id;
    };
    // What matters now first, then what was used lately, then the rest by name.
    for (int row : std::as_const(rows))
        if (const DeviceView &v = m_model.view(row); v.click == DeviceView::Click::Release || v.queued || v.attention)
            add(v.id);
    for (int row : std::as_const(rows))
        if (const DeviceView &v = m_model.view(row); v.look == Icons::Look::Busy)
            add(v.id);
    for (const QString &id : m_controller.settings().recentlyUsed())
        if (m_model.rowOf(id) >= 0)
            add(id);
    for (int row : std::as_const(rows))
        add(m_model.view(row).id);
    // Shown by name, so a line does not jump when its state changes.
    QStringList shown;
    for (int row : std::as_const(rows))
        if (chosen.contains(m_model.view(row).id))
            shown << m_model.view(row).id;
    return shown;
}

void TrayMenu::update()
{
    if (m_menu->isVisible())
        updateInPlace();
    else
        rebuild();
}

QString TrayMenu::shapeOf(const DeviceView &view, bool lab) const
{
    if (view.click != DeviceView::Click::None)
        return QStringLiteral("action");
    if (lab)
        return QStringLiteral("sub queued=%1 known=%2").arg(view.queued).arg(view.look != Icons::Look::Unknown);
    const DeviceStatus status = m_controller.status(view.id);
    return QStringLiteral("sub queued=%1 inUse=%2 busy=%3 watched=%4")
        .arg(view.queued)
        .arg(status.state == DeviceStatus::State::InUse)
        .arg(status.isBusy() || status.state == DeviceStatus::State::Unknown)
        .arg(m_controller.isWatchedForFree(view.id));
}

void TrayMenu::updateInPlace()
{
    if (chooseDevices() != m_shown)
        m_layoutStale = true;
    auto refresh = [this](const DeviceView &view, const QString &name, bool lab) {
        QAction *action = m_menu->findChild<QAction *>(name, Qt::FindChildrenRecursively);
        if (!action || !m_shapes.contains(name)) {
            m_layoutStale = true;
            return;
        }
        if (m_shapes.value(name) != shapeOf(view, lab))
            m_layoutStale = true;
        action->setText(labelOf(view));
        action->setIcon(Icons::device(view.look));
    };
    for (const QString &id : std::as_const(m_shown)) {
        const int row = m_model.rowOf(id);
        if (row < 0)
            m_layoutStale = true;
        else
            refresh(m_model.view(row), QStringLiteral("device:") + id, false);
    }
    if (LabListModel *lab = m_controller.labModel()) {
        const int limit = m_controller.settings().menuSize();
        for (int row = 0; row < lab->rowCount() && row < limit; ++row)
            refresh(lab->view(row), QStringLiteral("lab:") + lab->view(row).id, true);
    }
    if (QAction *releaseAll = m_menu->findChild<QAction *>(QStringLiteral("releaseAll")))
        updateReleaseAll(releaseAll);
}

void TrayMenu::updateReleaseAll(QAction *releaseAll) const
{
    int waiting = m_controller.labWaitingCount(); // Release all leaves the lab's queues too
    for (int row = 0; row < m_model.rowCount(); ++row)
        waiting += m_model.view(row).queued;
    releaseAll->setText(waiting > 0 ? tr("Release all and cancel %n waiting claim(s)", nullptr, waiting) : tr("Release all"));
    releaseAll->setEnabled(m_controller.heldCount() > 0 || waiting > 0);
}

void TrayMenu::onClick(const QString &id)
{
    const int row = m_model.rowOf(id);
    if (row >= 0 && m_model.view(row).click == DeviceView::Click::Release)
        m_controller.release(id);
    else
        m_controller.claim(id); // refused, with the reason, if it became busy meanwhile
}

void TrayMenu::rebuild()
{
    m_pending->stop();
    m_layoutStale = false;
    m_shapes.clear();
    m_menu->clear();
    qDeleteAll(m_submenus);
    m_submenus.clear();
    m_shown = chooseDevices();
    if (m_model.rowCount() == 0) {
        QAction *none = m_menu->addAction(tr("No devices found or configured"));
        none->setEnabled(false);
    }
    for (const QString &id : std::as_const(m_shown))
        addLocalDevice(m_model.view(m_model.rowOf(id)));
    if (m_shown.size() < m_model.rowCount()) {
        QAction *more = m_menu->addAction(tr("%n more in Devices…", nullptr, int(m_model.rowCount() - m_shown.size())));
        more->setObjectName(QStringLiteral("more"));
        connect(more, &QAction::triggered, this, &TrayMenu::devicesWindowRequested);
    }
    addLabSection();
    addFooter();
}

void TrayMenu::addLabSection()
{
    LabController *lab = m_controller.lab();
    LabListModel *model = m_controller.labModel();
    if (!lab || !model)
        return;
    if (!m_labWired) {
        connect(model, &QAbstractItemModel::modelReset, this, &TrayMenu::scheduleRebuild);
        connect(model, &QAbstractItemModel::dataChanged, this, &TrayMenu::scheduleRebuild);
        m_labWired = true;
    }
    m_menu->addSeparator();
    const QString problem = lab->problem();
    QAction *header = m_menu->addAction(problem.isEmpty() ? lab->title() : tr("%1 — %2").arg(lab->title(), problem));
    header->setObjectName(QStringLiteral("labHeader"));
    header->setEnabled(false);
    if (model->rowCount() == 0 && problem.isEmpty()) {
        QAction *none = m_menu->addAction(tr("No lab device is in use or listed ([lab] devices=)"));
        none->setEnabled(false);
    }
    const int limit = m_controller.settings().menuSize();
    for (int row = 0; row < model->rowCount() && row < limit; ++row) {
        const DeviceView &view = model->view(row);
        const QString id = view.id;
        if (view.click != DeviceView::Click::None) {
            addDevice(view, QStringLiteral("lab:"));
            continue;
        }
        QMenu *sub = addSubmenu(view, QStringLiteral("lab:"));
        QAction *action = sub->addAction(view.queued ? tr("Leave the queue") : tr("Wait in the queue"));
        action->setObjectName(view.queued ? QStringLiteral("labLeave") : QStringLiteral("labWait"));
        action->setEnabled(view.look != Icons::Look::Unknown);
        const bool queued = view.queued;
        connect(action, &QAction::triggered, lab, [lab, id, queued] { queued ? lab->leave(id) : lab->waitInQueue(id); });
    }
    if (model->rowCount() > limit) {
        QAction *more = m_menu->addAction(tr("%n more in Devices…", nullptr, model->rowCount() - limit));
        connect(more, &QAction::triggered, this, &TrayMenu::devicesWindowRequested);
    }
}

QString TrayMenu::labelOf(const DeviceView &view) const
{
    const QFontMetrics metrics(m_menu->font());
    return QStringLiteral("%1 — %2").arg(metrics.elidedText(view.name, Qt::ElideMiddle, kNameWidth),
                                         metrics.elidedText(view.description, Qt::ElideRight, kDescriptionWidth));
}

QMenu *TrayMenu::addSubmenu(const DeviceView &view, const QString &namePrefix)
{
    QMenu *sub = m_menu->addMenu(Icons::device(view.look), labelOf(view));
    m_submenus << sub;
    m_shapes.insert(namePrefix + view.id, shapeOf(view, namePrefix == u"lab:"));
    sub->menuAction()->setObjectName(namePrefix + view.id);
    sub->menuAction()->setToolTip(QStringLiteral("%1 — %2").arg(view.name, view.description));
    sub->setToolTipsVisible(true);
    return sub;
}

// A line whose click claims or releases: a local device (namePrefix "device:") or a lab
// device ("lab:").
void TrayMenu::addDevice(const DeviceView &view, const QString &namePrefix)
{
    const QString id = view.id;
    const bool claim = view.click == DeviceView::Click::Claim;
    QAction *action = m_menu->addAction(Icons::device(view.look), labelOf(view));
    m_shapes.insert(namePrefix + id, shapeOf(view, namePrefix == u"lab:"));
    action->setObjectName(namePrefix + id);
    action->setToolTip(QStringLiteral("%1 — %2\n%3").arg(view.name, view.description,
                                                         claim ? tr("Click to claim") : tr("Click to release")));
    if (namePrefix == u"lab:") {
        LabController *lab = m_controller.lab();
        connect(action, &QAction::triggered, lab, [lab, id, claim] { claim ? lab->claim(id) : lab->leave(id); });
        return;
    }
    connect(action, &QAction::triggered, &m_controller, [this, id] { onClick(id); });
}

void TrayMenu::addLocalDevice(const DeviceView &view)
{
    if (view.click != DeviceView::Click::None) {
        addDevice(view, QStringLiteral("device:"));
        return;
    }
    const QString id = view.id;
    QMenu *sub = addSubmenu(view, QStringLiteral("device:"));
    const DeviceStatus status = m_controller.status(id);
    if (status.state == DeviceStatus::State::InUse) {
        // The lock is free but a program that is not devlatch uses the device.
        QAction *claim = sub->addAction(tr("Claim anyway"));
        claim->setObjectName(QStringLiteral("claimAnyway"));
        connect(claim, &QAction::triggered, &m_controller, [this, id] { m_controller.claim(id); });
    }
    if (view.queued) {
        QAction *cancel = sub->addAction(tr("Cancel claim when free"));
        cancel->setObjectName(QStringLiteral("cancelClaimWhenFree"));
        connect(cancel, &QAction::triggered, &m_controller, [this, id] { m_controller.cancelClaimWhenFree(id); });
    } else if (status.isBusy() || status.state == DeviceStatus::State::Unknown) {
        QAction *queue = sub->addAction(tr("Claim when free"));
        queue->setObjectName(QStringLiteral("claimWhenFree"));
        connect(queue, &QAction::triggered, &m_controller, [this, id] { m_controller.claimWhenFree(id); });
    }
    QAction *notify = sub->addAction(tr("Notify when free"));
    notify->setObjectName(QStringLiteral("notifyWhenFree"));
    notify->setCheckable(true);
    notify->setChecked(m_controller.isWatchedForFree(id));
    connect(notify, &QAction::toggled, &m_controller, [this, id](bool on) { m_controller.notifyWhenFree(id, on); });
}

void TrayMenu::addFooter()
{
    m_menu->addSeparator();
    QAction *releaseAll = m_menu->addAction(QString());
    releaseAll->setObjectName(QStringLiteral("releaseAll"));
    updateReleaseAll(releaseAll);
    connect(releaseAll, &QAction::triggered, &m_controller, &TrayController::releaseAll);
    auto add = [this](const QString &text, const char *name, void (TrayMenu::*signal)()) {
        QAction *action = m_menu->addAction(text);
        action->setObjectName(QLatin1String(name));
        connect(action, &QAction::triggered, this, signal);
    };
    add(tr("Devices…"), "devices", &TrayMenu::devicesWindowRequested);
    add(tr("Settings…"), "settings", &TrayMenu::settingsRequested);
    QAction *autostart = m_menu->addAction(tr("Start at login"));
    autostart->setObjectName(QStringLiteral("startAtLogin"));
    autostart->setCheckable(true);
    autostart->setChecked(m_controller.startsAtLogin());
    connect(autostart, &QAction::toggled, &m_controller, [this](bool on) { m_controller.setStartsAtLogin(on); });
    add(tr("About devlatch"), "about", &TrayMenu::aboutRequested);
    m_menu->addSeparator();
    add(tr("Quit"), "quit", &TrayMenu::quitRequested);
}

} // namespace devlatch::tray
