// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace devlatch::lab {

// The value of a queue entry: who claims (or waits for) a lab device. JSON, schema 1; readers
// ignore unknown fields. `since` is the server's clock (its HTTP Date), never the client's.
struct LabRecord {
    static constexpr int kSchema = 1;
    // A value larger is not read as a record (devlatch's own are a few hundred bytes).
    static constexpr qsizetype kMaxBytes = 16 * 1024;
    QString device;
    QString user;
    QString host;
    qint64 pid = 0;
    QString program;
    QString since;        // ISO 8601 UTC of the grant (of a waiter: when it queued; rewritten when granted)
    QString note;
    qint64 maxHoldSeconds = 0; // 0: no limit
    QString until;             // since + max hold, when there is a limit
    QString client;            // "devlatch 0.1.0"
    // The entry of a publisher (`devlatchctl lab publish` on the machine the device is plugged
    // into): it stands first in the queue while nobody holds the device through the lab, and
    // steps aside once the publisher has taken the device's local lock for the first waiter.
    bool gate = false;
    QString localHolder;       // a gate's: who holds the device on its machine, outside the lab
    // Not stored: the record's own user= when it differs from the user its key is under (the
    // one `user` then holds): with auth, only that user can write there.
    QString claimedUser;

    QJsonObject toJson() const;
    QByteArray toBytes() const;
    // Nothing for a value that is not a record of a known schema (written by something else).
    static std::optional<LabRecord> fromBytes(const QByteArray &bytes);
    // "alice@bench3: flash.py (pid 4242) since 2026-...": escaped, for one line.
    QString describe() const;
};

// One queue entry: q/<user>/<device>/<lease-hex> under the prefix. The owner of a device is
// its entry with the lowest create revision.
struct LabEntry {
    QByteArray key;
    QString user;
    QString device;
    qint64 lease = 0;         // the one its key names
    qint64 attachedLease = 0; // the one etcd has it attached to: 0 or another one, and the entry is ignored
    qint64 createRevision = 0;
    qint64 modRevision = 0;
    std::optional<LabRecord> record; // nothing: a value devlatch cannot read
    bool valueRead = true;           // false: from a keys-only read, its value not read yet
    QString rawValue;                // then its first bytes, escaped

    QString describe() const;
};

// The keys of the protocol (docs/lab.md). Names in keys are percent-encoded, so a
// device id or user with '/' cannot reach into another range.
struct LabKeys {
    QByteArray prefix; // "/devlatch/lab/v2/"

    static QByteArray encode(const QString &name);
    static QString decode(const QByteArray &part);
    QByteArray queue() const { return prefix + "q/"; }
    // One user's entries for one device: a claim reads one such range per user.
    QByteArray userQueue(const QString &user, const QString &device) const
    {
        return queue() + encode(user) + '/' + encode(device) + '/';
    }
    // The registry of the lab's users: every client puts users/<its user> with its first
    // claim, in the same transaction, so a reader of users/ knows every range to read.
    QByteArray users() const { return prefix + "users/"; }
    QByteArray user(const QString &name) const { return users() + encode(name); }
    // The user a registry key names; empty for any other key.
    QString userOf(const QByteArray &key) const;
    QByteArray entry(const QString &user, const QString &device, qint64 lease) const;
    QByteArray released(const QString &user, const QString &device, qint64 lease) const;
    QByteArray descriptor(const QString &device) const { return prefix + "devices/" + encode(device); }
    // Who publishes a device (on the publisher's lease): one per device, created with its gate.
    QByteArray publishedRange() const { return prefix + "published/"; }
    QByteArray published(const QString &device) const { return publishedRange() + encode(device); }
    QByteArray audit() const { return prefix + "audit/"; }
    // The device a queue entry, a released marker or a publisher's key is about; empty for any other key.
    QString deviceOf(const QByteArray &key) const;
    // Parses a queue key; nothing for any other key.
    std::optional<LabEntry> parseEntry(const QByteArray &key) const;
};

QString leaseHex(qint64 lease);
// ISO 8601 UTC with seconds, as records write times.
QString isoTime(const QDateTime &time);
// Text from the server, for one line of a terminal: control characters escaped, length capped.
QString escapedText(const QString &text, int maxLength = 200);

} // namespace devlatch::lab
