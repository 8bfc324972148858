// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"

#include "config/LabSettings.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace devlatch {
class LabConnection;
namespace lab {
class LabTracker;
struct LabStatus;
} // namespace lab
} // namespace devlatch

namespace devlatch::tray {

class Notifier;

// The tray's lab scope, without widgets: the lab's devices as LabTracker reads them, this
// process's lab claims (click to claim or release, "wait in the queue"), and the
// notifications for what happened: the lab connection lost or back, a claim granted after a
// wait, a claim uncertain or lost, the end of another's max hold. The menu's Lab section and
// the window's Lab box show LabListModel, which reads this.
class LabController final : public QObject {
    Q_OBJECT
public:
    // Nothing when no lab is configured. A lab that is configured but cannot work (an
    // unreadable password file, ...) gives a controller that says why.
    static LabController *create(const LabSettings &settings, Notifier &notifier, QObject *parent);
    ~LabController() override;

    QString title() const;          // "Lab (etcd1.lab:2379)"
    QString problem() const;        // why the lab cannot be used now; empty when it can
    QStringList devices() const;
    DeviceView view(const QString &device) const;
    lab::LabStatus status(const QString &device) const;
    int heldCount() const { return int(m_held.size()); }
    QStringList heldDevices() const;
    int waitingCount() const { return int(m_waiting.size()); }

    void claim(const QString &device);
    void waitInQueue(const QString &device);
    // Releases a held device or leaves its queue.
    void leave(const QString &device);
    void releaseAll();
    // Quitting: releases every claim and ends the session (its lease revoked), so the lab
    // sees the devices free now, not once the lease runs out. `done` when the server has
    // answered, or after a few seconds when it does not (the lease then ends by itself).
    void shutDown(const std::function<void()> &done);

Q_SIGNALS:
    void deviceChanged(const QString &device);
    void devicesReset();

private:
    LabController(const LabSettings &settings, Notifier &notifier, QObject *parent);
    void wire();
    void startClaim(const QString &device, bool wait);

    LabSettings m_settings;
    Notifier &m_notifier;
    std::unique_ptr<LabConnection> m_connection;
    lab::LabTracker *m_tracker = nullptr;
    QString m_setupError;
    QSet<QString> m_held;
    QSet<QString> m_waiting;
    QSet<QString> m_pending; // asked, no answer yet
    bool m_uncertain = false;
    QTimer m_clock;          // the "until" countdowns
    bool m_shutDown = false;
};

} // namespace devlatch::tray
