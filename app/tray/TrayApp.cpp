#include "TrayApp.h"

#include "DevicesWindow.h"
#include "Notifier.h"
#include "TrayController.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QMessageBox>
#include <QSystemTrayIcon>
#include <QTimer>

namespace devlatch::tray {

namespace {
constexpr int kPanelAttemptsAtLogin = 30; // the panel may start after us at login: ~30 s
constexpr int kPanelAttempts = 3;         // a panel that is up answers within moments
constexpr int kPanelRetryMs = 1000;
} // namespace

TrayApp::TrayApp(TrayController &controller, Options options, QObject *parent)
    : QObject(parent), m_controller(controller), m_options(options)
{
    confirmQuit = [](int held) {
        return QMessageBox::question(nullptr, tr("Quit devlatch"),
                                     tr("You hold %n device(s). Quitting releases them. Quit anyway?", nullptr, held),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
               == QMessageBox::Yes;
    };
}

TrayApp::~TrayApp()
{
    delete m_window;
}

void TrayApp::start()
{
    m_icon = new TrayIcon(m_controller, this);
    connect(m_icon, &TrayIcon::devicesWindowRequested, this, &TrayApp::showDevicesWindow);
    connect(m_icon, &TrayIcon::quitRequested, this, &TrayApp::requestQuit);
    if (m_options.autostart)
        m_controller.claimAtLogin();
    waitForPanel(m_options.autostart ? kPanelAttemptsAtLogin : kPanelAttempts);
}

void TrayApp::waitForPanel(int attemptsLeft)
{
    if (QSystemTrayIcon::isSystemTrayAvailable() || attemptsLeft <= 0) {
        m_icon->show();
        if (!QSystemTrayIcon::isSystemTrayAvailable()) {
            // No panel with a tray: still usable, through the window.
            showDevicesWindow();
            m_controller.notifier().notify(tr("No system tray"),
                                           tr("This desktop shows no tray icons; devlatch runs in its window instead."));
        }
        return;
    }
    QTimer::singleShot(kPanelRetryMs, this, [this, attemptsLeft] { waitForPanel(attemptsLeft - 1); });
}

DevicesWindow *TrayApp::devicesWindow() const
{
    return m_window;
}

void TrayApp::showDevicesWindow()
{
    if (!m_window)
        m_window = new DevicesWindow(m_controller);
    m_window->bringToFront();
}

void TrayApp::requestQuit()
{
    const int held = m_controller.heldCount();
    if (held > 0 && !confirmQuit(held))
        return;
    m_controller.releaseAll();
    QApplication::quit();
}

} // namespace devlatch::tray
