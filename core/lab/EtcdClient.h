// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace devlatch::lab {

class EtcdWatch;

// One answer of etcd's JSON gateway. Not ok: `error` says why, naming the endpoint; when the
// server itself answered with an error, `grpcCode` is etcd's code (14: unavailable, e.g. no
// quorum) and `reached` is true.
struct EtcdReply {
    bool ok = false;
    QJsonObject body;
    QString error;
    QString endpoint;
    int grpcCode = 0;
    bool reached = false;
    bool oversized = false; // larger than EtcdClient::kMaxReplyBytes: cut off
};

// etcd v3 over its gRPC gateway (POST /v3/...), on Qt Network only: the same on Linux and
// Windows, no new dependency. HTTP/1.1 always (Qt 6.4's HTTP/2 adds ~44 ms per request against
// etcd). A call that cannot reach an endpoint, or one that answers "unavailable", goes to the
// next; a reply that is not a JSON object, or larger than kMaxReplyBytes, is an error.
class EtcdClient final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QStringList endpoints; // http(s)://host:port
        QString caFile, certFile, keyFile;
        QString user, password;
        int timeoutMs = 3000;
    };
    static constexpr qint64 kMaxReplyBytes = 4 * 1024 * 1024;
    using Callback = std::function<void(const EtcdReply &)>;

    explicit EtcdClient(const Options &options, QObject *parent = nullptr);
    ~EtcdClient() override;

    // Why the client cannot work at all (an unreadable CA file, TLS unavailable); empty if it can.
    QString setupError() const { return m_setupError; }
    QStringList endpoints() const { return m_options.endpoints; }
    QString currentEndpoint() const { return m_options.endpoints.value(m_current); }
    QString user() const { return m_options.user; }

    // POSTs `body` to `path` ("/v3/kv/txn"), failing over across the endpoints; each attempt
    // waits `timeoutMs` for its answer (0: Options::timeoutMs).
    void call(const QString &path, const QJsonObject &body, const Callback &done, int timeoutMs = 0);
    // Every key in [key, rangeEnd) at one revision (`revision` 0: the current one), read in
    // pages so that no answer grows past kMaxReplyBytes because of the number of keys; a page
    // too large for its values is read again in halves. Sorted by key.
    using RangeDone = std::function<void(const QJsonArray &kvs, qint64 revision, const QString &error)>;
    void rangeAll(const QByteArray &key, const QByteArray &rangeEnd, qint64 revision, const RangeDone &done);
    // The same at one endpoint only, without failing over (lab status asks each member).
    void callAt(int endpoint, const QString &path, const QJsonObject &body, const Callback &done, int timeoutMs = 0);
    // Calls `then` once a request can carry a valid token: at once without auth or with one,
    // else after logging in at `endpoint` (then's reply says why not).
    void withToken(int endpoint, const Callback &then);
    // The token was refused (it expired, the server restarted): the next request logs in anew.
    void forgetToken() { m_token.clear(); }
    int currentEndpointIndex() const { return m_current; }
    // Whether this client logs in (user=): without, the cluster lets anyone write anything.
    bool usesAuth() const { return !m_options.user.isEmpty(); }
    // A watch stream at the current endpoint, started from the event loop; the caller owns it
    // (see EtcdWatch).
    EtcdWatch *watch(const QJsonObject &createRequest, QObject *parent);
    // Moves on to the next endpoint (after a broken watch stream).
    void failOver() { m_current = (m_current + 1) % qMax(1, int(m_options.endpoints.size())); }

    // The server's clock (the Date of its last answer), advanced by our monotonic clock.
    QDateTime serverNow() const;

    QNetworkReply *post(int endpoint, const QString &path, const QJsonObject &body, int timeoutMs);

    // The gateway's encodings: bytes as base64, int64 as strings.
    static QString base64(const QByteArray &bytes) { return QString::fromLatin1(bytes.toBase64()); }
    static QByteArray unbase64(const QJsonValue &value) { return QByteArray::fromBase64(value.toString().toLatin1()); }
    static qint64 number(const QJsonValue &value) { return value.isString() ? value.toString().toLongLong() : qint64(value.toDouble()); }
    // The end of the key range of every key starting with `prefix`.
    static QByteArray prefixEnd(QByteArray prefix);

Q_SIGNALS:
    // An answer came from another etcd cluster than the earlier ones (the cluster was wiped
    // and made anew, or an endpoint now names another one): revisions, leases and watches
    // of the old one mean nothing there. Emitted from the event loop, after that answer.
    void clusterChanged(const QString &endpoint);

private:
    // Every answer's header names its cluster: the first sets it, another one changes it.
    void noteCluster(const QJsonObject &header, const QString &endpoint);
    void send(int endpoint, int attemptsLeft, bool authRetried, const QString &path, const QJsonObject &body, int timeoutMs,
              const Callback &done);
    void authenticate(int endpoint, int timeoutMs, const std::function<void(const EtcdReply &)> &then);
    void noteServerDate(QNetworkReply *reply);
    EtcdReply readReply(QNetworkReply *reply, int endpoint);

    void setUpTls();
    struct RangeRead;
    void readPage(const std::shared_ptr<RangeRead> &read);

    struct Tls; // the TLS configuration, where this Qt has TLS
    Options m_options;
    QString m_setupError;
    std::unique_ptr<Tls> m_tls;
    QNetworkAccessManager *m_network;
    int m_current = 0;
    QByteArray m_token;
    qint64 m_serverOffsetMs = 0;
    quint64 m_clusterId = 0;
    friend class EtcdWatch;
};

} // namespace devlatch::lab
