// SPDX-License-Identifier: MIT
// LabClaims' reads and an admin's writes: status, every status, steal, maintenance, audit;
// and why a held claim was lost.
#include "LabClaims.h"

#include "EtcdClient.h"
#include "LabSession.h"
#include "LabTxn.h"

#include <QJsonDocument>
#include <QMap>
#include <QRandomGenerator>

namespace devlatch::lab {

namespace {

QByteArray auditKey(const LabKeys &keys, const QDateTime &at)
{
    // Time first, so a range lists the log in order; a random tail keeps two admins apart.
    return keys.audit() + isoTime(at).toLatin1() + '-'
           + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
}

} // namespace

void LabClaims::status(const QString &device, const std::function<void(const LabStatus &)> &done)
{
    readDevice(device, done);
}

void LabClaims::statuses(const std::function<void(const QList<LabStatus> &, const QString &)> &done)
{
    // The whole queue and the registry at one revision, in pages; then each device once.
    m_client->rangeAll(m_keys.queue(), EtcdClient::prefixEnd(m_keys.queue()), 0,
                       [this, done](const QJsonArray &kvs, qint64 revision, const QString &error) {
        if (!error.isEmpty()) {
            done({}, error);
            return;
        }
        m_client->rangeAll(m_keys.users(), EtcdClient::prefixEnd(m_keys.users()), revision,
                           [this, kvs, done](const QJsonArray &userKvs, qint64 atRevision, const QString &usersError) {
            if (!usersError.isEmpty()) {
                done({}, usersError);
                return;
            }
            learnRegistry(userKvs, atRevision);
            QMap<QString, QJsonArray> byDevice;
            for (const QJsonValue &kv : kvs)
                if (const auto entry = m_keys.parseEntry(EtcdClient::unbase64(kv.toObject().value(QStringLiteral("key")))))
                    byDevice[entry->device].append(kv);
            QList<LabStatus> all;
            for (auto it = byDevice.cbegin(); it != byDevice.cend(); ++it) {
                LabStatus status = LabStatus::fromQueue(it.key(), m_keys, it.value(), m_session->lease(), true, &m_users);
                status.revision = atRevision;
                all << status;
            }
            done(all, {});
        });
    });
}

void LabClaims::steal(const QString &device, const QString &reason,
                      const std::function<void(const QString &, const LabStatus &)> &done)
{
    status(device, [this, device, reason, done](const LabStatus &before) {
        if (before.state == LabStatus::State::Unknown) {
            done(before.error, before);
            return;
        }
        if (!before.owner()) {
            done(QStringLiteral("nobody holds %1 in the lab").arg(device), before);
            return;
        }
        const LabEntry owner = *before.owner();
        const QDateTime at = m_client->serverNow();
        QJsonObject record{{QStringLiteral("schema"), LabRecord::kSchema},     {QStringLiteral("action"), QStringLiteral("steal")},
                           {QStringLiteral("device"), device},                 {QStringLiteral("key"), QString::fromUtf8(owner.key)},
                           {QStringLiteral("by"), m_identity.user},            {QStringLiteral("host"), m_identity.host},
                           {QStringLiteral("reason"), reason},                 {QStringLiteral("at"), isoTime(at)}};
        if (owner.record)
            record.insert(QStringLiteral("from"), owner.record->toJson());
        // Only the entry that was read: if it changed meanwhile, nothing happens.
        const QJsonObject txn{
            {QStringLiteral("compare"), QJsonArray{LabTxn::unchanged(owner.key, owner.modRevision)}},
            {QStringLiteral("success"),
             QJsonArray{LabTxn::remove(owner.key),
                        LabTxn::put(auditKey(m_keys, at), QJsonDocument(record).toJson(QJsonDocument::Compact), 0)}}};
        m_client->call(QStringLiteral("/v3/kv/txn"), txn, [device, before, done](const EtcdReply &reply) {
            if (!reply.ok)
                done(reply.error, before);
            else if (!reply.body.value(QStringLiteral("succeeded")).toBool())
                done(QStringLiteral("the holder of %1 changed while it was being taken; look again").arg(device), before);
            else
                done({}, before);
        });
    });
}

void LabClaims::setMaintenance(const QString &device, bool on, const QString &reason,
                               const std::function<void(const QString &)> &done)
{
    const QDateTime at = m_client->serverNow();
    const QJsonObject descriptor{{QStringLiteral("maintenance"), on}, {QStringLiteral("reason"), reason},
                                 {QStringLiteral("by"), m_identity.user}, {QStringLiteral("at"), isoTime(at)}};
    const QJsonObject record{{QStringLiteral("schema"), LabRecord::kSchema},
                             {QStringLiteral("action"), on ? QStringLiteral("maintenance-on") : QStringLiteral("maintenance-off")},
                             {QStringLiteral("device"), device},
                             {QStringLiteral("by"), m_identity.user},
                             {QStringLiteral("host"), m_identity.host},
                             {QStringLiteral("reason"), reason},
                             {QStringLiteral("at"), isoTime(at)}};
    const QJsonObject txn{
        {QStringLiteral("success"),
         // The descriptor stays (maintenance false): it also lists the device in every tray.
         QJsonArray{LabTxn::put(m_keys.descriptor(device), QJsonDocument(descriptor).toJson(QJsonDocument::Compact), 0),
                    LabTxn::put(auditKey(m_keys, at), QJsonDocument(record).toJson(QJsonDocument::Compact), 0)}}};
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [done](const EtcdReply &reply) { done(reply.ok ? QString() : reply.error); });
}

