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
// The same without values: key, revisions and lease only (a queue's order and its claims).
QJsonObject keysOnly(const QByteArray &key, bool prefix);
// One key's value as it was at `revision`.
QJsonObject rangeAt(const QByteArray &key, qint64 revision);
// Compare: no key starting with `prefix` was created after `revision` (a deleted one may be
// missing: a read of its range finds nothing, which is harmless).
QJsonObject noneCreatedAfter(const QByteArray &prefix, qint64 revision);
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
