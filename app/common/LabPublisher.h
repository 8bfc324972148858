// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace devlatch {

class Arbiter;
class LabConnection;
class StateTracker;
struct DeviceStatus;

namespace lab {
struct LabStatus;
}

// Makes this machine's devices lab devices (docs/lab.md, "Publishing a local device"). Per device,
// a gate entry stands first in the lab's queue while nobody holds the device through the lab,
// and says who holds it here, outside the lab. When a lab claim queues behind the gate, the
// publisher takes the device's local lock for it, then steps aside (the claim is granted only
// then) and queues its gate again behind it. While a lab entry is first, the local lock stays
// taken, naming that holder; when the queue is empty again, the lock is let go. The gate and
// the published/ key live on this process's lease: if it dies, its lock goes with it, and the
// lab holder is told that the claim no longer binds this machine.
class LabPublisher final : public QObject {
    Q_OBJECT
public:
    LabPublisher(LabConnection &lab, Arbiter &arbiter, QObject *parent = nullptr);
    ~LabPublisher() override;

    // `labNames[i]` is the lab's name of `devices[i]`.
    void publish(const QList<Device> &devices, const QStringList &labNames);
    // Ends publishing: the session is closed (every gate and published/ key goes at once, so
    // lab holders are told), then, after `graceMs` when a lab holder was bound, the local locks
    // are let go. `done` after that.
    void stop(const std::function<void()> &done, int graceMs = 2000);
    // Whether the local lock of `labName` is taken for a lab holder right now.
    bool holdsLocally(const QString &labName) const;

Q_SIGNALS:
    void published(const QString &labName);
    // Another process publishes it already (named in `why`); it is not published by this one.
    void refused(const QString &labName, const QString &why);
    // What happened, for a log: taken for a lab holder, let go, the lab connection lost, ...
    void event(const QString &labName, const QString &what);

private:
    struct Entry;
    void claimGate(Entry &entry, bool publish);
    void onQueue(const QString &labName, const lab::LabStatus &status);
    void onLocal(const QString &deviceId, const DeviceStatus &current);
    void evaluate(Entry &entry);
    // Takes the local lock for `forWhom` (or renames whom it is held for); false when someone
    // here holds or uses the device.
    bool holdLocally(Entry &entry, const QString &forWhom);
    void letGoLocally(Entry &entry, const QString &why);
    void stepAside(Entry &entry);
    void updateLocalHolder(Entry &entry);
    void onClaimEnded(const QString &labName, const QString &why);
    Entry *byLabName(const QString &labName);

    LabConnection &m_lab;
    Arbiter &m_arbiter;
    StateTracker *m_tracker = nullptr;
    QHash<QString, std::shared_ptr<Entry>> m_entries; // by lab name
    bool m_stopping = false;
};

} // namespace devlatch
