// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QWidget;

namespace devlatch::tray {

class TrayController;

// Every action on one device as a QAction, so the Devices window's buttons, its context menu
// and its shortcuts trigger the same things and follow the selected device's state. What an
// action did (or why not) comes back as a message for the window to show.
class DeviceActions final : public QObject {
    Q_OBJECT

public:
    DeviceActions(TrayController &controller, QWidget *window);

    void setDevice(const QString &deviceId); // enables, checks and names the actions for it
    QString device() const { return m_device; }
    void update();                           // after the device's state changed
    // Enter and double-click: claim it, or release it when it is yours.
    void toggle();
    QMenu *contextMenu(QWidget *parent) const;

    QAction *claim;
    QAction *release;
    QAction *claimWhenFree;
    QAction *notifyWhenFree;
    QAction *editNote;
    QAction *alias;
    QAction *claimAtLogin;
    QAction *copyId;

Q_SIGNALS:
    void message(const QString &text, bool problem);
    void editNoteRequested(const QString &deviceId);
    void aliasRequested(const QString &deviceId);
    void done(); // an action ran: the window gives the focus back to the table

private:
    QAction *make(const QString &text, const char *name);

    TrayController &m_controller;
    QWidget *m_window;
    QString m_device;
};

} // namespace devlatch::tray
