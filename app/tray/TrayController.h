#pragma once

#include "Icons.h"
#include "TraySettings.h"
#include "autostart/Autostart.h"

#include "model/DeviceStatus.h"

#include <QObject>
#include <QSet>

#include <memory>

namespace devlatch {
class Arbiter;
class DeviceInventory;
class QueuedClaims;
class StateTracker;
} // namespace devlatch

namespace devlatch::tray {

class Notifier;

// What the person can do and see, independent of widgets: claims and releases, queued
// claims, "notify when free", aliases and notes, the tray's overall state, and the
// notifications for everything that happened. The icon, menu and window only call this.
class TrayController final : public QObject {
    Q_OBJECT

public:
    struct Parts {
        std::unique_ptr<TraySettings> settings;
        std::unique_ptr<Autostart> autostart;
    };
    explicit TrayController(Parts parts, QObject *parent = nullptr);
    ~TrayController() override; // releases every claim

    void start(); // reads configuration and every lock

    QList<DeviceStatus> statuses() const;
    DeviceStatus status(const QString &deviceId) const;
    QString displayName(const QString &deviceId) const;
    // "Free", "Yours since 10:32 (note)", "Held by user lab1: flash.py (pid 4242) since 10:15", ...
    QString describeState(const DeviceStatus &status) const;
    QString tooltip() const;
    // Everything the tray shows, as one JSON document (devlatch --state prints it).
    QByteArray stateJson() const;
    static QString formatSince(const std::string &isoUtc); // "10:32", or with the date when older
    Icons::TrayState trayState() const;
    bool holdsAny() const;
    int heldCount() const;

    bool claim(const QString &deviceId);
    void release(const QString &deviceId);
    void releaseAll();
    void claimWhenFree(const QString &deviceId);
    void cancelClaimWhenFree(const QString &deviceId);
    bool isQueued(const QString &deviceId) const;
    void notifyWhenFree(const QString &deviceId, bool on = true);
    bool isWatchedForFree(const QString &deviceId) const { return m_notifyWhenFree.contains(deviceId); }
    void setNote(const QString &deviceId, const QString &note);
    void setAlias(const QString &deviceId, const QString &alias);
    void setClaimAtLogin(const QString &deviceId, bool on);
    // Claims the devices marked "claim at login" that are free; returns how many it claimed.
    int claimAtLogin();

    bool startsAtLogin() const;
    QString setStartsAtLogin(bool on);

    void acknowledgeAttention(); // the person looked
    TraySettings &settings() { return *m_settings; }
    Notifier &notifier() { return *m_notifier; }
    StateTracker &tracker() { return *m_tracker; }
    DeviceInventory &inventory() { return *m_inventory; }
    Arbiter &arbiter() { return *m_arbiter; }

Q_SIGNALS:
    void changed();                               // anything visible changed
    void deviceChanged(const QString &deviceId);  // one device's row changed
    void devicesReset();                          // the device list itself changed

private:
    void onStatusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current);
    void raiseAttention();
    QString describeLockState(const DeviceStatus &status) const;
    QString holderText(const DeviceStatus &status) const;

    std::unique_ptr<TraySettings> m_settings;
    std::unique_ptr<Autostart> m_autostart;
    std::unique_ptr<Arbiter> m_arbiter;
    DeviceInventory *m_inventory = nullptr;
    StateTracker *m_tracker = nullptr;
    QueuedClaims *m_queue = nullptr;
    Notifier *m_notifier = nullptr;
    QSet<QString> m_notifyWhenFree;
    bool m_attention = false;
};

} // namespace devlatch::tray
