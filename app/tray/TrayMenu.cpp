#include "TrayMenu.h"

#include "Icons.h"
#include "TrayController.h"

#include "arbiter/StateTracker.h"

#include <QMenu>

#include <algorithm>

namespace devlatch::tray {

TrayMenu::TrayMenu(TrayController &controller, QObject *parent)
    : QObject(parent), m_controller(controller), m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    connect(m_menu, &QMenu::aboutToShow, this, [this] {
        m_controller.acknowledgeAttention();
        rebuild();
    });
    // Keep it live while open: other processes claim and release under the person's eyes.
    connect(&m_controller, &TrayController::changed, this, [this] {
        if (m_menu->isVisible())
            rebuild();
    });
    rebuild();
}

TrayMenu::~TrayMenu()
{
    delete m_menu;
}

void TrayMenu::rebuild()
{
    m_menu->clear();
    QList<DeviceStatus> statuses = m_controller.statuses();
    std::sort(statuses.begin(), statuses.end(), [this](const DeviceStatus &a, const DeviceStatus &b) {
        return QString::localeAwareCompare(m_controller.displayName(a.device.id), m_controller.displayName(b.device.id)) < 0;
    });

    // Which devices get a line: all when few; otherwise the ones that matter now.
    QStringList shown;
    if (statuses.size() <= kMaxDevices) {
        for (const DeviceStatus &s : statuses)
            shown << s.device.id;
    } else {
        auto add = [&shown](const QString &id) {
            if (shown.size() < kMaxDevices && !shown.contains(id))
                shown << id;
        };
        for (const DeviceStatus &s : statuses)
            if (s.state == DeviceStatus::State::HeldByMe || m_controller.isQueued(s.device.id))
                add(s.device.id);
        for (const DeviceStatus &s : statuses)
            if (s.isBusy())
                add(s.device.id);
        for (const QString &id : m_controller.settings().recentlyUsed())
            if (m_controller.tracker().contains(id))
                add(id);
    }
    if (statuses.isEmpty()) {
        QAction *none = m_menu->addAction(tr("No devices configured"));
        none->setEnabled(false);
    }
    for (const QString &id : std::as_const(shown))
        addDevice(id);
    if (shown.size() < statuses.size()) {
        QAction *more = m_menu->addAction(tr("%n more in Devices…", nullptr, int(statuses.size() - shown.size())));
        connect(more, &QAction::triggered, this, &TrayMenu::devicesWindowRequested);
    }

    m_menu->addSeparator();
    QAction *releaseAll = m_menu->addAction(tr("Release all"));
    releaseAll->setObjectName(QStringLiteral("releaseAll"));
    releaseAll->setEnabled(m_controller.holdsAny());
    connect(releaseAll, &QAction::triggered, &m_controller, &TrayController::releaseAll);
    QAction *devices = m_menu->addAction(tr("Devices…"));
    devices->setObjectName(QStringLiteral("devices"));
    connect(devices, &QAction::triggered, this, &TrayMenu::devicesWindowRequested);
    QAction *autostart = m_menu->addAction(tr("Start at login"));
    autostart->setObjectName(QStringLiteral("startAtLogin"));
    autostart->setCheckable(true);
    autostart->setChecked(m_controller.startsAtLogin());
    connect(autostart, &QAction::toggled, &m_controller, [this](bool on) { m_controller.setStartsAtLogin(on); });
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit"));
    quit->setObjectName(QStringLiteral("quit"));
    connect(quit, &QAction::triggered, this, &TrayMenu::quitRequested);
}

void TrayMenu::addDevice(const QString &deviceId)
{
    const DeviceStatus status = m_controller.status(deviceId);
    const QString label = QStringLiteral("%1 — %2").arg(m_controller.displayName(deviceId), m_controller.describeState(status));
    const QString objectName = QStringLiteral("device:") + deviceId;
    switch (status.state) {
    case DeviceStatus::State::Free: {
        QAction *action = m_menu->addAction(Icons::free(), label);
        action->setObjectName(objectName);
        action->setToolTip(tr("Click to claim"));
        connect(action, &QAction::triggered, &m_controller, [this, deviceId] { m_controller.claim(deviceId); });
        return;
    }
    case DeviceStatus::State::HeldByMe: {
        QAction *action = m_menu->addAction(Icons::mine(), label);
        action->setObjectName(objectName);
        action->setToolTip(tr("Click to release"));
        connect(action, &QAction::triggered, &m_controller, [this, deviceId] { m_controller.release(deviceId); });
        return;
    }
    case DeviceStatus::State::InUse: {
        // The lock is free but a program that is not devlatch uses the device.
        QMenu *sub = m_menu->addMenu(Icons::busy(), label);
        sub->menuAction()->setObjectName(objectName);
        QAction *claim = sub->addAction(tr("Claim anyway"));
        claim->setObjectName(QStringLiteral("claimAnyway"));
        connect(claim, &QAction::triggered, &m_controller, [this, deviceId] { m_controller.claim(deviceId); });
        return;
    }
    case DeviceStatus::State::Held:
    case DeviceStatus::State::HeldForeign: {
        QMenu *sub = m_menu->addMenu(Icons::busy(), label);
        sub->menuAction()->setObjectName(objectName);
        if (m_controller.isQueued(deviceId)) {
            QAction *cancel = sub->addAction(tr("Cancel claim when free"));
            cancel->setObjectName(QStringLiteral("cancelClaimWhenFree"));
            connect(cancel, &QAction::triggered, &m_controller,
                    [this, deviceId] { m_controller.cancelClaimWhenFree(deviceId); });
        } else {
            QAction *queue = sub->addAction(tr("Claim when free"));
            queue->setObjectName(QStringLiteral("claimWhenFree"));
            connect(queue, &QAction::triggered, &m_controller, [this, deviceId] { m_controller.claimWhenFree(deviceId); });
        }
        QAction *notify = sub->addAction(tr("Notify when free"));
        notify->setObjectName(QStringLiteral("notifyWhenFree"));
        notify->setCheckable(true);
        notify->setChecked(m_controller.isWatchedForFree(deviceId));
        connect(notify, &QAction::toggled, &m_controller,
                [this, deviceId](bool on) { m_controller.notifyWhenFree(deviceId, on); });
        return;
    }
    case DeviceStatus::State::Unknown: {
        QAction *action = m_menu->addAction(Icons::unplugged(), label);
        action->setObjectName(objectName);
        action->setEnabled(false);
        return;
    }
    }
}

} // namespace devlatch::tray
