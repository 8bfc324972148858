// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"
#include "Icons.h"
#include "TraySettings.h"
#include "autostart/Autostart.h"

#include "model/DeviceStatus.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace devlatch {
class Arbiter;
class DeviceInventory;
class QueuedClaims;
class StateTracker;
} // namespace devlatch

namespace devlatch::tray {

class ClaimHistory;
class LabController;
class LabListModel;
class Notifier;
class TrayNotices;

// What the person can do, independent of widgets: claims and releases, queued claims,
// "notify when free", notes and aliases, and the notifications for what happened. How a
// device looks is StateWording's; the icon, menu and window show DeviceListModel and call
// this for actions. Each change of a device is announced once, through deviceChanged.
class TrayController final : public QObject {
    Q_OBJECT

public:
    struct Parts {
        std::unique_ptr<TraySettings> settings;
        std::unique_ptr<Autostart> autostart;
        QString historyFile; // empty: ClaimHistory::defaultFile()
    };
    explicit TrayController(Parts parts, QObject *parent = nullptr);
    ~TrayController() override; // releases every claim

    void start(); // reads configuration and every lock

    QList<DeviceStatus> statuses() const;
    DeviceStatus status(const QString &deviceId) const;
    DeviceView view(const QString &deviceId) const;
    QString displayName(const QString &deviceId) const;
    QString tooltip() const;
    // Everything the tray shows, as one JSON document (devlatch --state prints it).
    Icons::TrayState trayState() const;
    int heldCount() const;          // local and lab claims
    QStringList heldNames() const;  // what quitting would release: local names, then "dut-a (lab)"
    int labWaitingCount() const;    // lab queues this process waits in
    bool isQueued(const QString &deviceId) const;
    bool isWatchedForFree(const QString &deviceId) const;
    QString lockDirectory() const;
    QString scopeName() const; // "machine" or "user"

    struct Outcome {
        bool ok = false;
        QString message; // why not, or what happened, for the window's message line
    };
    Outcome claim(const QString &deviceId);
    Outcome release(const QString &deviceId);
    // Releases every claim and cancels every queued claim; says so.
    Outcome releaseAll();
    // Quitting: releases everything, local at once and the lab's on the server (its lease
    // revoked); `done` once the lab has answered or a few seconds have passed.
    void shutDown(const std::function<void()> &done);
    Outcome claimWhenFree(const QString &deviceId);
    void cancelClaimWhenFree(const QString &deviceId);
    void notifyWhenFree(const QString &deviceId, bool on = true);
    // The note of the device's current claim, or of its next one; `pinned`: of every claim.
    void setNote(const QString &deviceId, const QString &note, bool pinned);
    QString noteFor(const QString &deviceId) const; // what the note editor starts with
    // Names the device for every devlatch program (aliases.conf); an error when it cannot be.
    QString setAlias(const QString &deviceId, const QString &alias);
    void setClaimAtLogin(const QString &deviceId, bool on);
    // Claims the devices marked "claim at login" that are free; returns how many it claimed.
    int claimAtLogin();

    bool startsAtLogin() const;
    QString setStartsAtLogin(bool on);

    void acknowledgeAttention(); // the person looked
    // The menu or the window is open (or closed again): where a peer's take makes no event
    // (Windows), the devices are probed often while someone looks.
    void setLooking(const QObject *view, bool looking);
    TraySettings &settings() { return *m_settings; }
    Notifier &notifier() { return *m_notifier; }
    ClaimHistory &history() { return *m_history; }
    StateTracker &tracker() { return *m_tracker; }
    DeviceInventory &inventory() { return *m_inventory; }
    // The lab scope's devices and claims; null when no lab is configured.
    LabController *lab() const { return m_lab; }
    LabListModel *labModel() const { return m_labModel; }

Q_SIGNALS:
    void changed();                              // the summary (tray icon, tooltip) may have changed
    void deviceChanged(const QString &deviceId); // one device's row changed
    void devicesReset();                         // the device list itself changed

private:
    void wireQueue();
    void onStatusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current);
    void onNotificationAction(const QString &deviceId, const QString &action);
    void announce(const QString &deviceId);
    void raiseAttention();

    std::unique_ptr<TraySettings> m_settings;
    std::unique_ptr<Autostart> m_autostart;
    std::unique_ptr<ClaimHistory> m_history;
    std::unique_ptr<Arbiter> m_arbiter;
    DeviceInventory *m_inventory = nullptr;
    StateTracker *m_tracker = nullptr;
    QueuedClaims *m_queue = nullptr;
    Notifier *m_notifier = nullptr;
    std::unique_ptr<TrayNotices> m_notices;
    QHash<QString, QString> m_nextNote; // a note for one claim, given before claiming
    bool m_attention = false;
    QSet<const QObject *> m_lookingViews;
    LabController *m_lab = nullptr;
    LabListModel *m_labModel = nullptr;
};

} // namespace devlatch::tray
