// SPDX-License-Identifier: MIT
#include "LabClaims.h"

#include "EtcdClient.h"
#include "EtcdWatch.h"
#include "LabSession.h"
#include "LabTxn.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>

namespace devlatch::lab {

namespace {
constexpr int kRewatchMs = 500;
} // namespace

struct LabClaims::Claim {
    QString device;
    LabClaimOptions options;
    QByteArray key;
    enum class Phase { Asking, Waiting, Holding, Leaving } phase = Phase::Asking;
    LabStatus status; // the queue as last known; events older than status.revision are stale
    QTimer timeout;
    QTimer maxHold;
    QString since;
    int announcedPosition = -1;
    QJsonArray pending; // watch events that came before the first read's answer
};

LabClaims::LabClaims(EtcdClient *client, LabSession *session, const QByteArray &prefix, const LabIdentity &identity,
                     QObject *parent)
    : QObject(parent), m_client(client), m_session(session), m_keys{prefix}, m_identity(identity)
{
    connect(m_session, &LabSession::stateChanged, this, &LabClaims::onSessionState);
}

LabClaims::~LabClaims()
{
    qDeleteAll(m_claims);
}

bool LabClaims::holds(const QString &device) const
{
    const Claim *claim = m_claims.value(device);
    return claim && claim->phase == Claim::Phase::Holding;
}

LabRecord LabClaims::recordFor(const Claim *claim) const
{
    LabRecord record;
    record.device = claim->device;
    record.user = m_identity.user;
    record.host = m_identity.host;
    record.pid = m_identity.pid;
    record.program = claim->options.program;
    record.note = claim->options.note;
    record.client = m_identity.client;
    record.maxHoldSeconds = claim->options.maxHoldSeconds;
    record.since = claim->since.isEmpty() ? isoTime(m_client->serverNow()) : claim->since;
    if (record.maxHoldSeconds > 0)
        record.until = isoTime(QDateTime::fromString(record.since, Qt::ISODate).addSecs(record.maxHoldSeconds));
    return record;
}

void LabClaims::claim(const QString &device, const LabClaimOptions &options)
{
    if (Claim *existing = m_claims.value(device)) {
        Q_EMIT refused(device, lock::AcquireStatus::AlreadyHeld, existing->status);
        return;
    }
    auto *claim = new Claim;
    claim->device = device;
    claim->options = options;
    m_claims.insert(device, claim);
    m_session->open([this, claim](const QString &error) {
        if (!error.isEmpty())
            fail(claim, error);
        else
            enqueue(claim);
    });
}

void LabClaims::enqueue(Claim *claim)
{
    claim->key = m_keys.entry(m_identity.user, claim->device, m_session->lease());
    claim->since = isoTime(m_client->serverNow());
    const QJsonArray reads{LabTxn::range(m_keys.queue(), true), LabTxn::range(m_keys.descriptor(claim->device), false)};
    QJsonArray success{LabTxn::put(claim->key, recordFor(claim).toBytes(), m_session->lease())};
    for (const QJsonValue &read : reads)
        success.append(read);
    const QJsonObject txn{{QStringLiteral("compare"), QJsonArray{LabTxn::absent(claim->key)}},
                          {QStringLiteral("success"), success},
                          {QStringLiteral("failure"), reads}};
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [this, claim](const EtcdReply &reply) {
        if (!reply.ok) {
            // The entry may have been written before the answer was lost: take it back.
            leave(claim, {});
            fail(claim, reply.error);
            return;
        }
        // A failed compare leaves "succeeded" out altogether.
        if (!reply.body.value(QStringLiteral("succeeded")).toBool()) {
            fail(claim, QStringLiteral("this process already has an entry for %1 in the lab queue").arg(claim->device));
            return;
        }
        const QJsonArray responses = reply.body.value(QStringLiteral("responses")).toArray();
        claim->status = LabStatus::fromQueue(claim->device, m_keys, LabTxn::kvs(responses, 1), m_session->lease());
        claim->status.revision = LabTxn::revision(reply.body);
        claim->status.maintenance = LabTxn::maintenanceReason(LabTxn::kvs(responses, 2));
        if (!claim->status.maintenance.isEmpty()) {
            refuse(claim, lock::AcquireStatus::Busy, claim->status);
            return;
        }
        const QString device = claim->device;
        const QJsonArray pending = std::exchange(claim->pending, {});
        evaluate(claim, {});
        // What the shared watch delivered while the read was under way, now on top of it.
        if (m_claims.value(device) == claim && !pending.isEmpty())
            applyEvents(claim, pending);
    });
}

