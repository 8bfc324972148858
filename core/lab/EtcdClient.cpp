// SPDX-License-Identifier: MIT
#include "EtcdClient.h"

#include "EtcdWatch.h"

#include <QFile>
#include <QJsonDocument>
#include <QtNetwork/qtnetworkglobal.h>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#endif
#include <QUrl>

namespace devlatch::lab {

namespace {

[[maybe_unused]] QString readProblem(const QString &what, const QString &path, const QFile &file)
{
    return QStringLiteral("cannot read the lab %1 %2: %3").arg(what, path, file.errorString());
}

} // namespace

#if QT_CONFIG(ssl)
struct EtcdClient::Tls {
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
};
#else
struct EtcdClient::Tls {};
#endif

EtcdClient::EtcdClient(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_network(new QNetworkAccessManager(this))
{
    const bool tls = std::any_of(options.endpoints.begin(), options.endpoints.end(),
                                 [](const QString &e) { return e.startsWith(QStringLiteral("https:")); });
    if (tls)
        setUpTls();
}

#if QT_CONFIG(ssl)
void EtcdClient::setUpTls()
{
    if (!QSslSocket::supportsSsl()) {
        m_setupError = QStringLiteral("https endpoints need TLS, which this build of Qt cannot do (%1)")
                           .arg(QSslSocket::sslLibraryVersionString());
        return;
    }
    m_tls = std::make_unique<Tls>();
    QSslConfiguration &ssl = m_tls->configuration;
    if (!m_options.caFile.isEmpty()) {
        QFile file(m_options.caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            m_setupError = readProblem(QStringLiteral("CA file"), m_options.caFile, file);
            return;
        }
        const QList<QSslCertificate> cas = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (cas.isEmpty()) {
            m_setupError = QStringLiteral("the lab CA file %1 holds no PEM certificate").arg(m_options.caFile);
            return;
        }
        ssl.setCaCertificates(cas);
    }
    if (!m_options.certFile.isEmpty()) {
        QFile certFile(m_options.certFile), keyFile(m_options.keyFile);
        if (!certFile.open(QIODevice::ReadOnly)) {
            m_setupError = readProblem(QStringLiteral("certificate"), m_options.certFile, certFile);
            return;
        }
        if (!keyFile.open(QIODevice::ReadOnly)) {
            m_setupError = readProblem(QStringLiteral("key"), m_options.keyFile, keyFile);
            return;
        }
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
        if (certificate.isNull() || key.isNull()) {
            m_setupError = QStringLiteral("the lab certificate %1 or key %2 is not PEM (RSA or EC)")
                               .arg(m_options.certFile, m_options.keyFile);
            return;
        }
        ssl.setLocalCertificate(certificate);
        ssl.setPrivateKey(key);
    }
}
#else
void EtcdClient::setUpTls()
{
    m_setupError = QStringLiteral("https endpoints need TLS, which this build of devlatch does not have; use http through a "
                                  "TLS tunnel, or a build with TLS");
}
#endif

EtcdClient::~EtcdClient() = default;

QByteArray EtcdClient::prefixEnd(QByteArray prefix)
{
    // The last byte that is not 0xff, plus one; nothing after it.
    while (!prefix.isEmpty()) {
        const auto last = static_cast<unsigned char>(prefix.back());
        if (last < 0xff) {
            prefix.back() = char(last + 1);
            return prefix;
        }
        prefix.chop(1);
    }
    return QByteArray(1, '\0'); // every key
}

QNetworkReply *EtcdClient::post(int endpoint, const QString &path, const QJsonObject &body, int timeoutMs)
{
    QNetworkRequest request(QUrl(m_options.endpoints.value(endpoint) + path));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", m_token);
#if QT_CONFIG(ssl)
    if (m_tls && request.url().scheme() == u"https")
        request.setSslConfiguration(m_tls->configuration);
#endif
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    // A server (or something posing as one) that sends without end is cut off. Not a watch
    // stream (no timeout), which carries any amount over its life: it caps each message.
    if (timeoutMs > 0)
        connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
            if (received > kMaxReplyBytes) {
                reply->setProperty("devlatchOversized", true);
                reply->abort();
            }
        });
    return reply;
}

