// SPDX-License-Identifier: MIT
#pragma once

#include "LabRecord.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>

namespace devlatch::lab {

// What the lab knows about one device at one revision: its owner (the queue entry with the
// lowest create revision) and who waits, in order. Unknown when the cluster could not be
// read: never "free".
struct LabStatus {
    enum class State { Free, HeldByMe, Held, Unknown };
    QString device;
    State state = State::Unknown;
    QList<LabEntry> queue;   // owner first
    int myPosition = -1;     // 0: mine; 1: first waiter; -1: not queued
    QString maintenance;     // non-empty: an admin put the device in maintenance, with this reason
    QString error;           // why the state is Unknown
    QStringList ignored;     // entries that are not claims (no lease of their own), described
    qint64 revision = 0;
    // Published (`devlatchctl lab publish`): who publishes it, and the lease of that process.
    QString publisher;
    qint64 publisherLease = 0;

    const LabEntry *owner() const { return queue.isEmpty() ? nullptr : &queue.first(); }
    // The owner when it is a publisher's gate (LabRecord::gate), else nothing.
    const LabEntry *gate() const;
    // A gate first and nobody holding the device on its machine: the first waiter is next.
    bool handOverDue() const;
    // Sets `state` from the queue: a gate that stands for nobody leaves the device free.
    void settle();
    // The same words as the local scopes: free, mine, held, unknown.
    QString stateKeyword() const;
    QString summary() const;
    QStringList holderLines() const;
    QJsonObject toJson() const;

    // Builds the status of `device` from a range over the queue (`kvs` of etcd's answer).
    // `withValues` false: a keys-only read (records to be read after). `registered`: when
    // given, entries of users not in the lab's registry are ignored (a per-device read only
    // asks for registered users' ranges; a read of everything must agree with it).
    static LabStatus fromQueue(const QString &device, const LabKeys &keys, const QJsonArray &kvs, qint64 myLease,
                               bool withValues = true, const QSet<QString> *registered = nullptr);
};

// A queue entry from one of etcd's kvs (key, revisions, record); nothing for another key.
// The record's user is the key's (see LabRecord::claimedUser).
// `withValue` false: the kv of a keys-only read; its record is read later (setEntryValue).
std::optional<LabEntry> entryFromKv(const LabKeys &keys, const QJsonObject &kv, bool withValue = true);
void setEntryValue(LabEntry &entry, const QByteArray &bytes);
// Whether the entry is a claim: attached to the lease its key names. One without (a plain
// put over an entry, a forged one) would never expire; it holds no place in the queue.
bool isClaim(const LabEntry &entry);
// Puts `entry` into `queue` by create revision, replacing the entry with its key; an entry
// that is not a claim only takes the old one out.
void insertInOrder(QList<LabEntry> &queue, const LabEntry &entry);
// Reads a publisher's key (published/<device>) into `status`: `kvs` empty, not published.
void setPublisher(LabStatus &status, const QJsonArray &kvs);

// "1st", "2nd", "3rd", "4th", ...
QString ordinal(int n);

} // namespace devlatch::lab
