// SPDX-License-Identifier: MIT
#include "LabClaims.h"

#include "EtcdClient.h"
#include "LabClaimState.h"
#include "LabSession.h"
#include "LabTxn.h"

#include <memory>

namespace devlatch::lab {

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
    record.gate = claim->options.gate;
    record.localHolder = claim->options.localHolder;
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
    // The session's lease and the registry of users at once (two connections): the claim's
    // transaction needs both, and one round trip less is most of a first claim's time.
    auto pending = std::make_shared<int>(m_usersRevision == 0 ? 2 : 1);
    auto sessionError = std::make_shared<QString>();
    const auto ready = [this, claim, device, pending, sessionError] {
        if (--*pending > 0 || m_claims.value(device) != claim)
            return;
        if (!sessionError->isEmpty())
            fail(claim, *sessionError);
        else
            enqueue(claim);
    };
    if (m_usersRevision == 0) {
        m_client->call(QStringLiteral("/v3/kv/range"), registryRead().value(QStringLiteral("request_range")).toObject(),
                       [this, ready](const EtcdReply &reply) {
                           if (reply.ok && m_usersRevision == 0)
                               learnRegistry(reply.body.value(QStringLiteral("kvs")).toArray(), LabTxn::revision(reply.body));
                           ready(); // without it, the claim's transaction reads the registry itself
                       });
    }
    m_session->open([ready, sessionError](const QString &error) {
        *sessionError = error;
        ready();
    });
}

void LabClaims::enqueue(Claim *claim, int attempt)
{
    claim->key = m_keys.entry(m_identity.user, claim->device, m_session->lease());
    claim->since = isoTime(m_client->serverNow());
    // One transaction: if the registry of users is still the one read, register this user,
    // put the entry and read this device's queue (a range per user) and descriptor.
    const DeviceReads reads = deviceReads(claim->device);
    QJsonArray success{registration(), LabTxn::put(claim->key, recordFor(claim).toBytes(), m_session->lease())};
    for (const QJsonValue &read : reads.ops)
        success.append(read);
    QJsonArray compare{LabTxn::absent(claim->key), registryUnchanged()};
    const bool publish = claim->options.publish;
    if (publish) {
        // The gate and the published/ key at one revision: no claim can slip in between.
        compare.append(LabTxn::absent(m_keys.published(claim->device)));
        success.append(LabTxn::put(m_keys.published(claim->device), recordFor(claim).toBytes(), m_session->lease()));
    }
    const QJsonObject txn{{QStringLiteral("compare"), compare},
                          {QStringLiteral("success"), success},
                          {QStringLiteral("failure"), QJsonArray{registryRead(), LabTxn::keysOnly(claim->key, false),
                                                                 LabTxn::range(m_keys.published(claim->device), false)}}};
    const QString device = claim->device;
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [this, claim, device, reads, attempt](const EtcdReply &reply) {
        if (m_claims.value(device) != claim)
            return; // released meanwhile (leave() took the entry back)
        if (!reply.ok) {
            // The entry may have been written before the answer was lost: take it back, then
            // report (leave() ends the claim; it must not be ended twice).
            QString error = reply.error;
            if (error.contains(QStringLiteral("permission denied")))
                error += QStringLiteral(" (with auth, each user needs write access to %1USER; devlatch-lab-rbac grants it)")
                             .arg(QString::fromUtf8(m_keys.users()));
            leave(claim, [this, device, error] { Q_EMIT failed(device, error); });
            return;
        }
        const QJsonArray responses = reply.body.value(QStringLiteral("responses")).toArray();
        const qint64 revision = LabTxn::revision(reply.body);
        if (!reply.body.value(QStringLiteral("succeeded")).toBool()) {
            learnRegistry(LabTxn::kvs(responses, 0), revision);
            if (claim->options.publish && !LabTxn::kvs(responses, 2).isEmpty() && LabTxn::kvs(responses, 1).isEmpty()) {
                LabStatus status;
                status.device = device;
                status.state = LabStatus::State::Held;
                setPublisher(status, LabTxn::kvs(responses, 2));
                leave(claim, [this, device, status] { Q_EMIT refused(device, lock::AcquireStatus::Busy, status); });
                return;
            }
            if (!LabTxn::kvs(responses, 1).isEmpty()) {
                // The entry exists: its key names this session's lease, so it is ours, put by
                // this very request on an endpoint whose answer was lost before the client
                // retried elsewhere. The claim goes on from a read: the request is idempotent.
                readDevice(device, [this, claim, device](const LabStatus &status) {
                    if (m_claims.value(device) != claim)
                        return;
                    if (status.state == LabStatus::State::Unknown) {
                        const QString error = status.error;
                        leave(claim, [this, device, error] { Q_EMIT failed(device, error); });
                        return;
                    }
                    decide(claim, status);
                });
            } else if (attempt + 1 < 5) {
                enqueue(claim, attempt + 1); // users joined since the registry was read
            } else {
                leave(claim, [this, device] {
                    Q_EMIT failed(device, QStringLiteral("the lab's list of users kept changing under the claim"));
                });
            }
            return;
        }
        if (!m_users.contains(m_identity.user))
            m_users.insert(m_identity.user); // registered by this very transaction
        decide(claim, statusFromReads(device, reads, responses, 2, revision));
    });
}