void EtcdClient::noteServerDate(QNetworkReply *reply)
{
    const QByteArray date = reply->rawHeader("Date");
    if (date.isEmpty())
        return;
    // HTTP's date ends in the obsolete zone "GMT" (RFC 9110 IMF-fixdate), which Qt 6.4's
    // RFC 2822 parser rejects: spell it as the offset it means.
    QString text = QString::fromLatin1(date).trimmed();
    if (text.endsWith(QStringLiteral(" GMT")))
        text = text.chopped(3) + QStringLiteral("+0000");
    const QDateTime server = QDateTime::fromString(text, Qt::RFC2822Date);
    if (server.isValid())
        m_serverOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(server);
}

QDateTime EtcdClient::serverNow() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_serverOffsetMs);
}

EtcdReply EtcdClient::readReply(QNetworkReply *reply, int endpoint)
{
    EtcdReply result;
    result.endpoint = m_options.endpoints.value(endpoint);
    const QString where = result.endpoint;
    if (reply->property("devlatchOversized").toBool()) {
        result.reached = true;
        result.oversized = true;
        result.error = QStringLiteral("%1: the answer is larger than %2 bytes; refused").arg(where).arg(kMaxReplyBytes);
        return result;
    }
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http == 0) {
        // Qt reports its own transfer timeout as "Operation canceled".
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError && reply->request().transferTimeout() > 0;
        result.error = timedOut ? QStringLiteral("%1: no answer within %2 s").arg(where).arg(reply->request().transferTimeout() / 1000.0)
                                : QStringLiteral("%1: %2").arg(where, reply->errorString());
        return result;
    }
    result.reached = true;
    noteServerDate(reply);
    const QByteArray data = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isObject()) {
        result.error = QStringLiteral("%1: not an etcd answer (HTTP %2, %3)")
                           .arg(where)
                           .arg(http)
                           .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : QStringLiteral("not a JSON object"));
        return result;
    }
    result.body = document.object();
    if (http != 200 || result.body.contains(QStringLiteral("error"))) {
        result.grpcCode = result.body.value(QStringLiteral("code")).toInt();
        QString message = result.body.value(QStringLiteral("message")).toString();
        if (message.isEmpty())
            message = result.body.value(QStringLiteral("error")).toString();
        result.error = QStringLiteral("%1: %2 (HTTP %3)").arg(where, message.isEmpty() ? QStringLiteral("error") : message).arg(http);
        return result;
    }
    result.ok = true;
    noteCluster(result.body.value(QStringLiteral("header")).toObject(), where);
    return result;
}

void EtcdClient::noteCluster(const QJsonObject &header, const QString &endpoint)
{
    const quint64 id = header.value(QStringLiteral("cluster_id")).toString().toULongLong();
    if (id == 0 || id == m_clusterId)
        return;
    const bool changed = m_clusterId != 0;
    m_clusterId = id;
    if (changed)
        QMetaObject::invokeMethod(this, [this, endpoint] { Q_EMIT clusterChanged(endpoint); }, Qt::QueuedConnection);
}

void EtcdClient::call(const QString &path, const QJsonObject &body, const Callback &done, int timeoutMs)
{
    send(m_current, int(m_options.endpoints.size()), false, path, body, timeoutMs > 0 ? timeoutMs : m_options.timeoutMs, done);
}

void EtcdClient::callAt(int endpoint, const QString &path, const QJsonObject &body, const Callback &done, int timeoutMs)
{
    send(endpoint, 1, false, path, body, timeoutMs > 0 ? timeoutMs : m_options.timeoutMs, done);
}

void EtcdClient::send(int endpoint, int attemptsLeft, bool authRetried, const QString &path, const QJsonObject &body,
                      int timeoutMs, const Callback &done)
{
    if (!m_setupError.isEmpty()) {
        EtcdReply failed;
        failed.error = m_setupError;
        done(failed);
        return;
    }
    if (!m_options.user.isEmpty() && m_token.isEmpty() && path != u"/v3/auth/authenticate") {
        authenticate(endpoint, timeoutMs, [=](const EtcdReply &auth) {
            if (!auth.ok) {
                if (!auth.reached && attemptsLeft > 1) {
                    send((endpoint + 1) % int(m_options.endpoints.size()), attemptsLeft - 1, authRetried, path, body, timeoutMs, done);
                    return;
                }
                done(auth);
                return;
            }
            send(endpoint, attemptsLeft, true, path, body, timeoutMs, done);
        });
        return;
    }
    QNetworkReply *reply = post(endpoint, path, body, timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [=] {
        reply->deleteLater();
        const EtcdReply result = readReply(reply, endpoint);
        // 16: the token expired or the server restarted; authenticate again, once.
        if (!result.ok && result.grpcCode == 16 && !m_options.user.isEmpty() && !authRetried) {
            m_token.clear();
            send(endpoint, attemptsLeft, true, path, body, timeoutMs, done);
            return;
        }
        const bool tryNext = !result.ok && (!result.reached || result.grpcCode == 14);
        if (tryNext && attemptsLeft > 1) {
            // The error, if every endpoint fails, names each one and why.
            send((endpoint + 1) % int(m_options.endpoints.size()), attemptsLeft - 1, authRetried, path, body, timeoutMs,
                 [done, first = result.error](EtcdReply next) {
                     if (!next.ok && !next.error.contains(first))
                         next.error = first + QStringLiteral("; ") + next.error;
                     done(next);
                 });
            return;
        }
        if (result.ok)
            m_current = endpoint;
        done(result);
    });
}