void LabClaims::evaluate(Claim *claim, const QString &vanished)
{
    const int position = claim->status.myPosition;
    if (claim->phase == Claim::Phase::Holding) {
        if (position != 0)
            explainLoss(claim);
        return;
    }
    if (claim->phase == Claim::Phase::Leaving)
        return;
    if (position == 0) {
        grant(claim, vanished);
        return;
    }
    if (position < 0) {
        fail(claim, QStringLiteral("this process's place in the queue for %1 was removed by someone else").arg(claim->device));
        return;
    }
    if (claim->options.wait.mode == lock::WaitPolicy::Mode::NoWait) {
        refuse(claim, lock::AcquireStatus::Busy, claim->status);
        return;
    }
    if (claim->phase == Claim::Phase::Asking) {
        claim->phase = Claim::Phase::Waiting;
        if (claim->options.wait.mode == lock::WaitPolicy::Mode::Timeout) {
            claim->timeout.setSingleShot(true);
            connect(&claim->timeout, &QTimer::timeout, this,
                    [this, claim] { refuse(claim, lock::AcquireStatus::TimedOut, claim->status); });
            claim->timeout.start(int(qMin<qint64>(claim->options.wait.timeout.count(), INT_MAX)));
        }
        ensureWatch(claim->status.revision + 1);
    }
    if (position != claim->announcedPosition) {
        claim->announcedPosition = position;
        Q_EMIT queued(claim->device, claim->status);
    }
}

void LabClaims::grant(Claim *claim, const QString &vanished)
{
    claim->timeout.stop();
    const bool waited = claim->phase == Claim::Phase::Waiting;
    claim->phase = Claim::Phase::Holding;
    ensureWatch(claim->status.revision + 1);
    if (waited) {
        // The record said since when it waited; now since when it holds. The same key keeps
        // its create revision, so its place is unchanged.
        claim->since = isoTime(m_client->serverNow());
        // Only while the entry is still this one: a release may overtake this request (it
        // can travel on another connection), and a plain put would bring the entry back.
        const QJsonObject txn{{QStringLiteral("compare"), QJsonArray{LabTxn::created(claim->key, claim->status.queue.first().createRevision)}},
                              {QStringLiteral("success"), QJsonArray{LabTxn::put(claim->key, recordFor(claim).toBytes(), m_session->lease())}}};
        m_client->call(QStringLiteral("/v3/kv/txn"), txn, [](const EtcdReply &) {});
    }
    if (claim->options.maxHoldSeconds > 0) {
        claim->maxHold.setSingleShot(true);
        connect(&claim->maxHold, &QTimer::timeout, this, [this, claim] {
            const QString device = claim->device;
            Q_EMIT maxHoldReached(device);
            release(device);
        });
        claim->maxHold.start(int(qMin<qint64>(claim->options.maxHoldSeconds * 1000, INT_MAX)));
    }
    Q_EMIT granted(claim->device, vanished);
}

void LabClaims::refuse(Claim *claim, lock::AcquireStatus why, const LabStatus &status)
{
    const QString device = claim->device;
    // What others see once this claim has left the queue.
    LabStatus seen = status;
    seen.queue.erase(std::remove_if(seen.queue.begin(), seen.queue.end(), [&](const LabEntry &e) { return e.key == claim->key; }),
                     seen.queue.end());
    seen.myPosition = -1;
    seen.state = seen.queue.isEmpty() ? LabStatus::State::Free : LabStatus::State::Held;
    leave(claim, [this, device, why, seen] { Q_EMIT refused(device, why, seen); });
}

void LabClaims::fail(Claim *claim, const QString &error)
{
    const QString device = claim->device;
    m_claims.remove(device);
    delete claim;
    Q_EMIT failed(device, error);
}

