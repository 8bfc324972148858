// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSystemTrayIcon;

namespace devlatch::tray {

class DeviceListModel;
class TrayController;
class TrayMenu;

// The icon in the panel: its shape says idle / holding / attention (in colour, or in the
// panel's own colour when the person chose the monochrome style), its tooltip sums up,
// right click opens TrayMenu, left click (where the panel delivers it) opens the window.
class TrayIcon final : public QObject {
    Q_OBJECT

public:
    TrayIcon(TrayController &controller, DeviceListModel &model, QObject *parent = nullptr);
    ~TrayIcon() override;

    QSystemTrayIcon *systemTrayIcon() const { return m_icon; }
    TrayMenu *menu() const { return m_menu; }
    void show();
    void restyle(); // the icon style setting changed

Q_SIGNALS:
    void devicesWindowRequested();
    void settingsRequested();
    void aboutRequested();
    void quitRequested();

private:
    void update();

    TrayController &m_controller;
    QSystemTrayIcon *m_icon;
    TrayMenu *m_menu;
    int m_lastState = -1;
};

} // namespace devlatch::tray