void LabClaims::audit(const std::function<void(const QList<QJsonObject> &, const QString &)> &done)
{
    // In the order etcd wrote them (create revision), not by the time in their keys: clients'
    // clocks, even the servers' Date headers, may disagree.
    QJsonObject request{{QStringLiteral("key"), EtcdClient::base64(m_keys.audit())},
                        {QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd(m_keys.audit()))},
                        {QStringLiteral("sort_order"), QStringLiteral("ASCEND")},
                        {QStringLiteral("sort_target"), QStringLiteral("CREATE")}};
    m_client->call(QStringLiteral("/v3/kv/range"), request, [done](const EtcdReply &reply) {
        QList<QJsonObject> records;
        if (!reply.ok) {
            done(records, reply.error);
            return;
        }
        for (const QJsonValue &kv : reply.body.value(QStringLiteral("kvs")).toArray()) {
            const QJsonDocument document = QJsonDocument::fromJson(EtcdClient::unbase64(kv.toObject().value(QStringLiteral("value"))));
            if (document.isObject())
                records << document.object();
        }
        done(records, {});
    });
}

void LabClaims::explainLoss(const QString &device, const QByteArray &key)
{
    // Our entry is gone: either the server let our session go, or someone deleted it (an
    // admin's steal says who and why in the audit log).
    m_client->call(QStringLiteral("/v3/lease/timetolive"), {{QStringLiteral("ID"), QString::number(m_session->lease())}},
                   [this, device, key](const EtcdReply &lease) {
        if (lease.ok && EtcdClient::number(lease.body.value(QStringLiteral("TTL"))) <= 0) {
            Q_EMIT lost(device, QStringLiteral("the server ended this process's session: no keepalive reached it within the "
                                               "TTL of %1 s").arg(m_session->ttlSeconds()));
            return;
        }
        audit([this, device, key](const QList<QJsonObject> &records, const QString &) {
            for (auto it = records.crbegin(); it != records.crend(); ++it) {
                if (it->value(QStringLiteral("key")).toString().toUtf8() == key) {
                    Q_EMIT lost(device, QStringLiteral("taken away by %1@%2 (%3): %4")
                                            .arg(escapedText(it->value(QStringLiteral("by")).toString()),
                                                 escapedText(it->value(QStringLiteral("host")).toString()),
                                                 m_client->usesAuth() ? QStringLiteral("lab admin")
                                                                      : QStringLiteral("the lab is used without auth: anyone may take a claim"),
                                                 escapedText(it->value(QStringLiteral("reason")).toString())));
                    return;
                }
            }
            Q_EMIT lost(device, QStringLiteral("this process's entry was deleted by someone else (no audit record names it%1)")
                                    .arg(m_client->usesAuth() ? QString()
                                                              : QStringLiteral("; the lab is used without auth: anyone can")));
        });
    });
}

} // namespace devlatch::lab
