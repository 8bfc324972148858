// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace devlatch::lab::LabTxn {

// The pieces of etcd transactions in the gateway's JSON (keys base64, int64 as strings).
QJsonObject put(const QByteArray &key, const QByteArray &value, qint64 lease);
QJsonObject remove(const QByteArray &key);
// A range over one key, or over every key starting with it; sorted by create revision.
QJsonObject range(const QByteArray &key, bool prefix);
// Compare: the key does not exist (create revision 0).
QJsonObject absent(const QByteArray &key);
// Compare: the key is the one created at `revision` (not deleted and created anew since).
QJsonObject created(const QByteArray &key, qint64 revision);
// Compare: the key's mod revision is still `revision`.
QJsonObject unchanged(const QByteArray &key, qint64 revision);

// From an answer: the header's revision; the kvs of the `index`th range response of a txn.
qint64 revision(const QJsonObject &body);
QJsonArray kvs(const QJsonArray &responses, int index);
// A device descriptor's maintenance reason (empty: not in maintenance).
QString maintenanceReason(const QJsonArray &descriptorKvs);

} // namespace devlatch::lab::LabTxn
