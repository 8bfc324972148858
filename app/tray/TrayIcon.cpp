// SPDX-License-Identifier: MIT
#include "TrayIcon.h"

#include "Icons.h"
#include "Notifier.h"
#include "TrayController.h"
#include "TrayMenu.h"

#include <QMenu>
#include <QSystemTrayIcon>

namespace devlatch::tray {

TrayIcon::TrayIcon(TrayController &controller, DeviceListModel &model, QObject *parent)
    : QObject(parent), m_controller(controller), m_icon(new QSystemTrayIcon(this)), m_menu(new TrayMenu(controller, model, this))
{
    m_icon->setContextMenu(m_menu->menu());
    connect(m_menu, &TrayMenu::devicesWindowRequested, this, &TrayIcon::devicesWindowRequested);
    connect(m_menu, &TrayMenu::settingsRequested, this, &TrayIcon::settingsRequested);
    connect(m_menu, &TrayMenu::aboutRequested, this, &TrayIcon::aboutRequested);
    connect(m_menu, &TrayMenu::quitRequested, this, &TrayIcon::quitRequested);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT devicesWindowRequested();
    });
    connect(&m_controller, &TrayController::changed, this, &TrayIcon::update);
    m_controller.notifier().setTrayIcon(m_icon);
    update();
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::show()
{
    m_icon->show();
}

void TrayIcon::restyle()
{
    m_lastState = -1;
    update();
}

void TrayIcon::update()
{
    const int state = int(m_controller.trayState());
    if (state != m_lastState) { // setIcon re-sends the pixmaps to the panel: only on change
        m_icon->setIcon(Icons::tray(m_controller.trayState(), m_controller.settings().monochromeIcon()));
        m_lastState = state;
    }
    const QString tooltip = m_controller.tooltip();
    if (m_icon->toolTip() != tooltip)
        m_icon->setToolTip(tooltip);
}

} // namespace devlatch::tray
