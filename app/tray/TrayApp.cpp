// SPDX-License-Identifier: MIT
#include "TrayApp.h"

#include "AboutDialog.h"
#include "DeviceListModel.h"
#include "DevicesWindow.h"
#include "LabListModel.h"
#include "Notifier.h"
#include "SettingsDialog.h"
#include "TrayController.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QTimer>

namespace devlatch::tray {

namespace {
constexpr int kPanelAttemptsAtLogin = 30; // the panel may start after us at login: ~30 s
constexpr int kPanelAttempts = 3;         // a panel that is up answers within moments
constexpr int kPanelRetryMs = 1000;

QString whatQuittingDoes(const QStringList &held, int queued)
{
    QString text;
    if (!held.isEmpty())
        text = TrayApp::tr("Quitting releases %n device(s): %1.", nullptr, int(held.size())).arg(held.join(QStringLiteral(", ")));
    if (queued > 0)
        text += u' ' + TrayApp::tr("It cancels %n waiting claim(s).", nullptr, queued);
    return text.trimmed();
}
} // namespace

TrayApp::TrayApp(TrayController &controller, Options options, QObject *parent)
    : QObject(parent), m_controller(controller), m_options(options), m_model(new DeviceListModel(controller, this))
{
    confirmQuit = [](const QStringList &held, int queued) {
        QMessageBox box(QMessageBox::Question, tr("Quit devlatch"), whatQuittingDoes(held, queued));
        box.setInformativeText(tr("Quit anyway?"));
        box.setStandardButtons(QMessageBox::Yes | QMessageBox::No);
        box.setDefaultButton(QMessageBox::No);
        return box.exec() == QMessageBox::Yes;
    };
    askClose = [](const QStringList &held, int queued) {
        QMessageBox box(QMessageBox::Question, tr("Close devlatch"), whatQuittingDoes(held, queued));
        box.setInformativeText(tr("There is no tray here: keep running, the claims kept, with no window (start "
                                  "devlatch again to see it), or quit?"));
        QPushButton *quit = box.addButton(tr("Quit and release"), QMessageBox::DestructiveRole);
        QPushButton *keep = box.addButton(tr("Keep running"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(keep);
        box.exec();
        return box.clickedButton() == quit ? CloseChoice::Quit
               : box.clickedButton() == keep ? CloseChoice::KeepRunning
                                             : CloseChoice::Cancel;
    };
    connect(&m_controller.notifier(), &Notifier::actionInvoked, this, [this](const QString &deviceId, const QString &action) {
        if (action == u"default")
            showDevicesWindow(deviceId);
    });
}

TrayApp::~TrayApp()
{
    delete m_window;
}

void TrayApp::start()
{
    m_icon = new TrayIcon(m_controller, *m_model, this);
    connect(m_icon, &TrayIcon::devicesWindowRequested, this, [this] { showDevicesWindow(); });
    connect(m_icon, &TrayIcon::settingsRequested, this, &TrayApp::showSettings);
    connect(m_icon, &TrayIcon::aboutRequested, this, &TrayApp::showAbout);
    connect(m_icon, &TrayIcon::quitRequested, this, &TrayApp::requestQuit);
    if (m_options.autostart)
        m_controller.claimAtLogin();
    waitForPanel(m_options.autostart ? kPanelAttemptsAtLogin : kPanelAttempts);
}

void TrayApp::waitForPanel(int attemptsLeft)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_icon->show();
        return;
    }
    if (attemptsLeft > 0) {
        QTimer::singleShot(kPanelRetryMs, this, [this, attemptsLeft] { waitForPanel(attemptsLeft - 1); });
        return;
    }
    // No panel with a tray: the window is the app.
    m_hasTray = false;
    showDevicesWindow();
}

QByteArray TrayApp::stateJson() const
{
    static const char *trayStates[] = {"idle", "holding", "attention"};
    QJsonArray devices;
    for (const DeviceStatus &s : m_controller.statuses()) {
        const DeviceView shown = m_controller.view(s.device.id);
        QJsonObject device = s.toJson();
        device[QStringLiteral("name")] = shown.name;
        device[QStringLiteral("shown")] = shown.description;
        device[QStringLiteral("stateText")] = shown.stateText;
        device[QStringLiteral("queued")] = shown.queued;
        device[QStringLiteral("attention")] = shown.attention;
        devices.append(device);
    }
    QJsonArray labDevices;
    if (const LabListModel *lab = m_controller.labModel())
        for (int row = 0; row < lab->rowCount(); ++row) {
            const DeviceView &shown = lab->view(row);
            labDevices.append(QJsonObject{{QStringLiteral("id"), shown.id},
                                          {QStringLiteral("stateText"), shown.stateText},
                                          {QStringLiteral("shown"), shown.description},
                                          {QStringLiteral("queued"), shown.queued}});
        }
    QJsonObject state = jsonDocumentFor(QStringLiteral("state"));
    state[QStringLiteral("tray")] = QLatin1String(trayStates[int(m_controller.trayState())]);
    state[QStringLiteral("tooltip")] = m_controller.tooltip();
    state[QStringLiteral("scope")] = m_controller.scopeName();
    state[QStringLiteral("devices")] = devices;
    if (m_controller.labModel())
        state[QStringLiteral("lab")] = labDevices;
    state[QStringLiteral("trayIcon")] = m_hasTray;
    state[QStringLiteral("window")] = m_window && m_window->isVisible() ? QStringLiteral("shown") : QStringLiteral("hidden");
    return QJsonDocument(state).toJson(QJsonDocument::Compact);
}

DevicesWindow *TrayApp::devicesWindow() const
{
    return m_window;
}

void TrayApp::showDevicesWindow(const QString &deviceId)
{
    if (!m_window) {
        m_window = new DevicesWindow(m_controller, *m_model);
        m_window->setStandalone(!m_hasTray);
        connect(m_window, &DevicesWindow::quitRequested, this, &TrayApp::requestQuit);
        connect(m_window, &DevicesWindow::closeRequested, this, &TrayApp::requestClose);
        connect(m_window, &DevicesWindow::settingsRequested, this, &TrayApp::showSettings);
        connect(m_window, &DevicesWindow::aboutRequested, this, &TrayApp::showAbout);
    }
    if (!deviceId.isEmpty())
        m_window->selectDevice(deviceId);
    m_window->bringToFront();
}

void TrayApp::showSettings()
{
    SettingsDialog dialog(m_controller, m_window);
    connect(&dialog, &SettingsDialog::iconStyleChanged, m_icon, &TrayIcon::restyle);
    dialog.exec();
}

void TrayApp::showAbout()
{
    AboutDialog dialog(m_controller, m_window);
    dialog.exec();
}

int TrayApp::queuedCount() const
{
    int queued = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        queued += m_model->view(row).queued;
    return queued + m_controller.labWaitingCount();
}

void TrayApp::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    // Lab claims end on the server before the process does: others see them free at once.
    // exit(), not quit(): Qt 6's quit() first asks every window to close, and the window's
    // close asks whether to quit, which is already decided here.
    m_controller.shutDown([] { QCoreApplication::exit(0); });
}

void TrayApp::requestQuit()
{
    const QStringList held = m_controller.heldNames();
    const int queued = queuedCount();
    if ((!held.isEmpty() || queued > 0) && !confirmQuit(held, queued))
        return;
    quit();
}

void TrayApp::requestClose()
{
    const QStringList held = m_controller.heldNames();
    const int queued = queuedCount();
    if (held.isEmpty() && queued == 0) {
        quit(); // nothing to keep: an invisible process would only confuse
        return;
    }
    switch (askClose(held, queued)) {
    case CloseChoice::Quit: quit(); break;
    case CloseChoice::KeepRunning: m_window->hide(); break;
    case CloseChoice::Cancel: break;
    }
}

} // namespace devlatch::tray