void LabClaims::leave(Claim *claim, const std::function<void()> &done)
{
    claim->phase = Claim::Phase::Leaving;
    claim->timeout.stop();
    claim->maxHold.stop();
    const QByteArray key = claim->key;
    if (m_claims.value(claim->device) == claim)
        m_claims.remove(claim->device);
    const QString device = claim->device;
    delete claim;
    if (key.isEmpty() || m_session->lease() == 0) {
        if (done)
            done();
        return;
    }
    // Deleting the entry and saying "released" at one revision: a waiter tells this from a
    // holder that vanished.
    const QJsonObject txn{{QStringLiteral("success"),
                           QJsonArray{LabTxn::remove(key),
                                      LabTxn::put(m_keys.released(m_identity.user, device, m_session->lease()), key,
                                                  m_session->lease())}}};
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [done](const EtcdReply &) {
        if (done)
            done();
    });
}

void LabClaims::release(const QString &device, const std::function<void()> &done)
{
    Claim *claim = m_claims.value(device);
    if (!claim) {
        if (done)
            done();
        return;
    }
    leave(claim, done);
}

void LabClaims::ensureWatch(qint64 fromRevision)
{
    if (m_watch)
        return;
    if (m_watchedRevision == 0 || fromRevision < m_watchedRevision + 1)
        m_watchedRevision = fromRevision - 1;
    const QJsonObject create{{QStringLiteral("key"), EtcdClient::base64(m_keys.prefix)},
                             {QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd(m_keys.prefix))},
                             {QStringLiteral("start_revision"), QString::number(m_watchedRevision + 1)}};
    m_watch = m_client->watch(create, this);
    connect(m_watch, &EtcdWatch::events, this, [this](const QJsonArray &events, qint64 revision) {
        m_watchedRevision = qMax(m_watchedRevision, revision);
        onEvents(events);
    });
    connect(m_watch, &EtcdWatch::closed, this, &LabClaims::onWatchClosed);
}

void LabClaims::onEvents(const QJsonArray &events)
{
    // Per device; a claim still waiting for its first read keeps them for after it.
    QHash<QString, QJsonArray> byDevice;
    for (const QJsonValue &value : events) {
        const QByteArray key = EtcdClient::unbase64(value.toObject().value(QStringLiteral("kv")).toObject().value(QStringLiteral("key")));
        const QString device = m_keys.deviceOf(key);
        Claim *claim = device.isEmpty() ? nullptr : m_claims.value(device);
        if (!claim)
            continue;
        if (claim->phase == Claim::Phase::Asking)
            claim->pending.append(value);
        else
            byDevice[device].append(value);
    }
    for (auto it = byDevice.cbegin(); it != byDevice.cend(); ++it)
        if (Claim *claim = m_claims.value(it.key()))
            applyEvents(claim, it.value());
}

