// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class QNetworkReply;
class QTimer;

namespace devlatch::lab {

class EtcdClient;

// One watch stream of etcd's gateway: a POST whose chunked answer is one JSON object per
// line. The first says created; then events (a PUT event has no "type": only DELETE is
// named); a stream that ends, breaks or says canceled/compacted emits closed() once, and the
// owner starts another from the last revision + 1 (nothing is missed: etcd replays). Asked
// for in fragments, so no message grows past what one transaction can write; the events of
// one revision are still delivered in one events() signal.
class EtcdWatch final : public QObject {
    Q_OBJECT
public:
    EtcdWatch(EtcdClient *client, int endpoint, const QJsonObject &createRequest, QObject *parent);
    ~EtcdWatch() override;

    // Logs in if needed (a token refused on an earlier stream is forgotten, so this one gets a
    // fresh one), then opens the stream. EtcdClient::watch() calls it from the event loop.
    void start();
    // A watch stream of a member that stopped answering (SIGSTOP, a power cut, a partition
    // without RST) stays silent forever: every `intervalMs` a count-only read of the watched
    // range at the same member, waiting as long (at most 3 s) for its answer; a failed or
    // timed-out one closes the watch, so the owner watches again elsewhere (nothing is
    // missed: it resumes from revision() + 1). 0: off.
    void setLivenessInterval(int intervalMs);
    static constexpr int kDisplayLivenessMs = 5000; // what a display (the tray) can live with
    // The header revision of the last message: events up to it have been delivered.
    qint64 revision() const { return m_revision; }

Q_SIGNALS:
    void created();
    // Each event: {"type": "PUT"|"DELETE", "kv": {...}, "prev_kv": {...}}, with the type filled in.
    void events(const QJsonArray &events, qint64 revision);
    // `compactRevision` > 0: the start revision was compacted away; re-read, then watch again.
    void closed(const QString &why, qint64 compactRevision);

private:
    void begin();
    void probe();
    void readLines();
    void handle(const QJsonObject &message);
    void close(const QString &why, qint64 compactRevision = 0);

    QPointer<EtcdClient> m_client;
    int m_endpointIndex = 0;
    QJsonObject m_createRequest;
    QTimer *m_liveness = nullptr;
    bool m_probing = false;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QJsonArray m_heldBack; // a fragment's last revision, until the rest of it arrives
    QString m_endpoint;
    qint64 m_revision = 0;
    bool m_closed = false;
};

} // namespace devlatch::lab