void EtcdClient::authenticate(int endpoint, int timeoutMs, const std::function<void(const EtcdReply &)> &then)
{
    const QJsonObject body{{QStringLiteral("name"), m_options.user}, {QStringLiteral("password"), m_options.password}};
    QNetworkReply *reply = post(endpoint, QStringLiteral("/v3/auth/authenticate"), body, timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [=] {
        reply->deleteLater();
        EtcdReply result = readReply(reply, endpoint);
        if (result.ok) {
            m_token = result.body.value(QStringLiteral("token")).toString().toUtf8();
            if (m_token.isEmpty()) {
                result.ok = false;
                result.error = QStringLiteral("%1: authentication gave no token (is auth enabled on the cluster?)").arg(result.endpoint);
            }
        } else if (result.reached) {
            result.error = QStringLiteral("lab user \"%1\" cannot log in: %2").arg(m_options.user, result.error);
        }
        then(result);
    });
}

void EtcdClient::withToken(int endpoint, const Callback &then)
{
    if (m_options.user.isEmpty() || !m_token.isEmpty() || !m_setupError.isEmpty()) {
        EtcdReply ready;
        ready.ok = m_setupError.isEmpty();
        ready.error = m_setupError;
        then(ready);
        return;
    }
    authenticate(endpoint, m_options.timeoutMs, then);
}

EtcdWatch *EtcdClient::watch(const QJsonObject &createRequest, QObject *parent)
{
    auto *watch = new EtcdWatch(this, m_current, createRequest, parent);
    // Queued: the owner connects to its signals first, even if it fails at once.
    QMetaObject::invokeMethod(watch, &EtcdWatch::start, Qt::QueuedConnection);
    return watch;
}

struct EtcdClient::RangeRead {
    QByteArray from, end;
    qint64 revision = 0;
    int limit = 500;
    QJsonArray kvs;
    RangeDone done;
};

void EtcdClient::rangeAll(const QByteArray &key, const QByteArray &rangeEnd, qint64 revision, const RangeDone &done)
{
    auto read = std::make_shared<RangeRead>();
    read->from = key;
    read->end = rangeEnd;
    read->revision = revision;
    read->done = done;
    readPage(read);
}

void EtcdClient::readPage(const std::shared_ptr<RangeRead> &read)
{
    QJsonObject request{{QStringLiteral("key"), base64(read->from)},
                        {QStringLiteral("range_end"), base64(read->end)},
                        {QStringLiteral("limit"), QString::number(read->limit)}};
    if (read->revision > 0)
        request.insert(QStringLiteral("revision"), QString::number(read->revision));
    call(QStringLiteral("/v3/kv/range"), request, [this, read](const EtcdReply &reply) {
        if (!reply.ok) {
            if (reply.oversized && read->limit > 1) {
                read->limit = qMax(1, read->limit / 2);
                readPage(read);
                return;
            }
            read->done({}, read->revision, reply.error);
            return;
        }
        if (read->revision == 0)
            read->revision = number(reply.body.value(QStringLiteral("header")).toObject().value(QStringLiteral("revision")));
        const QJsonArray page = reply.body.value(QStringLiteral("kvs")).toArray();
        for (const QJsonValue &kv : page)
            read->kvs.append(kv);
        if (!reply.body.value(QStringLiteral("more")).toBool() || page.isEmpty()) {
            read->done(read->kvs, read->revision, {});
            return;
        }
        // The next page starts just after the last key of this one.
        read->from = unbase64(page.last().toObject().value(QStringLiteral("key"))) + QByteArray(1, '\0');
        read->limit = qMin(500, read->limit * 2);
        readPage(read);
    });
}

} // namespace devlatch::lab