void LabClaims::applyEvents(Claim *claim, const QJsonArray &events)
{
    QSet<QByteArray> released; // entries deleted by a release, not by a lease that ran out
    for (const QJsonValue &value : events) {
        const QJsonObject kv = value.toObject().value(QStringLiteral("kv")).toObject();
        if (value.toObject().value(QStringLiteral("type")).toString() == u"PUT"
            && EtcdClient::unbase64(kv.value(QStringLiteral("key"))).startsWith(m_keys.prefix + "released/"))
            released.insert(EtcdClient::unbase64(kv.value(QStringLiteral("value"))));
    }
    QString vanished;
    bool touched = false;
    QList<LabEntry> &queue = claim->status.queue;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const QJsonObject kv = event.value(QStringLiteral("kv")).toObject();
        const QByteArray key = EtcdClient::unbase64(kv.value(QStringLiteral("key")));
        const auto parsed = m_keys.parseEntry(key);
        // Events the first read already saw are stale.
        if (!parsed || EtcdClient::number(kv.value(QStringLiteral("mod_revision"))) <= claim->status.revision)
            continue;
        const auto at = std::find_if(queue.begin(), queue.end(), [&](const LabEntry &e) { return e.key == key; });
        if (event.value(QStringLiteral("type")).toString() == u"DELETE") {
            if (at == queue.end())
                continue;
            if (at == queue.begin() && key != claim->key && !released.contains(key))
                vanished = at->describe();
            queue.erase(at);
        } else {
            LabEntry entry = *parsed;
            entry.createRevision = EtcdClient::number(kv.value(QStringLiteral("create_revision")));
            entry.modRevision = EtcdClient::number(kv.value(QStringLiteral("mod_revision")));
            entry.record = LabRecord::fromBytes(EtcdClient::unbase64(kv.value(QStringLiteral("value"))));
            if (at != queue.end())
                *at = entry;
            else
                queue.insert(std::upper_bound(queue.begin(), queue.end(), entry,
                                              [](const LabEntry &a, const LabEntry &b) { return a.createRevision < b.createRevision; }),
                             entry);
        }
        touched = true;
    }
    if (!touched)
        return;
    LabStatus &status = claim->status;
    status.myPosition = -1;
    for (qsizetype i = 0; i < status.queue.size(); ++i)
        if (status.queue.at(i).key == claim->key)
            status.myPosition = int(i);
    status.state = status.queue.isEmpty() ? LabStatus::State::Free
                   : status.myPosition == 0 ? LabStatus::State::HeldByMe
                                            : LabStatus::State::Held;
    evaluate(claim, vanished);
}

void LabClaims::onWatchClosed(const QString &why, qint64 compactRevision)
{
    Q_UNUSED(why)
    if (m_watch)
        m_watch->deleteLater();
    m_watch = nullptr;
    m_client->failOver();
    if (compactRevision > 0) {
        resync();
        return;
    }
    // From the last revision delivered + 1: etcd replays what happened while we were away.
    QTimer::singleShot(kRewatchMs, this, [this] {
        if (!m_claims.isEmpty() && !m_watch)
            ensureWatch(m_watchedRevision + 1);
    });
}

void LabClaims::resync()
{
    // The watch's history was compacted away: read every queue afresh, then watch from there.
    m_client->call(QStringLiteral("/v3/kv/range"), LabTxn::range(m_keys.queue(), true).value(QStringLiteral("request_range")).toObject(),
                   [this](const EtcdReply &reply) {
                       if (!reply.ok) {
                           QTimer::singleShot(kRewatchMs, this, &LabClaims::resync);
                           return;
                       }
                       const qint64 revision = LabTxn::revision(reply.body);
                       const QJsonArray kvs = reply.body.value(QStringLiteral("kvs")).toArray();
                       m_watchedRevision = revision;
                       for (const QString &device : m_claims.keys()) {
                           Claim *claim = m_claims.value(device);
                           const QString maintenance = claim->status.maintenance;
                           claim->status = LabStatus::fromQueue(device, m_keys, kvs, m_session->lease());
                           claim->status.revision = revision;
                           claim->status.maintenance = maintenance;
                           if (m_claims.value(device) == claim)
                               evaluate(claim, {});
                       }
                       ensureWatch(revision + 1);
                   });
}

void LabClaims::onSessionState()
{
    if (m_session->state() != LabSession::State::Lost)
        return;
    const QString why = m_session->lastError();
    for (const QString &device : m_claims.keys()) {
        Claim *claim = m_claims.take(device);
        const bool held = claim->phase == Claim::Phase::Holding;
        delete claim;
        if (held)
            Q_EMIT lost(device, why);
        else
            Q_EMIT failed(device, why);
    }
}

void LabClaims::explainLoss(Claim *claim)
{
    const QString device = claim->device;
    const QByteArray key = claim->key;
    m_claims.remove(device);
    delete claim;
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
                    Q_EMIT lost(device, QStringLiteral("taken away by %1@%2 (lab admin): %3")
                                            .arg(escapedText(it->value(QStringLiteral("by")).toString()),
                                                 escapedText(it->value(QStringLiteral("host")).toString()),
                                                 escapedText(it->value(QStringLiteral("reason")).toString())));
                    return;
                }
            }
            Q_EMIT lost(device, QStringLiteral("this process's entry was deleted by someone else (no audit record names it)"));
        });
    });
}

} // namespace devlatch::lab
