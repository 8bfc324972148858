// SPDX-License-Identifier: MIT
#include "TrayMenu.h"

#include "DeviceListModel.h"
#include "Icons.h"
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
    connect(m_pending, &QTimer::timeout, this, &TrayMenu::rebuild);
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
    delete m_menu;
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

void TrayMenu::rebuild()
{
    m_pending->stop();
    m_menu->clear();
    m_shown = chooseDevices();
    if (m_model.rowCount() == 0) {
        QAction *none = m_menu->addAction(tr("No devices found or configured"));
        none->setEnabled(false);
    }
    for (const QString &id : std::as_const(m_shown))
        addDevice(m_model.view(m_model.rowOf(id)));
    if (m_shown.size() < m_model.rowCount()) {
        QAction *more = m_menu->addAction(tr("%n more in Devices…", nullptr, int(m_model.rowCount() - m_shown.size())));
        more->setObjectName(QStringLiteral("more"));
        connect(more, &QAction::triggered, this, &TrayMenu::devicesWindowRequested);
    }
    addFooter();
}

void TrayMenu::addDevice(const DeviceView &view)
{
    const QFontMetrics metrics(m_menu->font());
    const QString label = QStringLiteral("%1 — %2").arg(metrics.elidedText(view.name, Qt::ElideMiddle, kNameWidth),
                                                          metrics.elidedText(view.description, Qt::ElideRight, kDescriptionWidth));
    const QString objectName = QStringLiteral("device:") + view.id;
    const QString id = view.id;
    const QIcon icon = Icons::device(view.look);
    if (view.click != DeviceView::Click::None) {
        QAction *action = m_menu->addAction(icon, label);
        action->setObjectName(objectName);
        const bool claim = view.click == DeviceView::Click::Claim;
        action->setToolTip(QStringLiteral("%1 — %2\n%3").arg(view.name, view.description,
                                                             claim ? tr("Click to claim") : tr("Click to release")));
        connect(action, &QAction::triggered, &m_controller, [this, id, claim] {
            if (claim)
                m_controller.claim(id);
            else
                m_controller.release(id);
        });
        return;
    }
    QMenu *sub = m_menu->addMenu(icon, label);
    sub->menuAction()->setObjectName(objectName);
    sub->menuAction()->setToolTip(QStringLiteral("%1 — %2").arg(view.name, view.description));
    sub->setToolTipsVisible(true);
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
    int waiting = 0;
    for (int row = 0; row < m_model.rowCount(); ++row)
        waiting += m_model.view(row).queued;
    QAction *releaseAll = m_menu->addAction(waiting > 0 ? tr("Release all and cancel %n waiting claim(s)", nullptr, waiting)
                                                        : tr("Release all"));
    releaseAll->setObjectName(QStringLiteral("releaseAll"));
    releaseAll->setEnabled(m_controller.heldCount() > 0 || waiting > 0);
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
