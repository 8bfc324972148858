// SPDX-License-Identifier: MIT
#include "EtcdWatch.h"

#include "EtcdClient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

#include <utility>

namespace devlatch::lab {

namespace {
constexpr qsizetype kMaxLineBytes = EtcdClient::kMaxReplyBytes;
}

EtcdWatch::EtcdWatch(EtcdClient *client, int endpoint, const QJsonObject &createRequest, QObject *parent)
    : QObject(parent), m_client(client), m_endpointIndex(endpoint), m_createRequest(createRequest),
      m_endpoint(client->endpoints().value(endpoint))
{
    m_revision = EtcdClient::number(createRequest.value(QStringLiteral("start_revision"))) - 1;
}

void EtcdWatch::start()
{
    if (!m_client || m_closed || m_reply)
        return;
    m_client->withToken(m_endpointIndex, [guard = QPointer<EtcdWatch>(this)](const EtcdReply &reply) {
        if (!guard)
            return;
        if (!reply.ok)
            guard->close(reply.error.isEmpty() ? QStringLiteral("%1: cannot log in to watch").arg(guard->m_endpoint) : reply.error);
        else
            guard->begin();
    });
}

void EtcdWatch::begin()
{
    if (!m_client || m_closed)
        return;
    // Fragments: etcd otherwise sends up to 1,000 revisions in one message, and a few big
    // values (one user's own range) would make it too large for every watcher, for ever.
    QJsonObject create = m_createRequest;
    create.insert(QStringLiteral("fragment"), true);
    m_reply = m_client->post(m_endpointIndex, QStringLiteral("/v3/watch"), {{QStringLiteral("create_request"), create}}, 0);
    connect(m_reply, &QNetworkReply::readyRead, this, &EtcdWatch::readLines);
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        readLines();
        if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 401 && m_client)
            m_client->forgetToken();
        const QString why = m_reply->error() != QNetworkReply::NoError ? m_reply->errorString()
                                                                       : QStringLiteral("the server ended the watch");
        close(QStringLiteral("%1: %2").arg(m_endpoint, why));
    });
    if (m_liveness)
        m_liveness->start();
}

void EtcdWatch::setLivenessInterval(int intervalMs)
{
    if (intervalMs <= 0) {
        delete m_liveness;
        m_liveness = nullptr;
        return;
    }
    if (!m_liveness) {
        m_liveness = new QTimer(this);
        connect(m_liveness, &QTimer::timeout, this, &EtcdWatch::probe);
    }
    m_liveness->setInterval(intervalMs);
    if (m_reply)
        m_liveness->start();
}

void EtcdWatch::probe()
{
    if (m_probing || m_closed || !m_client)
        return; // the one in flight has its own timeout
    m_probing = true;
    const QJsonObject range{{QStringLiteral("key"), m_createRequest.value(QStringLiteral("key"))},
                            {QStringLiteral("range_end"), m_createRequest.value(QStringLiteral("range_end"))},
                            {QStringLiteral("count_only"), true}};
    // Linearizable (the default): a member cut off from the quorum cannot answer it either.
    m_client->callAt(m_endpointIndex, QStringLiteral("/v3/kv/range"), range, [guard = QPointer<EtcdWatch>(this)](const EtcdReply &reply) {
        if (!guard)
            return;
        guard->m_probing = false;
        if (!reply.ok)
            guard->close(QStringLiteral("%1 stopped answering, so its watch may be silent: %2").arg(guard->m_endpoint, reply.error));
    },
                     qMin(m_liveness->interval(), 3000));
}

EtcdWatch::~EtcdWatch()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void EtcdWatch::readLines()
{
    if (!m_reply || m_closed)
        return;
    m_buffer += m_reply->readAll();
    qsizetype newline;
    while (!m_closed && (newline = m_buffer.indexOf('\n')) >= 0) {
        if (newline > kMaxLineBytes)
            break; // however fast it came: the same limit as for one still arriving
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (!document.isObject()) {
            close(QStringLiteral("%1: the watch sent something that is not JSON (%2)").arg(m_endpoint, error.errorString()));
            return;
        }
        handle(document.object());
    }
    if (!m_closed && m_buffer.size() > kMaxLineBytes)
        close(QStringLiteral("%1: a watch message is larger than %2 bytes; refused").arg(m_endpoint).arg(kMaxLineBytes));
}

