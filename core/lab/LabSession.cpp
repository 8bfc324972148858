// SPDX-License-Identifier: MIT
#include "LabSession.h"

#include "EtcdClient.h"

namespace devlatch::lab {

namespace {
constexpr int kRetryMs = 500;
}

// A keepalive that hangs (a stopped member, a blackholed link) must leave time to fail over
// and still be confirmed within the TTL: it waits a quarter of the TTL, not the client's
// usual timeout (1 s at TTL 2 left a failover with TLS and a new login ~0.3 s of margin).
int LabSession::keepAliveTimeoutMs() const
{
    return qBound(250, m_ttl * 1000 / 4, 3000);
}

int LabSession::retryMs() const
{
    return qMin(kRetryMs, m_ttl * 1000 / 8);
}

LabSession::LabSession(EtcdClient *client, int ttlSeconds, QObject *parent)
    : QObject(parent), m_client(client), m_ttl(ttlSeconds)
{
    m_keepAliveTimer.setSingleShot(true);
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &LabSession::keepAlive);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &LabSession::checkDeadline);
}

LabSession::~LabSession() = default;

void LabSession::setState(State state, const QString &why)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, why);
}

void LabSession::open(const std::function<void(const QString &)> &done)
{
    // A lost session is over; a new claim (the tray lives on) starts a new one.
    if (m_state == State::Lost)
        m_state = State::Closed;
    if (m_state != State::Closed) {
        done({});
        return;
    }
    setState(State::Opening, {});
    // "TTL" exactly: etcd takes {"ttl": 15} silently and grants its 2-second minimum.
    QElapsedTimer sent;
    sent.start();
    m_client->call(QStringLiteral("/v3/lease/grant"), {{QStringLiteral("TTL"), QString::number(m_ttl)}},
                   [this, done, sent](const EtcdReply &reply) {
                       const qint64 granted = EtcdClient::number(reply.body.value(QStringLiteral("TTL")));
                       m_lease = EtcdClient::number(reply.body.value(QStringLiteral("ID")));
                       if (!reply.ok || m_lease == 0 || granted <= 0) {
                           m_lastError = reply.ok ? QStringLiteral("%1: the lease grant gave no lease").arg(reply.endpoint)
                                                  : reply.error;
                           m_state = State::Closed;
                           done(m_lastError);
                           return;
                       }
                       m_ttl = int(granted);
                       // The lease started before the answer came, after the request left: count from then.
                       m_confirmed = sent;
                       setState(State::Alive, {});
                       m_keepAliveTimer.start(m_ttl * 1000 / 3);
                       m_deadlineTimer.start(qMax<qint64>(0, m_ttl * 1000 - sent.elapsed()));
                       Q_EMIT confirmed();
                       done({});
                   });
}

void LabSession::keepAlive()
{
    if (m_state == State::Lost || m_state == State::Closed || m_paused)
        return;
    if (m_inFlight) {
        m_keepAliveTimer.start(retryMs());
        return;
    }
    m_inFlight = true;
    QElapsedTimer sent;
    sent.start();
    m_client->call(QStringLiteral("/v3/lease/keepalive"), {{QStringLiteral("ID"), QString::number(m_lease)}},
                   [this, sent](const EtcdReply &reply) {
                       m_inFlight = false;
                       if (m_state == State::Lost || m_state == State::Closed)
                           return;
                       if (!reply.ok) {
                           m_lastError = reply.error;
                           m_keepAliveTimer.start(retryMs());
                           return;
                       }
                       // A lease the server no longer has: the answer has no TTL (or 0).
                       const QJsonObject result = reply.body.value(QStringLiteral("result")).toObject();
                       if (EtcdClient::number(result.value(QStringLiteral("TTL"))) <= 0) {
                           m_lastError = QStringLiteral("%1: the server ended this session (lease %2 is gone)")
                                             .arg(reply.endpoint, QString::number(quint64(m_lease), 16));
                           m_keepAliveTimer.stop();
                           m_deadlineTimer.stop();
                           setState(State::Lost, m_lastError);
                           return;
                       }
                       // Confirmed as of when the request left, not when the answer came.
                       const qint64 age = sent.elapsed();
                       m_confirmed = sent;
                       m_deadlineTimer.start(qMax<qint64>(0, m_ttl * 1000 - age));
                       setState(State::Alive, {});
                       m_keepAliveTimer.start(m_ttl * 1000 / 3);
                       Q_EMIT confirmed();
                   },
                   keepAliveTimeoutMs());
}

void LabSession::checkDeadline()
{
    if (m_state == State::Uncertain) {
        // Twice the TTL unconfirmed: the server has let the lease go unless a leader change
        // extended it; holding on to the claim would be the lie.
        m_lastError = QStringLiteral("no keepalive confirmed for %1 s (twice the TTL); last error: %2")
                          .arg(2 * m_ttl)
                          .arg(m_lastError.isEmpty() ? QStringLiteral("none") : m_lastError);
        m_keepAliveTimer.stop();
        setState(State::Lost, m_lastError);
        return;
    }
    if (m_state != State::Alive)
        return;
    m_deadlineTimer.start(m_ttl * 1000);
    setState(State::Uncertain,
             QStringLiteral("no keepalive confirmed for %1 s (the TTL): the server may have freed the claims; last error: %2")
                 .arg(m_ttl)
                 .arg(m_lastError.isEmpty() ? QStringLiteral("none") : m_lastError));
}

void LabSession::pauseKeepAlive(bool paused)
{
    m_paused = paused;
    if (!paused)
        keepAlive();
}

void LabSession::close(const std::function<void()> &done)
{
    m_keepAliveTimer.stop();
    m_deadlineTimer.stop();
    if (m_lease == 0 || m_state == State::Lost || m_state == State::Closed) {
        m_state = State::Closed;
        done();
        return;
    }
    m_state = State::Closed;
    m_client->call(QStringLiteral("/v3/lease/revoke"), {{QStringLiteral("ID"), QString::number(m_lease)}},
                   [done](const EtcdReply &) { done(); });
}

} // namespace devlatch::lab
