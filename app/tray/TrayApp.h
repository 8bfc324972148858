#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

namespace devlatch::tray {

class DevicesWindow;
class TrayController;
class TrayIcon;

// Puts the pieces together for the running application: the controller, the tray icon
// (waiting for the panel when started at login), the Devices window and quitting.
class TrayApp final : public QObject {
    Q_OBJECT

public:
    struct Options {
        bool autostart = false; // started at login: quiet, wait for the panel, claim at login
    };
    TrayApp(TrayController &controller, Options options, QObject *parent = nullptr);
    ~TrayApp() override;

    void start();
    void showDevicesWindow();
    DevicesWindow *devicesWindow() const;
    TrayIcon *trayIcon() const { return m_icon; }
    // Quitting releases every claim, so ask first when holding some. Tests replace it.
    std::function<bool(int heldCount)> confirmQuit;
    void requestQuit();

private:
    void waitForPanel(int attemptsLeft);

    TrayController &m_controller;
    Options m_options;
    TrayIcon *m_icon = nullptr;
    QPointer<DevicesWindow> m_window;
};

} // namespace devlatch::tray
