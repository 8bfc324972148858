#pragma once

#include <QWidget>

#include <functional>

class QCheckBox;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace devlatch::tray {

class DeviceTableModel;
class TrayController;

// The Devices window: every device in a filterable table, and the actions for the selected
// one. Compact, one window, no dialog soup: notes and aliases are asked for inline.
class DevicesWindow final : public QWidget {
    Q_OBJECT

public:
    explicit DevicesWindow(TrayController &controller, QWidget *parent = nullptr);

    QString selectedDeviceId() const;
    bool selectDevice(const QString &deviceId);
    void setFilterText(const QString &text);
    QTableView *table() const { return m_table; }
    DeviceTableModel *model() const { return m_model; }
    void bringToFront();

    // The inline editors ask through these, so tests can answer without a modal dialog.
    std::function<bool(const QString &title, const QString &label, QString &text)> askText;

private:
    void updateButtons();
    void editNote();
    void editAlias();

    TrayController &m_controller;
    DeviceTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QPushButton *m_claim;
    QPushButton *m_release;
    QPushButton *m_claimWhenFree;
    QPushButton *m_note;
    QPushButton *m_alias;
    QCheckBox *m_claimAtLogin;
    QCheckBox *m_notifications;
};

} // namespace devlatch::tray
