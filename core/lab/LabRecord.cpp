// SPDX-License-Identifier: MIT
#include "LabRecord.h"

#include <QJsonDocument>
#include <QUrl>

namespace devlatch::lab {

QString escapedText(const QString &text, int maxLength)
{
    QString out;
    for (const QChar c : text) {
        if (out.size() >= maxLength) {
            out += QStringLiteral("…");
            break;
        }
        if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format
                 || c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString leaseHex(qint64 lease)
{
    return QString::number(quint64(lease), 16);
}

QJsonObject LabRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("schema"), kSchema},   {QStringLiteral("device"), device},
                  {QStringLiteral("user"), user},        {QStringLiteral("host"), host},
                  {QStringLiteral("pid"), pid},          {QStringLiteral("program"), program},
                  {QStringLiteral("since"), since},
                  {QStringLiteral("note"), note},        {QStringLiteral("client"), client}};
    if (maxHoldSeconds > 0) {
        o.insert(QStringLiteral("max_hold_s"), maxHoldSeconds);
        o.insert(QStringLiteral("until"), until);
    }
    if (gate) {
        o.insert(QStringLiteral("gate"), true);
        o.insert(QStringLiteral("local_holder"), localHolder);
    }
    return o;
}

QByteArray LabRecord::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<LabRecord> LabRecord::fromBytes(const QByteArray &bytes)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    const QJsonObject o = document.object();
    if (!document.isObject() || o.value(QStringLiteral("schema")).toInt() != kSchema)
        return std::nullopt;
    LabRecord r;
    r.device = o.value(QStringLiteral("device")).toString();
    r.user = o.value(QStringLiteral("user")).toString();
    r.host = o.value(QStringLiteral("host")).toString();
    r.pid = qint64(o.value(QStringLiteral("pid")).toDouble());
    r.program = o.value(QStringLiteral("program")).toString();
    r.since = o.value(QStringLiteral("since")).toString();
    r.note = o.value(QStringLiteral("note")).toString();
    r.maxHoldSeconds = qint64(o.value(QStringLiteral("max_hold_s")).toDouble());
    r.until = o.value(QStringLiteral("until")).toString();
    r.client = o.value(QStringLiteral("client")).toString();
    r.gate = o.value(QStringLiteral("gate")).toBool();
    r.localHolder = o.value(QStringLiteral("local_holder")).toString();
    return r;
}

QString LabRecord::describe() const
{
    if (gate) {
        const QString publisher = QStringLiteral("published by %1 (pid %2)").arg(escapedText(user)).arg(pid);
        return localHolder.isEmpty() ? QStringLiteral("nobody: free on %1, %2").arg(escapedText(host), publisher)
                                     : QStringLiteral("%1 (on %2, outside the lab; %3)")
                                           .arg(escapedText(localHolder), escapedText(host), publisher);
    }
    QString text = QStringLiteral("%1@%2: %3 (pid %4)").arg(escapedText(user), escapedText(host), escapedText(program)).arg(pid);
    if (!since.isEmpty())
        text += QStringLiteral(" since %1").arg(escapedText(since));
    if (!until.isEmpty())
        text += QStringLiteral(" until %1").arg(escapedText(until));
    if (!note.isEmpty())
        text += QStringLiteral(", note: \"%1\"").arg(escapedText(note));
    if (!claimedUser.isEmpty())
        text += QStringLiteral(" [its record claims user %1]").arg(escapedText(claimedUser));
    return text;
}

QString LabEntry::describe() const
{
    if (record)
        return record->describe();
    if (!valueRead)
        return QStringLiteral("%1 (its record was not read)").arg(escapedText(user));
    return QStringLiteral("%1 (an entry devlatch cannot read: \"%2\")").arg(escapedText(user), rawValue);
}

QByteArray LabKeys::encode(const QString &name)
{
    return QUrl::toPercentEncoding(name, ":@+=,");
}

QString LabKeys::decode(const QByteArray &part)
{
    return QUrl::fromPercentEncoding(part);
}

QByteArray LabKeys::entry(const QString &user, const QString &device, qint64 lease) const
{
    return queue() + encode(user) + '/' + encode(device) + '/' + leaseHex(lease).toLatin1();
}

QByteArray LabKeys::released(const QString &user, const QString &device, qint64 lease) const
{
    return prefix + "released/" + encode(user) + '/' + encode(device) + '/' + leaseHex(lease).toLatin1();
}

QString LabKeys::userOf(const QByteArray &key) const
{
    if (!key.startsWith(users()) || key.size() == users().size() || key.indexOf('/', users().size()) >= 0)
        return {};
    return decode(key.mid(users().size()));
}

QString LabKeys::deviceOf(const QByteArray &key) const
{
    if (key.startsWith(publishedRange()) && key.indexOf('/', publishedRange().size()) < 0)
        return decode(key.mid(publishedRange().size()));
    for (const QByteArray &range : {queue(), QByteArray(prefix + "released/")}) {
        if (!key.startsWith(range))
            continue;
        const QList<QByteArray> parts = key.mid(range.size()).split('/');
        return parts.size() == 3 ? decode(parts.at(1)) : QString();
    }
    return {};
}

std::optional<LabEntry> LabKeys::parseEntry(const QByteArray &key) const
{
    if (!key.startsWith(queue()))
        return std::nullopt;
    const QList<QByteArray> parts = key.mid(queue().size()).split('/');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return std::nullopt;
    bool ok = false;
    const quint64 lease = parts.at(2).toULongLong(&ok, 16);
    if (!ok)
        return std::nullopt;
    LabEntry entry;
    entry.key = key;
    entry.user = decode(parts.at(0));
    entry.device = decode(parts.at(1));
    entry.lease = qint64(lease);
    return entry;
}

} // namespace devlatch::lab