void LabClaims::decide(Claim *claim, const LabStatus &read)
{
    LabStatus status = read;
    // Our own record needs no read.
    for (LabEntry &entry : status.queue)
        if (entry.key == claim->key && !entry.valueRead) {
            entry.valueRead = true;
            entry.record = recordFor(claim);
        }
    const QString device = claim->device;
    readRecords(status, [this, claim, device](const LabStatus &described) {
        if (m_claims.value(device) != claim)
            return;
        claim->status = described;
        if (!claim->status.maintenance.isEmpty()) {
            refuse(claim, lock::AcquireStatus::Busy, claim->status);
            return;
        }
        const QJsonArray pending = std::exchange(claim->pending, {});
        evaluate(claim, {});
        // What the shared watch delivered while the read was under way, now on top of it.
        if (m_claims.value(device) == claim && !pending.isEmpty())
            applyEvents(claim, pending);
        // Always, even when those events were all stale (applyEvents then says nothing): a
        // publisher's gate granted at once must learn that it stands alone.
        if (m_claims.value(device) == claim)
            Q_EMIT queueChanged(device, claim->status);
    });
}

void LabClaims::evaluate(Claim *claim, const QString &vanished)
{
    const int position = claim->status.myPosition;
    for (qsizetype i = 1; i < claim->status.queue.size(); ++i)
        claim->seenWaiting.insert(claim->status.queue.at(i).key);
    if (claim->phase == Claim::Phase::Holding) {
        if (position != 0) {
            const QString device = claim->device;
            const QByteArray key = claim->key;
            const bool overwritten = claim->overwritten;
            m_claims.remove(device);
            delete claim;
            if (overwritten)
                Q_EMIT lost(device, QStringLiteral("someone overwrote this process's entry without its lease, so it is no "
                                                   "claim any more (%1)")
                                        .arg(m_client->usesAuth() ? QStringLiteral("with auth, only its user or a lab admin can")
                                                                  : QStringLiteral("the lab is used without auth: anyone can")));
            else
                explainLoss(device, key);
        }
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
    // First behind a publisher's gate that stands for nobody: the publisher is taking the
    // device's local lock for this claim, and steps aside then. Even a claim that does not wait
    // waits for that (a moment), and is refused if someone on that machine takes it first.
    const bool noWait = claim->options.wait.mode == lock::WaitPolicy::Mode::NoWait;
    const bool handOver = position == 1 && claim->status.handOverDue() && !claim->options.gate;
    if (noWait && !handOver) {
        refuse(claim, lock::AcquireStatus::Busy, claim->status);
        return;
    }
    if (claim->phase == Claim::Phase::Asking) {
        claim->phase = Claim::Phase::Waiting;
        if (claim->options.wait.mode == lock::WaitPolicy::Mode::Timeout) {
            armUntil(claim->timeout, QDeadlineTimer(claim->options.wait.timeout),
                     [this, claim] { refuse(claim, lock::AcquireStatus::TimedOut, claim->status); });
        } else if (noWait) {
            const int handOverMs = qMax(2000, m_session->ttlSeconds() * 1000);
            armUntil(claim->timeout, QDeadlineTimer(handOverMs),
                     [this, claim] { refuse(claim, lock::AcquireStatus::Busy, claim->status); });
        }
        ensureWatch(claim->status.revision + 1);
    }
    if (noWait)
        return; // not waiting in the queue, only for the publisher's hand-over
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
    if (!claim->options.gate && claim->status.publisherLease != 0)
        claim->boundBy = claim->status.publisher;
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
        armUntil(claim->maxHold, QDeadlineTimer(std::chrono::seconds(claim->options.maxHoldSeconds)), [this, claim] {
            const QString device = claim->device;
            Q_EMIT maxHoldReached(device);
            release(device);
        });
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
    seen.settle();
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

void LabClaims::setLocalHolder(const QString &device, const QString &localHolder)
{
    Claim *claim = m_claims.value(device);
    if (!claim || !claim->options.gate || claim->options.localHolder == localHolder || claim->key.isEmpty())
        return;
    claim->options.localHolder = localHolder;
    const auto mine = std::find_if(claim->status.queue.cbegin(), claim->status.queue.cend(),
                                   [&](const LabEntry &e) { return e.key == claim->key; });
    if (mine == claim->status.queue.cend())
        return; // not read yet: the record is written with the new word when it is
    // Only while the entry is still this one (as grant() rewrites a record).
    const QJsonObject txn{{QStringLiteral("compare"), QJsonArray{LabTxn::created(claim->key, mine->createRevision)}},
                          {QStringLiteral("success"), QJsonArray{LabTxn::put(claim->key, recordFor(claim).toBytes(), m_session->lease())}}};
    m_client->call(QStringLiteral("/v3/kv/txn"), txn, [](const EtcdReply &) {});
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

} // namespace devlatch::lab
