// SPDX-License-Identifier: MIT
#pragma once

#include "LabRecord.h"
#include "LabStatus.h"

#include "lock/LockTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>

namespace devlatch::lab {

class EtcdClient;
class EtcdWatch;
class LabSession;

// Who this client is, as the lab's records name it.
struct LabIdentity {
    QString user;   // the etcd user with auth, else the OS user
    QString host;
    qint64 pid = 0;
    QString client; // "devlatch 0.1.0"
};

struct LabClaimOptions {
    lock::WaitPolicy wait = lock::WaitPolicy::noWait();
    QString note;
    QString program;
    qint64 maxHoldSeconds = 0; // 0: no limit
    // A publisher's gate (LabRecord::gate, README "Publishing a local device"). `publish`:
    // the first one, which creates the device's published/ key in the same transaction and
    // is refused (Busy, LabStatus::publisher naming the other) when another process has it.
    bool gate = false;
    bool publish = false;
    QString localHolder;
};

// The lab backend: claims of lab devices as queue entries in etcd (docs/lab.md).
// Claim = one transaction that creates this process's entry if absent and reads the queue;
// the entry with the lowest create revision owns the device. A claim that is not first either
// leaves (no wait: busy, naming the owner) or waits on one watch of the prefix, from the read
// revision + 1, until every entry before it is gone. Release deletes the entry and writes a
// "released" marker in the same transaction, so a waiter can tell a release from a holder
// that vanished (its lease ran out). Everything is asynchronous, on the caller's thread.
class LabClaims final : public QObject {
    Q_OBJECT
public:
    LabClaims(EtcdClient *client, LabSession *session, const QByteArray &prefix, const LabIdentity &identity,
              QObject *parent = nullptr);
    ~LabClaims() override;

    const LabKeys &keys() const { return m_keys; }
    const LabIdentity &identity() const { return m_identity; }

    void claim(const QString &device, const LabClaimOptions &options);
    // Leaves the queue (holding or waiting); `done` once the server has deleted the entry.
    void release(const QString &device, const std::function<void()> &done = {});
    bool holds(const QString &device) const;
    // A gate's word on who holds its device on its machine (empty: nobody); rewritten in
    // place, so the gate keeps its place in the queue.
    void setLocalHolder(const QString &device, const QString &localHolder);
    // One device's queue; every device's with entries (for list).
    void status(const QString &device, const std::function<void(const LabStatus &)> &done);
    void statuses(const std::function<void(const QList<LabStatus> &, const QString &error)> &done);

    // Admin: deletes the owner's entry if it has not changed since read, and writes an audit
    // record in the same transaction. `done(error, taken)`.
    void steal(const QString &device, const QString &reason,
               const std::function<void(const QString &error, const LabStatus &before)> &done);
    // Admin: marks a device in (or out of) maintenance, audited; claims are refused meanwhile.
    void setMaintenance(const QString &device, bool on, const QString &reason, const std::function<void(const QString &error)> &done);
    // Whether granted()'s `vanished` is a waiter whose turn never came (else the holder).
    static bool vanishedBeforeItsTurn(const QString &vanished);
    // The audit records, oldest first.
    void audit(const std::function<void(const QList<QJsonObject> &records, const QString &error)> &done);

Q_SIGNALS:
    void queued(const QString &device, const devlatch::lab::LabStatus &status);
    // `vanished`: the entry ahead ended without releasing: what it was (the holder, or a
    // waiter whose turn never came) and its description.
    void granted(const QString &device, const QString &vanished);
    void refused(const QString &device, devlatch::lock::AcquireStatus why, const devlatch::lab::LabStatus &status);
    void failed(const QString &device, const QString &error);
    void lost(const QString &device, const QString &why);
    void maxHoldReached(const QString &device);
    // The queue of a device this process is in changed (a publisher follows who waits behind it).
    void queueChanged(const QString &device, const devlatch::lab::LabStatus &status);

private:
    struct Claim;
    void enqueue(Claim *claim, int attempt = 0);
    // Goes on from the claim's first read of its queue (records read where a message needs them).
    void decide(Claim *claim, const LabStatus &read);
    void evaluate(Claim *claim, const QString &vanished);
    void grant(Claim *claim, const QString &vanished);
    void refuse(Claim *claim, lock::AcquireStatus why, const LabStatus &status);
    void fail(Claim *claim, const QString &error);
    void leave(Claim *claim, const std::function<void()> &done);
    void ensureWatch(qint64 fromRevision);
    void onEvents(const QJsonArray &events);
    void applyEvents(Claim *claim, const QJsonArray &events);
    void onWatchClosed(const QString &why, qint64 compactRevision);
    void resync();
    void onSessionState();
    // Our entry is gone while held: says why (an expired session, an admin's steal) in lost().
    void explainLoss(const QString &device, const QByteArray &key);
    LabRecord recordFor(const Claim *claim) const;
    // One device's reads (LabReading.cpp): a range per registered user, then its descriptor.
    QJsonObject registryUnchanged() const;
    QJsonObject registryRead() const;
    QJsonObject registration() const;
    void learnRegistry(const QJsonArray &kvs, qint64 revision);
    struct DeviceReads {
        QJsonArray ops;       // the queue's ranges, then the descriptor
        int queueReads = 0;
        bool wholeQueue = false; // too many users for a range each
        QSet<QString> users;  // the registry the ranges were made from
    };
    DeviceReads deviceReads(const QString &device) const;
    LabStatus statusFromReads(const QString &device, const DeviceReads &reads, const QJsonArray &responses, int first,
                              qint64 revision) const;
    void readDevice(const QString &device, const std::function<void(const LabStatus &)> &done, int attempt = 0);
    // Reads the records of the entries a keys-only read left without.
    void readRecords(const LabStatus &status, const std::function<void(const LabStatus &)> &done);

    EtcdClient *m_client;
    LabSession *m_session;
    LabKeys m_keys;
    LabIdentity m_identity;
    QHash<QString, Claim *> m_claims;
    QPointer<EtcdWatch> m_watch;
    qint64 m_watchedRevision = 0;
    QElapsedTimer m_watchStarted; // when the current (or last) watch was opened
    QSet<QString> m_users;      // the lab's registry (users/) as read at m_usersRevision
    qint64 m_usersRevision = 0;
};

} // namespace devlatch::lab
