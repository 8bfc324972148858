// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace devlatch::tray {

class TrayController;

// The small Settings page: notifications, the lock scope, starting at login, how many
// devices the tray menu lists, and the panel-coloured (monochrome) tray icon. Applied at OK.
class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(TrayController &controller, QWidget *parent = nullptr);
    void apply();

Q_SIGNALS:
    void iconStyleChanged();

private:
    TrayController &m_controller;
    QCheckBox *m_notifications;
    QComboBox *m_scope;
    QLabel *m_scopeHint;
    QCheckBox *m_startAtLogin;
    QSpinBox *m_menuSize;
    QCheckBox *m_monochrome;
};

} // namespace devlatch::tray
