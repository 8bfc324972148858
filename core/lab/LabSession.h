// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace devlatch::lab {

class EtcdClient;

// This process's one session lease: every queue entry it writes is attached to it, so all of
// them go when the process dies (after the TTL) or closes the session (at once). Kept alive
// every TTL/3, retried every 0.5 s across endpoints on failure. The client keeps its own
// monotonic deadline, last confirmed keepalive + TTL: past it the session is Uncertain (the
// server may have let it go), and Lost once the server says the lease is gone.
class LabSession final : public QObject {
    Q_OBJECT
public:
    enum class State { Closed, Opening, Alive, Uncertain, Lost };
    Q_ENUM(State)

    LabSession(EtcdClient *client, int ttlSeconds, QObject *parent = nullptr);
    ~LabSession() override;

    State state() const { return m_state; }
    qint64 lease() const { return m_lease; }
    int ttlSeconds() const { return m_ttl; }
    // Milliseconds since the server last confirmed the lease (-1: never).
    qint64 sinceConfirmedMs() const { return m_confirmed.isValid() ? m_confirmed.elapsed() : -1; }
    QString lastError() const { return m_lastError; }

    // Grants the lease (once, or anew after it was lost); `done` gets an empty string or the error.
    void open(const std::function<void(const QString &error)> &done);
    // Revokes the lease: the server deletes every entry of this process at once.
    void close(const std::function<void()> &done);
    // Test seam: stop sending keepalives, as a stopped or cut-off process would.
    void pauseKeepAlive(bool paused);

Q_SIGNALS:
    void stateChanged(devlatch::lab::LabSession::State state, const QString &why);
    // The server has just confirmed the lease (granted or kept alive): it cannot free it for
    // the TTL from about sinceConfirmedMs() ago.
    void confirmed();

private:
    void keepAlive();
    int keepAliveTimeoutMs() const;
    int retryMs() const;
    void checkDeadline();
    void setState(State state, const QString &why);

    EtcdClient *m_client;
    int m_ttl;
    qint64 m_lease = 0;
    State m_state = State::Closed;
    QElapsedTimer m_confirmed;
    QTimer m_keepAliveTimer;
    QTimer m_deadlineTimer;
    QString m_lastError;
    bool m_inFlight = false;
    bool m_paused = false;
};

} // namespace devlatch::lab
