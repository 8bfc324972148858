// SPDX-License-Identifier: MIT
#include "LabTracker.h"

#include "EtcdClient.h"
#include "EtcdWatch.h"
#include "LabTxn.h"

#include <QJsonDocument>

#include <algorithm>

namespace devlatch::lab {

namespace {
constexpr int kRetryMs = 2000;
} // namespace

LabTracker::LabTracker(EtcdClient *client, const LabKeys &keys, QObject *parent)
    : QObject(parent), m_client(client), m_keys(keys)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &LabTracker::read);
    // A watch of the old cluster's revisions on a new one would wait for ever (a future
    // revision is accepted silently) and show stale queues: read everything anew.
    connect(m_client, &EtcdClient::clusterChanged, this, [this] {
        if (m_started)
            read();
    });
}

LabTracker::~LabTracker() = default;

void LabTracker::start()
{
    m_started = true;
    read();
}

void LabTracker::setWanted(const QStringList &devices)
{
    m_wanted = devices;
    Q_EMIT devicesReset();
}

void LabTracker::setMyLease(qint64 lease)
{
    m_myLease = lease;
    for (const QString &device : m_queues.keys())
        Q_EMIT deviceChanged(device);
}

QStringList LabTracker::devices() const
{
    QSet<QString> all(m_wanted.begin(), m_wanted.end());
    for (auto it = m_queues.cbegin(); it != m_queues.cend(); ++it)
        all.insert(it.key());
    all.unite(m_described);
    QStringList sorted(all.begin(), all.end());
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) { return QString::localeAwareCompare(a, b) < 0; });
    return sorted;
}

LabStatus LabTracker::status(const QString &device) const
{
    LabStatus status;
    status.device = device;
    if (!m_connected) {
        status.error = m_error.isEmpty() ? QStringLiteral("not read yet") : m_error;
        return status;
    }
    status.queue = m_queues.value(device);
    status.revision = m_revision;
    status.maintenance = m_maintenance.value(device);
    for (qsizetype i = 0; i < status.queue.size(); ++i)
        if (m_myLease != 0 && status.queue.at(i).lease == m_myLease)
            status.myPosition = int(i);
    status.state = LabStatus::State::Free;
    status.settle();
    return status;
}

void LabTracker::setConnected(bool connected, const QString &error)
{
    const bool changed = connected != m_connected;
    m_connected = connected;
    m_error = error;
    if (changed)
        Q_EMIT connectionChanged(connected, error);
}

void LabTracker::read()
{
    if (m_watch)
        m_watch->deleteLater();
    m_watch = nullptr;
    // The queue, the registry of users and the descriptors at one revision, in pages: a lab
    // of 10,000 claims (or one user's range full of big values) stays readable.
    const auto failed = [this](const QString &error) {
        setConnected(false, error);
        Q_EMIT devicesReset();
        m_client->failOver();
        m_retry.start(kRetryMs);
    };
    m_client->rangeAll(m_keys.users(), EtcdClient::prefixEnd(m_keys.users()), 0,
                       [this, failed](const QJsonArray &users, qint64 revision, const QString &error) {
        if (!error.isEmpty())
            return failed(error);
        m_client->rangeAll(m_keys.queue(), EtcdClient::prefixEnd(m_keys.queue()), revision,
                           [this, failed, users](const QJsonArray &queue, qint64 queueRevision, const QString &queueError) {
            if (!queueError.isEmpty())
                return failed(queueError);
            const QByteArray descriptors = m_keys.prefix + "devices/";
            m_client->rangeAll(descriptors, EtcdClient::prefixEnd(descriptors), queueRevision,
                               [this, failed, users, queue](const QJsonArray &described, qint64 atRevision, const QString &describedError) {
                if (!describedError.isEmpty())
                    return failed(describedError);
                m_queues.clear();
                m_maintenance.clear();
                m_described.clear();
                m_users.clear();
                m_revision = atRevision;
                QJsonArray events;
                for (const QJsonArray &kvs : {users, queue, described})
                    for (const QJsonValue &kv : kvs)
                        events.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("PUT")}, {QStringLiteral("kv"), kv}});
                setConnected(true, {});
                onEvents(events);
                Q_EMIT devicesReset();
                watchFrom(m_revision + 1);
            });
        });
    });
}

void LabTracker::watchFrom(qint64 revision)
{
    const QJsonObject create{{QStringLiteral("key"), EtcdClient::base64(m_keys.prefix)},
                             {QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd(m_keys.prefix))},
                             {QStringLiteral("start_revision"), QString::number(revision)}};
    m_watch = m_client->watch(create, this);
    m_watch->setLivenessInterval(EtcdWatch::kDisplayLivenessMs);
    connect(m_watch, &EtcdWatch::events, this, [this](const QJsonArray &events, qint64 delivered) {
        m_revision = qMax(m_revision, delivered);
        onEvents(events);
    });
    connect(m_watch, &EtcdWatch::closed, this, [this](const QString &why, qint64 compacted) {
        m_watch->deleteLater();
        m_watch = nullptr;
        m_client->failOver();
        if (compacted > 0) {
            read();
            return;
        }
        // Resume where it broke; if the cluster is gone, the re-read says so.
        Q_UNUSED(why)
        QTimer::singleShot(500, this, [this] {
            if (m_watch)
                return;
            m_client->call(QStringLiteral("/v3/maintenance/status"), {}, [this](const EtcdReply &reply) {
                if (!reply.ok) {
                    setConnected(false, reply.error);
                    for (const QString &device : devices())
                        Q_EMIT deviceChanged(device);
                    m_retry.start(kRetryMs);
                } else {
                    watchFrom(m_revision + 1);
                }
            });
        });
    });
}

void LabTracker::onEvents(const QJsonArray &events)
{
    QSet<QString> changed;
    const int before = int(devices().size());
    for (const QJsonValue &value : events) {
        const QJsonObject kv = value.toObject().value(QStringLiteral("kv")).toObject();
        const bool put = value.toObject().value(QStringLiteral("type")).toString() == u"PUT";
        const QByteArray key = EtcdClient::unbase64(kv.value(QStringLiteral("key")));
        if (key.startsWith(m_keys.prefix + "devices/")) {
            const QString device = LabKeys::decode(key.mid(m_keys.prefix.size() + 8));
            m_maintenance.remove(device);
            m_described.remove(device);
            if (put) {
                m_described.insert(device);
                const QString reason = LabTxn::maintenanceReason(QJsonArray{kv});
                if (!reason.isEmpty())
                    m_maintenance.insert(device, reason);
            }
            changed.insert(device);
            continue;
        }
        if (const QString user = m_keys.userOf(key); !user.isEmpty()) {
            if (put)
                m_users.insert(user);
            continue;
        }
        const auto entry = m_keys.parseEntry(key);
        // An entry of a user devlatch never registered is none of its claims (LabClaims reads
        // registered users' ranges only): the same here.
        if (!entry || (put && !m_users.contains(entry->user)))
            continue;
        QList<LabEntry> &queue = m_queues[entry->device];
        if (put)
            insertInOrder(queue, *entryFromKv(m_keys, kv));
        else
            queue.erase(std::remove_if(queue.begin(), queue.end(), [&](const LabEntry &e) { return e.key == key; }), queue.end());
        if (queue.isEmpty())
            m_queues.remove(entry->device);
        changed.insert(entry->device);
    }
    if (int(devices().size()) != before) {
        Q_EMIT devicesReset();
        return;
    }
    for (const QString &device : std::as_const(changed))
        Q_EMIT deviceChanged(device);
}

} // namespace devlatch::lab
