// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace devlatch::tray {

class DeviceListModel;
class DevicesWindow;
class TrayController;
class TrayIcon;

// Puts the pieces together for the running application: the one device model, the tray icon
// (waiting for the panel when started at login), the Devices window, Settings and About, and
// quitting. Without a tray the window is the app: it has Quit, and closing it while claims
// are held asks whether to quit (releasing them) or keep running.
class TrayApp final : public QObject {
    Q_OBJECT

public:
    struct Options {
        bool autostart = false; // started at login: quiet, wait for the panel, claim at login
    };
    TrayApp(TrayController &controller, Options options, QObject *parent = nullptr);
    ~TrayApp() override;

    void start();
    void showDevicesWindow(const QString &deviceId = {});
    void showSettings();
    void showAbout();
    DevicesWindow *devicesWindow() const;
    TrayIcon *trayIcon() const { return m_icon; }
    DeviceListModel *model() const { return m_model; }
    bool hasTray() const { return m_hasTray; }
    // The controller's state (devlatch --state) plus the app's: tray icon or window-only,
    // whether the window shows.
    QByteArray stateJson() const;

    // Quitting releases every claim and cancels queued ones, so ask first, naming them.
    // Tests replace these.
    std::function<bool(const QStringList &held, int queued)> confirmQuit;
    enum class CloseChoice { Quit, KeepRunning, Cancel };
    std::function<CloseChoice(const QStringList &held, int queued)> askClose;
    void requestQuit();
    void requestClose(); // the window's close button, without a tray
    // Releases everything (the lab's on the server) and ends the application; no question.
    void quit();

private:
    void waitForPanel(int attemptsLeft);
    int queuedCount() const;

    TrayController &m_controller;
    Options m_options;
    DeviceListModel *m_model;
    TrayIcon *m_icon = nullptr;
    QPointer<DevicesWindow> m_window;
    bool m_hasTray = true;
    bool m_quitting = false; // quit() waits for the lab's answer: a second quit adds nothing
};

} // namespace devlatch::tray
