// SPDX-License-Identifier: MIT
#include "DeviceActions.h"

#include "TrayController.h"

#include "model/DeviceStatus.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QWidget>

namespace devlatch::tray {

DeviceActions::DeviceActions(TrayController &controller, QWidget *window)
    : QObject(window), m_controller(controller), m_window(window)
{
    claim = make(tr("&Claim"), "claim");
    release = make(tr("&Release"), "release");
    release->setShortcut(QKeySequence::Delete);
    claimWhenFree = make(tr("Claim when &free"), "claimWhenFree");
    notifyWhenFree = make(tr("&Notify when free"), "notifyWhenFree");
    notifyWhenFree->setCheckable(true);
    editNote = make(tr("Edit &note…"), "editNote");
    alias = make(tr("&Alias…"), "alias");
    alias->setShortcut(Qt::Key_F2);
    claimAtLogin = make(tr("Claim at &login"), "claimAtLogin");
    claimAtLogin->setCheckable(true);
    claimAtLogin->setToolTip(tr("Claim this device whenever devlatch starts at login"));
    copyId = make(tr("Copy device &id"), "copyId");
    copyId->setShortcut(QKeySequence::Copy);

    auto report = [this](const TrayController::Outcome &outcome) {
        Q_EMIT message(outcome.message, !outcome.ok);
        update();
        Q_EMIT done();
    };
    connect(claim, &QAction::triggered, this, [this, report] { report(m_controller.claim(m_device)); });
    connect(release, &QAction::triggered, this, [this, report] { report(m_controller.release(m_device)); });
    connect(claimWhenFree, &QAction::triggered, this, [this, report] {
        if (m_controller.isQueued(m_device)) {
            m_controller.cancelClaimWhenFree(m_device);
            report({true, tr("No longer waiting for %1").arg(m_controller.displayName(m_device))});
        } else {
            report(m_controller.claimWhenFree(m_device));
        }
    });
    connect(notifyWhenFree, &QAction::toggled, this, [this](bool on) {
        if (m_controller.isWatchedForFree(m_device) != on)
            m_controller.notifyWhenFree(m_device, on);
    });
    connect(editNote, &QAction::triggered, this, [this] { Q_EMIT editNoteRequested(m_device); });
    connect(alias, &QAction::triggered, this, [this] { Q_EMIT aliasRequested(m_device); });
    connect(claimAtLogin, &QAction::toggled, this, [this](bool on) {
        if (m_controller.settings().claimAtLogin(m_device) != on)
            m_controller.setClaimAtLogin(m_device, on);
    });
    connect(copyId, &QAction::triggered, this, [this] { QGuiApplication::clipboard()->setText(m_device); });
    update();
}

QAction *DeviceActions::make(const QString &text, const char *name)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(QLatin1String(name));
    // Shortcuts work while the table (or anything in the window) has the focus.
    action->setShortcutContext(Qt::WindowShortcut);
    m_window->addAction(action);
    return action;
}

void DeviceActions::setDevice(const QString &deviceId)
{
    m_device = deviceId;
    update();
}

void DeviceActions::update()
{
    const DeviceStatus status = m_controller.status(m_device);
    const bool any = !m_device.isEmpty() && !status.device.id.isEmpty();
    const bool queued = any && m_controller.isQueued(m_device);
    const bool inUse = status.state == DeviceStatus::State::InUse;
    claim->setEnabled(any && (status.state == DeviceStatus::State::Free || inUse));
    claim->setText(inUse ? tr("&Claim anyway") : tr("&Claim"));
    release->setEnabled(any && status.state == DeviceStatus::State::HeldByMe);
    claimWhenFree->setEnabled(any && (queued || status.isBusy() || status.state == DeviceStatus::State::Unknown));
    claimWhenFree->setText(queued ? tr("Cancel claim when &free") : tr("Claim when &free"));
    notifyWhenFree->setEnabled(any && status.state != DeviceStatus::State::HeldByMe);
    notifyWhenFree->setChecked(any && m_controller.isWatchedForFree(m_device));
    editNote->setEnabled(any);
    alias->setEnabled(any);
    claimAtLogin->setEnabled(any);
    claimAtLogin->setChecked(any && m_controller.settings().claimAtLogin(m_device));
    copyId->setEnabled(any);
}

void DeviceActions::toggle()
{
    update();
    if (release->isEnabled())
        release->trigger();
    else if (claim->isEnabled())
        claim->trigger();
    else if (!m_device.isEmpty()) {
        // Busy: try anyway, so the line and the message say at once who has it.
        const TrayController::Outcome outcome = m_controller.isQueued(m_device)
                                                    ? TrayController::Outcome{false, tr("Already waiting for %1").arg(m_controller.displayName(m_device))}
                                                    : m_controller.claim(m_device);
        Q_EMIT message(outcome.message, !outcome.ok);
        update();
        Q_EMIT done();
    }
}

QMenu *DeviceActions::contextMenu(QWidget *parent) const
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("deviceContextMenu"));
    menu->addActions({claim, release, claimWhenFree, notifyWhenFree});
    menu->addSeparator();
    menu->addActions({editNote, alias, claimAtLogin});
    menu->addSeparator();
    menu->addAction(copyId);
    return menu;
}

} // namespace devlatch::tray
