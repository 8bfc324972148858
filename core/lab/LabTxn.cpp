// SPDX-License-Identifier: MIT
#include "LabTxn.h"

#include "EtcdClient.h"

#include <QJsonDocument>

namespace devlatch::lab::LabTxn {

QJsonObject put(const QByteArray &key, const QByteArray &value, qint64 lease)
{
    return {{QStringLiteral("request_put"), QJsonObject{{QStringLiteral("key"), EtcdClient::base64(key)},
                                                        {QStringLiteral("value"), EtcdClient::base64(value)},
                                                        {QStringLiteral("lease"), QString::number(lease)}}}};
}

QJsonObject remove(const QByteArray &key)
{
    return {{QStringLiteral("request_delete_range"), QJsonObject{{QStringLiteral("key"), EtcdClient::base64(key)}}}};
}

QJsonObject range(const QByteArray &key, bool prefix)
{
    QJsonObject request{{QStringLiteral("key"), EtcdClient::base64(key)}};
    if (prefix) {
        request.insert(QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd(key)));
        request.insert(QStringLiteral("sort_target"), QStringLiteral("CREATE"));
        request.insert(QStringLiteral("sort_order"), QStringLiteral("ASCEND"));
    }
    return {{QStringLiteral("request_range"), request}};
}

QJsonObject keysOnly(const QByteArray &key, bool prefix)
{
    QJsonObject request = range(key, prefix).value(QStringLiteral("request_range")).toObject();
    request.insert(QStringLiteral("keys_only"), true);
    return {{QStringLiteral("request_range"), request}};
}

QJsonObject rangeAt(const QByteArray &key, qint64 revision)
{
    QJsonObject request{{QStringLiteral("key"), EtcdClient::base64(key)}};
    if (revision > 0)
        request.insert(QStringLiteral("revision"), QString::number(revision));
    return {{QStringLiteral("request_range"), request}};
}

QJsonObject noneCreatedAfter(const QByteArray &prefix, qint64 revision)
{
    return {{QStringLiteral("key"), EtcdClient::base64(prefix)},
            {QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd(prefix))},
            {QStringLiteral("target"), QStringLiteral("CREATE")},
            {QStringLiteral("result"), QStringLiteral("LESS")},
            {QStringLiteral("create_revision"), QString::number(revision + 1)}};
}

QJsonObject created(const QByteArray &key, qint64 revision)
{
    return {{QStringLiteral("key"), EtcdClient::base64(key)},
            {QStringLiteral("target"), QStringLiteral("CREATE")},
            {QStringLiteral("result"), QStringLiteral("EQUAL")},
            {QStringLiteral("create_revision"), QString::number(revision)}};
}

QJsonObject absent(const QByteArray &key)
{
    return created(key, 0);
}

QJsonObject unchanged(const QByteArray &key, qint64 revision)
{
    return {{QStringLiteral("key"), EtcdClient::base64(key)},
            {QStringLiteral("target"), QStringLiteral("MOD")},
            {QStringLiteral("result"), QStringLiteral("EQUAL")},
            {QStringLiteral("mod_revision"), QString::number(revision)}};
}

qint64 revision(const QJsonObject &body)
{
    return EtcdClient::number(body.value(QStringLiteral("header")).toObject().value(QStringLiteral("revision")));
}

QJsonArray kvs(const QJsonArray &responses, int index)
{
    return responses.at(index).toObject().value(QStringLiteral("response_range")).toObject().value(QStringLiteral("kvs")).toArray();
}

QString maintenanceReason(const QJsonArray &descriptorKvs)
{
    if (descriptorKvs.isEmpty())
        return {};
    const QJsonObject descriptor =
        QJsonDocument::fromJson(EtcdClient::unbase64(descriptorKvs.first().toObject().value(QStringLiteral("value")))).object();
    if (!descriptor.value(QStringLiteral("maintenance")).toBool())
        return {};
    const QString reason = descriptor.value(QStringLiteral("reason")).toString();
    return reason.isEmpty() ? QStringLiteral("no reason given") : reason;
}

} // namespace devlatch::lab::LabTxn
