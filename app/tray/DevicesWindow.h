// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace devlatch::tray {

class DeviceActions;
class DeviceDetails;
class DeviceListModel;
class TrayController;

// The Devices window: every device of the shared model in a filterable table, the selected
// one's details and history, and its actions as buttons, context menu and keys (Enter and
// double-click claim or release, Delete releases, F2 names it, Ctrl+F filters). A message
// line says what an action did or why not. Without a tray it is the app: it says how to get
// a tray, has Quit, and closing it asks when claims are held (TrayApp decides).
class DevicesWindow final : public QWidget {
    Q_OBJECT

public:
    DevicesWindow(TrayController &controller, DeviceListModel &model, QWidget *parent = nullptr);
    ~DevicesWindow() override;

    QString selectedDeviceId() const;
    bool selectDevice(const QString &deviceId);
    void setFilterText(const QString &text);
    QTableView *table() const { return m_table; }
    DeviceActions *actions() const { return m_actions; }
    QString message() const;
    void showMessage(const QString &text, bool problem);
    void bringToFront();
    // No tray: the window is the app (hint, Quit button, closing asks).
    void setStandalone(bool standalone);
    bool isStandalone() const { return m_standalone; }

    // The editors ask through these, so tests can answer without a modal dialog.
    std::function<bool(const QString &title, const QString &label, QString &text)> askText;
    std::function<bool(const QString &deviceName, bool held, QString &note, bool &pinned)> askNote;

Q_SIGNALS:
    void quitRequested();           // the Quit button
    void closeRequested();          // standalone: the window's close button (TrayApp asks)
    void settingsRequested();
    void aboutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *makeButtons();
    void setUpTable();
    void restoreLayout();
    void saveLayout();
    void selectionChanged();
    void selectFirst();
    void editNote(const QString &deviceId);
    void editAlias(const QString &deviceId);

    TrayController &m_controller;
    DeviceListModel &m_model;
    DeviceActions *m_actions;
    DeviceDetails *m_details;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_noTray;
    QLabel *m_message;
    QPushButton *m_quit;
    QString m_keptSelection; // across a reset of the device list
    bool m_standalone = false;
};

} // namespace devlatch::tray