void EtcdWatch::handle(const QJsonObject &message)
{
    if (message.contains(QStringLiteral("error"))) {
        const QJsonValue error = message.value(QStringLiteral("error"));
        const QString text = error.isObject() ? error.toObject().value(QStringLiteral("message")).toString() : error.toString();
        if ((error.toObject().value(QStringLiteral("grpc_code")).toInt() == 16 || text.contains(QStringLiteral("auth token"))) && m_client)
            m_client->forgetToken(); // the next stream logs in again instead of failing for ever
        close(QStringLiteral("%1: %2").arg(m_endpoint, text.isEmpty() ? QStringLiteral("watch error") : text));
        return;
    }
    const QJsonObject result = message.value(QStringLiteral("result")).toObject();
    if (result.isEmpty()) {
        close(QStringLiteral("%1: the watch sent a message without a result").arg(m_endpoint));
        return;
    }
    const QJsonObject header = result.value(QStringLiteral("header")).toObject();
    if (m_client)
        m_client->noteCluster(header, m_endpoint);
    const qint64 revision = EtcdClient::number(header.value(QStringLiteral("revision")));
    if (result.value(QStringLiteral("canceled")).toBool()) {
        if (result.value(QStringLiteral("cancel_reason")).toString().contains(QStringLiteral("auth token")) && m_client)
            m_client->forgetToken();
        close(QStringLiteral("%1: the watch was cancelled: %2")
                  .arg(m_endpoint, result.value(QStringLiteral("cancel_reason")).toString()),
              EtcdClient::number(result.value(QStringLiteral("compact_revision"))));
        return;
    }
    if (result.value(QStringLiteral("created")).toBool())
        Q_EMIT created();
    const QJsonArray received = result.value(QStringLiteral("events")).toArray();
    const bool fragment = result.value(QStringLiteral("fragment")).toBool();
    if (!received.isEmpty() || !m_heldBack.isEmpty()) {
        QJsonArray batch = std::exchange(m_heldBack, {});
        for (const QJsonValue &value : received) {
            QJsonObject event = value.toObject();
            // proto3 JSON leaves out the default enum value: PUT has no "type".
            if (!event.contains(QStringLiteral("type")))
                event.insert(QStringLiteral("type"), QStringLiteral("PUT"));
            batch.append(event);
        }
        const auto revisionOf = [](const QJsonValue &event) {
            return EtcdClient::number(event.toObject().value(QStringLiteral("kv")).toObject().value(QStringLiteral("mod_revision")));
        };
        // A fragment may end inside one revision (a transaction's events): those wait for the
        // next message, so a release and its marker always arrive together.
        if (fragment && !batch.isEmpty()) {
            const qint64 last = revisionOf(batch.last());
            while (!batch.isEmpty() && revisionOf(batch.last()) == last)
                m_heldBack.prepend(batch.takeAt(batch.size() - 1));
        }
        if (batch.isEmpty())
            return;
        for (const QJsonValue &event : std::as_const(batch))
            m_revision = std::max(m_revision, revisionOf(event));
        // Only the events' own revisions count as delivered: while catching up the header
        // names the store's revision, ahead of what this message carries.
        Q_EMIT events(batch, m_revision);
    } else if (revision > m_revision && !result.value(QStringLiteral("created")).toBool()) {
        m_revision = revision; // a progress notification: nothing before it is left to send
    }
}

void EtcdWatch::close(const QString &why, qint64 compactRevision)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_liveness)
        m_liveness->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    Q_EMIT closed(why, compactRevision);
}

} // namespace devlatch::lab
