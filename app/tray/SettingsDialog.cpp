// SPDX-License-Identifier: MIT
#include "SettingsDialog.h"

#include "TrayController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace devlatch::tray {

SettingsDialog::SettingsDialog(TrayController &controller, QWidget *parent) : QDialog(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("devlatch — Settings"));
    TraySettings &settings = controller.settings();
    m_notifications = new QCheckBox(tr("Show notifications"), this);
    m_notifications->setObjectName(QStringLiteral("notifications"));
    m_notifications->setChecked(settings.notificationsEnabled());
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("scope"));
    m_scope->addItem(tr("As configured (devlatch.conf)"), QString());
    m_scope->addItem(tr("Machine: every user on this computer sees your claims"), QStringLiteral("machine"));
    m_scope->addItem(tr("User: only your own programs see them"), QStringLiteral("user"));
    m_scope->setCurrentIndex(std::max(0, m_scope->findData(settings.scope())));
    m_scopeHint = new QLabel(tr("Now: %1 scope, locks in %2. A new scope applies when devlatch starts again.")
                                 .arg(controller.scopeName(), controller.lockDirectory()),
                             this);
    m_scopeHint->setWordWrap(true);
    m_scopeHint->setTextFormat(Qt::PlainText);
    m_startAtLogin = new QCheckBox(tr("Start devlatch when I log in"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_startAtLogin->setChecked(controller.startsAtLogin());
    m_menuSize = new QSpinBox(this);
    m_menuSize->setObjectName(QStringLiteral("menuSize"));
    m_menuSize->setRange(TraySettings::kMinMenuSize, TraySettings::kMaxMenuSize);
    m_menuSize->setValue(settings.menuSize());
    m_menuSize->setSuffix(tr(" devices"));
    m_monochrome = new QCheckBox(tr("Panel-coloured (monochrome) tray icon"), this);
    m_monochrome->setObjectName(QStringLiteral("monochrome"));
    m_monochrome->setChecked(settings.monochromeIcon());

    auto *form = new QFormLayout(this);
    form->addRow(m_notifications);
    form->addRow(tr("Lock scope:"), m_scope);
    form->addRow(m_scopeHint);
    form->addRow(m_startAtLogin);
    form->addRow(tr("Tray menu lists up to:"), m_menuSize);
    form->addRow(m_monochrome);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void SettingsDialog::apply()
{
    TraySettings &settings = m_controller.settings();
    settings.setNotificationsEnabled(m_notifications->isChecked());
    settings.setScope(m_scope->currentData().toString());
    settings.setMenuSize(m_menuSize->value());
    if (m_startAtLogin->isChecked() != m_controller.startsAtLogin())
        m_controller.setStartsAtLogin(m_startAtLogin->isChecked());
    if (m_monochrome->isChecked() != settings.monochromeIcon()) {
        settings.setMonochromeIcon(m_monochrome->isChecked());
        Q_EMIT iconStyleChanged();
    }
    Q_EMIT m_controller.changed(); // the menu's size, the icon
}

} // namespace devlatch::tray
