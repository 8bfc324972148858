// SPDX-License-Identifier: MIT
// LabClaims' one watch of the prefix: waiting and held claims follow their queues through it.
#include "LabClaims.h"

#include "EtcdClient.h"
#include "EtcdWatch.h"
#include "LabClaimState.h"
#include "LabSession.h"
#include "LabTxn.h"

#include <QTimer>

#include <memory>

namespace devlatch::lab {

namespace {
constexpr int kRewatchMs = 500;
const QString kWaiterVanished = QStringLiteral("the waiter ahead of this one vanished");
} // namespace

bool LabClaims::vanishedBeforeItsTurn(const QString &vanished)
{
    return vanished.startsWith(kWaiterVanished);
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
    m_watchStarted.start();
    // A silent watch must be found out well within a TTL: a waiter would miss its grant. A
    // probe every quarter TTL that waits as long for its answer: found out within half a TTL.
    m_watch->setLivenessInterval(qBound(500, m_session->ttlSeconds() * 1000 / 4, 5000));
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
    const QByteArray publishedKey = m_keys.published(claim->device);
    for (const QJsonValue &value : events) {
        const QJsonObject kv = value.toObject().value(QStringLiteral("kv")).toObject();
        if (EtcdClient::unbase64(kv.value(QStringLiteral("key"))) != publishedKey
            || EtcdClient::number(kv.value(QStringLiteral("mod_revision"))) <= claim->status.revision)
            continue;
        if (value.toObject().value(QStringLiteral("type")).toString() == u"DELETE")
            setPublisher(claim->status, {});
        else
            setPublisher(claim->status, QJsonArray{kv});
        touched = true;
    }
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
            if (at == queue.begin() && key != claim->key && !released.contains(key)) {
                // One this claim saw waiting, whose record was never rewritten as granted,
                // never held the device: it died in the queue, and its turn ran out.
                const bool neverHeld = claim->seenWaiting.contains(key) && at->modRevision == at->createRevision;
                vanished = at->record && at->record->gate
                    ? QStringLiteral("the publisher of %1 vanished (its session ran out): nothing holds it on %2 for this claim")
                          .arg(escapedText(claim->device), escapedText(at->record->host))
                    : (neverHeld ? kWaiterVanished + QStringLiteral(" before its turn came (its session ran out): %1")
                                      : QStringLiteral("the previous holder vanished without releasing (its session ran out): %1"))
                               .arg(at->describe());
            }
            queue.erase(at);
        } else {
            const LabEntry entry = *entryFromKv(m_keys, kv);
            if (key == claim->key && !isClaim(entry))
                claim->overwritten = true;
            insertInOrder(queue, entry);
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
    status.settle();
    if (claim->phase == Claim::Phase::Holding && !claim->boundBy.isEmpty() && status.publisherLease == 0) {
        // The publisher held the device's local lock for this claim; it is gone, and its lock
        // with it: the claim no longer binds that machine. It ends, and says so.
        const QString device = claim->device;
        const QString why = QStringLiteral("its publisher %1 is gone (it ended, was killed or was cut from the lab), "
                                           "so nothing holds %2 on that machine for this claim any more")
                                .arg(claim->boundBy, escapedText(device));
        leave(claim, [this, device, why] { Q_EMIT lost(device, why); });
        return;
    }
    const QString device = claim->device;
    evaluate(claim, vanished);
    if (Claim *still = m_claims.value(device); still == claim)
        Q_EMIT queueChanged(device, claim->status);
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
    // At once elsewhere after a watch that lived (a member died under it: a waiter's grant may
    // be due); after a pause when watches keep closing, so a dead lab is not hammered.
    const bool flapping = m_watchStarted.isValid() && m_watchStarted.elapsed() < 2 * kRewatchMs;
    QTimer::singleShot(flapping ? kRewatchMs : 0, this, [this] {
        if (!m_claims.isEmpty() && !m_watch)
            ensureWatch(m_watchedRevision + 1);
    });
}

void LabClaims::resync()
{
    // The watch's history was compacted away: read every claim's queue afresh, then watch
    // from the oldest of those reads (events a queue's own read saw already are skipped).
    const QStringList devices = m_claims.keys();
    if (devices.isEmpty())
        return;
    auto left = std::make_shared<int>(int(devices.size()));
    auto oldest = std::make_shared<qint64>(0);
    auto failed = std::make_shared<bool>(false);
    for (const QString &device : devices) {
        readDevice(device, [this, device, claim = m_claims.value(device), left, oldest, failed](const LabStatus &read) {
            if (read.state == LabStatus::State::Unknown)
                *failed = true;
            else if (m_claims.value(device) == claim) {
                const QString maintenance = claim->status.maintenance;
                claim->status = read;
                claim->status.maintenance = maintenance;
                *oldest = *oldest == 0 ? read.revision : qMin(*oldest, read.revision);
                evaluate(claim, {});
            }
            if (--*left > 0)
                return;
            if (*failed) {
                QTimer::singleShot(kRewatchMs, this, &LabClaims::resync);
                return;
            }
            if (*oldest > 0) {
                m_watchedRevision = *oldest;
                ensureWatch(*oldest + 1);
            }
        });
    }
}

} // namespace devlatch::lab
