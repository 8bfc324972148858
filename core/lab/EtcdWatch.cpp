// SPDX-License-Identifier: MIT
#include "EtcdWatch.h"

#include "EtcdClient.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace devlatch::lab {

namespace {
constexpr qsizetype kMaxLineBytes = EtcdClient::kMaxReplyBytes;
}

EtcdWatch::EtcdWatch(EtcdClient *client, int endpoint, const QJsonObject &createRequest, QObject *parent)
    : QObject(parent), m_endpoint(client->endpoints().value(endpoint))
{
    m_revision = EtcdClient::number(createRequest.value(QStringLiteral("start_revision"))) - 1;
    m_reply = client->post(endpoint, QStringLiteral("/v3/watch"), {{QStringLiteral("create_request"), createRequest}}, 0);
    connect(m_reply, &QNetworkReply::readyRead, this, &EtcdWatch::readLines);
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        readLines();
        const QString why = m_reply->error() != QNetworkReply::NoError ? m_reply->errorString()
                                                                       : QStringLiteral("the server ended the watch");
        close(QStringLiteral("%1: %2").arg(m_endpoint, why));
    });
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
        close(QStringLiteral("%1: %2").arg(m_endpoint, text.isEmpty() ? QStringLiteral("watch error") : text));
        return;
    }
    const QJsonObject result = message.value(QStringLiteral("result")).toObject();
    if (result.isEmpty()) {
        close(QStringLiteral("%1: the watch sent a message without a result").arg(m_endpoint));
        return;
    }
    const qint64 revision = EtcdClient::number(result.value(QStringLiteral("header")).toObject().value(QStringLiteral("revision")));
    if (result.value(QStringLiteral("canceled")).toBool()) {
        close(QStringLiteral("%1: the watch was cancelled: %2")
                  .arg(m_endpoint, result.value(QStringLiteral("cancel_reason")).toString()),
              EtcdClient::number(result.value(QStringLiteral("compact_revision"))));
        return;
    }
    if (result.value(QStringLiteral("created")).toBool())
        Q_EMIT created();
    QJsonArray batch = result.value(QStringLiteral("events")).toArray();
    if (!batch.isEmpty()) {
        for (qsizetype i = 0; i < batch.size(); ++i) {
            QJsonObject event = batch.at(i).toObject();
            // proto3 JSON leaves out the default enum value: PUT has no "type".
            if (!event.contains(QStringLiteral("type")))
                event.insert(QStringLiteral("type"), QStringLiteral("PUT"));
            m_revision = std::max(m_revision, EtcdClient::number(event.value(QStringLiteral("kv")).toObject().value(QStringLiteral("mod_revision"))));
            batch[i] = event;
        }
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    Q_EMIT closed(why, compactRevision);
}

} // namespace devlatch::lab
