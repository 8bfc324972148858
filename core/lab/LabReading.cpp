// SPDX-License-Identifier: MIT
// LabClaims' reads of one device: one keys-only range per user of the lab's registry
// (q/<user>/<device>/), so a claim reads what concerns its device and nothing else, however
// many devices the lab has; then the records of the entries a message names.
#include "LabClaims.h"

#include "EtcdClient.h"
#include "LabSession.h"
#include "LabTxn.h"

#include <QJsonDocument>

namespace devlatch::lab {

namespace {
// etcd allows 128 operations per transaction (--max-txn-ops); past this many users a device
// is read from the whole queue's keys instead, which still works, only slower.
constexpr int kMaxUserRanges = 100;
// A registry that keeps changing under a read (users added meanwhile) is read again, this often.
constexpr int kReadAttempts = 5;
// Records read for one message: the holder and the first waiters.
constexpr int kMaxRecordsRead = 32;
} // namespace

QJsonObject LabClaims::registryUnchanged() const
{
    return LabTxn::noneCreatedAfter(m_keys.users(), m_usersRevision);
}

QJsonObject LabClaims::registryRead() const
{
    return LabTxn::keysOnly(m_keys.users(), true);
}

QJsonObject LabClaims::registration() const
{
    const QJsonObject value{{QStringLiteral("schema"), LabRecord::kSchema}, {QStringLiteral("user"), m_identity.user}};
    return LabTxn::put(m_keys.user(m_identity.user), QJsonDocument(value).toJson(QJsonDocument::Compact), 0);
}

void LabClaims::learnRegistry(const QJsonArray &kvs, qint64 revision)
{
    m_users.clear();
    for (const QJsonValue &kv : kvs) {
        const QString user = m_keys.userOf(EtcdClient::unbase64(kv.toObject().value(QStringLiteral("key"))));
        if (!user.isEmpty())
            m_users.insert(user);
    }
    m_usersRevision = revision;
}

LabClaims::DeviceReads LabClaims::deviceReads(const QString &device) const
{
    DeviceReads reads;
    reads.users = m_users;
    reads.users.insert(m_identity.user);
    if (reads.users.size() > kMaxUserRanges) {
        reads.wholeQueue = true;
        reads.ops.append(LabTxn::keysOnly(m_keys.queue(), true));
    } else {
        QStringList sorted = reads.users.values();
        sorted.sort();
        for (const QString &user : std::as_const(sorted))
            reads.ops.append(LabTxn::keysOnly(m_keys.userQueue(user, device), true));
    }
    reads.queueReads = int(reads.ops.size());
    reads.ops.append(LabTxn::range(m_keys.descriptor(device), false));
    reads.ops.append(LabTxn::range(m_keys.published(device), false));
    return reads;
}

LabStatus LabClaims::statusFromReads(const QString &device, const DeviceReads &reads, const QJsonArray &responses, int first,
                                     qint64 revision) const
{
    QJsonArray kvs;
    for (int i = first; i < first + reads.queueReads; ++i)
        for (const QJsonValue &kv : LabTxn::kvs(responses, i))
            kvs.append(kv);
    // Ranges per user hold registered users' entries only; the whole queue must be filtered.
    LabStatus status = LabStatus::fromQueue(device, m_keys, kvs, m_session->lease(), false,
                                            reads.wholeQueue ? &reads.users : nullptr);
    status.revision = revision;
    status.maintenance = LabTxn::maintenanceReason(LabTxn::kvs(responses, first + reads.queueReads));
    setPublisher(status, LabTxn::kvs(responses, first + reads.queueReads + 1));
    return status;
}

void LabClaims::readDevice(const QString &device, const std::function<void(const LabStatus &)> &done, int attempt)
{
    const DeviceReads reads = deviceReads(device);
    const QJsonObject txn{{QStringLiteral("compare"), QJsonArray{registryUnchanged()}},
                          {QStringLiteral("success"), reads.ops},
                          {QStringLiteral("failure"), QJsonArray{registryRead()}}};
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [this, device, reads, done, attempt](const EtcdReply &reply) {
        if (!reply.ok) {
            LabStatus status;
            status.device = device;
            status.error = reply.error;
            done(status);
            return;
        }
        const QJsonArray responses = reply.body.value(QStringLiteral("responses")).toArray();
        const qint64 revision = LabTxn::revision(reply.body);
        if (!reply.body.value(QStringLiteral("succeeded")).toBool()) {
            // Users joined since the registry was read: their ranges belong to the read.
            learnRegistry(LabTxn::kvs(responses, 0), revision);
            if (attempt + 1 < kReadAttempts) {
                readDevice(device, done, attempt + 1);
            } else {
                LabStatus status;
                status.device = device;
                status.error = QStringLiteral("the lab's list of users changed under %1 reads in a row").arg(kReadAttempts);
                done(status);
            }
            return;
        }
        readRecords(statusFromReads(device, reads, responses, 0, revision), done);
    });
}

void LabClaims::readRecords(const LabStatus &status, const std::function<void(const LabStatus &)> &done)
{
    QList<int> missing;
    for (qsizetype i = 0; i < status.queue.size() && missing.size() < kMaxRecordsRead; ++i)
        if (!status.queue.at(i).valueRead)
            missing << int(i);
    if (missing.isEmpty()) {
        LabStatus settled = status;
        settled.settle(); // whether a gate stands first is in its record
        done(settled);
        return;
    }
    QJsonArray reads;
    for (const int i : std::as_const(missing))
        reads.append(LabTxn::rangeAt(status.queue.at(i).key, status.revision));
    m_client->call(QStringLiteral("/v3/kv/txn"), {{QStringLiteral("success"), reads}},
                   [this, status, missing, done](const EtcdReply &reply) {
        LabStatus read = status;
        const QJsonArray responses = reply.body.value(QStringLiteral("responses")).toArray();
        for (qsizetype n = 0; n < missing.size(); ++n) {
            LabEntry &entry = read.queue[missing.at(n)];
            const QJsonArray kvs = LabTxn::kvs(responses, int(n));
            if (reply.ok && !kvs.isEmpty()) {
                setEntryValue(entry, EtcdClient::unbase64(kvs.first().toObject().value(QStringLiteral("value"))));
            } else {
                // Too big together (someone's own range may hold megabytes) or gone: the
                // entry still counts, by its key; only its description is missing.
                entry.valueRead = true;
                entry.rawValue = reply.ok ? QStringLiteral("(gone while it was read)")
                                          : QStringLiteral("(its record could not be read: %1)").arg(escapedText(reply.error));
            }
        }
        read.settle();
        done(read);
    });
}

} // namespace devlatch::lab
