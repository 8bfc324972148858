// SPDX-License-Identifier: MIT
#include "LabStatus.h"

#include "EtcdClient.h"

#include <QJsonArray>

#include <algorithm>

namespace devlatch::lab {

std::optional<LabEntry> entryFromKv(const LabKeys &keys, const QJsonObject &kv, bool withValue)
{
    auto entry = keys.parseEntry(EtcdClient::unbase64(kv.value(QStringLiteral("key"))));
    if (!entry)
        return std::nullopt;
    entry->createRevision = EtcdClient::number(kv.value(QStringLiteral("create_revision")));
    entry->modRevision = EtcdClient::number(kv.value(QStringLiteral("mod_revision")));
    entry->attachedLease = EtcdClient::number(kv.value(QStringLiteral("lease")));
    entry->valueRead = withValue;
    if (withValue)
        setEntryValue(*entry, EtcdClient::unbase64(kv.value(QStringLiteral("value"))));
    return entry;
}

void setEntryValue(LabEntry &entry, const QByteArray &bytes)
{
    entry.valueRead = true;
    if (bytes.size() > LabRecord::kMaxBytes) {
        // Someone's own range may hold anything: a value this big is no record devlatch wrote.
        entry.record.reset();
        entry.rawValue = QStringLiteral("%1 bytes, over the %2 a record may have").arg(bytes.size()).arg(LabRecord::kMaxBytes);
        return;
    }
    entry.record = LabRecord::fromBytes(bytes);
    LabEntry *e = &entry;
    if (!e->record) {
        e->rawValue = escapedText(QString::fromUtf8(bytes.left(80)));
    } else if (e->record->user != e->user) {
        e->record->claimedUser = e->record->user;
        e->record->user = e->user;
    }
}

bool isClaim(const LabEntry &entry)
{
    return entry.attachedLease != 0 && entry.attachedLease == entry.lease;
}

void insertInOrder(QList<LabEntry> &queue, const LabEntry &entry)
{
    queue.erase(std::remove_if(queue.begin(), queue.end(), [&](const LabEntry &e) { return e.key == entry.key; }), queue.end());
    if (!isClaim(entry))
        return;
    queue.insert(std::upper_bound(queue.begin(), queue.end(), entry,
                                  [](const LabEntry &a, const LabEntry &b) { return a.createRevision < b.createRevision; }),
                 entry);
}

void setPublisher(LabStatus &status, const QJsonArray &kvs)
{
    status.publisher.clear();
    status.publisherLease = 0;
    if (kvs.isEmpty())
        return;
    const QJsonObject kv = kvs.first().toObject();
    status.publisherLease = EtcdClient::number(kv.value(QStringLiteral("lease")));
    const auto record = LabRecord::fromBytes(EtcdClient::unbase64(kv.value(QStringLiteral("value"))));
    status.publisher = record ? QStringLiteral("%1@%2 (pid %3)").arg(escapedText(record->user), escapedText(record->host)).arg(record->pid)
                              : QStringLiteral("a publisher devlatch cannot read");
}

const LabEntry *LabStatus::gate() const
{
    const LabEntry *first = owner();
    return first && first->record && first->record->gate ? first : nullptr;
}

bool LabStatus::handOverDue() const
{
    const LabEntry *g = gate();
    return g && g->record->localHolder.isEmpty();
}

void LabStatus::settle()
{
    if (state == State::Unknown)
        return;
    state = queue.isEmpty() ? State::Free
            : myPosition == 0 ? State::HeldByMe
            : (handOverDue() && queue.size() == 1) ? State::Free
                                                   : State::Held;
}

QString ordinal(int n)
{
    const int lastTwo = n % 100;
    const char *suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return QString::number(n) + QLatin1String(suffix);
}

QString LabStatus::stateKeyword() const
{
    switch (state) {
    case State::Free: return QStringLiteral("free");
    case State::HeldByMe: return QStringLiteral("mine");
    case State::Held: return QStringLiteral("held");
    case State::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString LabStatus::summary() const
{
    QString text;
    switch (state) {
    case State::Free: text = gate() ? QStringLiteral("free (%1)").arg(owner()->describe()) : QStringLiteral("free"); break;
    case State::HeldByMe: text = QStringLiteral("held by this process (%1)").arg(owner()->describe()); break;
    case State::Held:
        text = handOverDue() ? QStringLiteral("being handed to the first waiter (%1)").arg(owner()->describe())
                             : QStringLiteral("held by %1").arg(owner()->describe());
        break;
    case State::Unknown: return QStringLiteral("unknown: %1").arg(error);
    }
    if (queue.size() > 1)
        text += QStringLiteral("; %1 waiting").arg(queue.size() - 1);
    if (!publisher.isEmpty() && !gate())
        text += QStringLiteral("; published by %1, who holds it there for the lab's holder").arg(publisher);
    if (myPosition > 0)
        text += QStringLiteral("; you are %1 in the queue").arg(ordinal(myPosition));
    if (!maintenance.isEmpty())
        text += QStringLiteral("; in maintenance: %1").arg(escapedText(maintenance));
    for (const QString &entry : ignored)
        text += QStringLiteral("; ignored %1").arg(entry);
    return text;
}

QStringList LabStatus::holderLines() const
{
    QStringList lines;
    for (qsizetype i = 0; i < queue.size(); ++i)
        lines << (i == 0 ? QStringLiteral("holds: %1").arg(queue.at(i).describe())
                         : QStringLiteral("waits (%1): %2").arg(ordinal(int(i)), queue.at(i).describe()));
    return lines;
}

QJsonObject LabStatus::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), device}, {QStringLiteral("scope"), QStringLiteral("lab")},
                  {QStringLiteral("state"), stateKeyword()}, {QStringLiteral("revision"), QString::number(revision)}};
    QJsonArray entries;
    for (const LabEntry &entry : queue) {
        QJsonObject e = entry.record ? entry.record->toJson() : QJsonObject{{QStringLiteral("unreadable"), entry.rawValue}};
        if (entry.record && !entry.record->claimedUser.isEmpty())
            e.insert(QStringLiteral("claimed_user"), entry.record->claimedUser);
        e.insert(QStringLiteral("key"), QString::fromUtf8(entry.key));
        e.insert(QStringLiteral("lease"), leaseHex(entry.lease));
        e.insert(QStringLiteral("create_revision"), QString::number(entry.createRevision));
        entries.append(e);
    }
    if (!queue.isEmpty() && !(state == State::Free && gate()))
        o.insert(QStringLiteral("holder"), entries.first());
    if (!publisher.isEmpty())
        o.insert(QStringLiteral("publisher"), publisher);
    o.insert(QStringLiteral("queue"), entries);
    if (myPosition >= 0)
        o.insert(QStringLiteral("position"), myPosition);
    if (!maintenance.isEmpty())
        o.insert(QStringLiteral("maintenance"), maintenance);
    if (state == State::Unknown)
        o.insert(QStringLiteral("error"), error);
    if (!ignored.isEmpty())
        o.insert(QStringLiteral("ignored"), QJsonArray::fromStringList(ignored));
    return o;
}

LabStatus LabStatus::fromQueue(const QString &device, const LabKeys &keys, const QJsonArray &kvs, qint64 myLease,
                               bool withValues, const QSet<QString> *registered)
{
    LabStatus status;
    status.device = device;
    for (const QJsonValue &value : kvs)
        if (const auto entry = entryFromKv(keys, value.toObject(), withValues); entry && entry->device == device) {
            if (registered && !registered->contains(entry->user))
                status.ignored << QStringLiteral("an entry of %1, who is not in the lab's users/ (no devlatch client wrote it): %2")
                                      .arg(escapedText(entry->user), entry->describe());
            else if (isClaim(*entry))
                status.queue << *entry;
            else
                status.ignored << QStringLiteral("an entry of %1 without its own lease (it would never expire): %2")
                                      .arg(escapedText(entry->user), entry->describe());
        }
    std::sort(status.queue.begin(), status.queue.end(),
              [](const LabEntry &a, const LabEntry &b) { return a.createRevision < b.createRevision; });
    for (qsizetype i = 0; i < status.queue.size(); ++i)
        if (myLease != 0 && status.queue.at(i).lease == myLease)
            status.myPosition = int(i);
    status.state = State::Free;
    status.settle();
    return status;
}

} // namespace devlatch::lab
