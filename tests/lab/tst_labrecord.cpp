// SPDX-License-Identifier: MIT
// The lab protocol's pure parts: keys, records, queue order, escaping.

#include "lab/EtcdClient.h"
#include "lab/LabRecord.h"
#include "lab/LabStatus.h"

#include <QJsonArray>
#include <QTest>

using namespace devlatch::lab;

class TestLabRecord final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysKeepNamesInTheirOwnRange()
    {
        const LabKeys keys{"/devlatch/lab/v2/"};
        const QByteArray key = keys.entry(QStringLiteral("al/ice"), QStringLiteral("usb:0403:6001:A5/../x%"), 0x1234abcd);
        QCOMPARE(key, QByteArray("/devlatch/lab/v2/q/al%2Fice/usb:0403:6001:A5%2F..%2Fx%25/1234abcd"));
        const auto parsed = keys.parseEntry(key);
        QVERIFY(parsed);
        QCOMPARE(parsed->user, QStringLiteral("al/ice"));
        QCOMPARE(parsed->device, QStringLiteral("usb:0403:6001:A5/../x%"));
        QCOMPARE(parsed->lease, qint64(0x1234abcd));
        QVERIFY(!keys.parseEntry("/devlatch/lab/v2/q/alice/dev"));            // no lease
        QVERIFY(!keys.parseEntry("/devlatch/lab/v2/q/alice/dev/xyz"));        // not hex
        QVERIFY(!keys.parseEntry("/devlatch/lab/v2/audit/2026"));             // another range
        QVERIFY(!keys.parseEntry("/devlatch/lab/v2/q/a/b/c/d"));              // too deep
        QCOMPARE(keys.released(QStringLiteral("bob"), QStringLiteral("psu"), 255), QByteArray("/devlatch/lab/v2/released/bob/psu/ff"));
    }

    void theRegistryNamesOneUserPerKey()
    {
        const LabKeys keys{"/devlatch/lab/v2/"};
        QCOMPARE(keys.user(QStringLiteral("al/ice")), QByteArray("/devlatch/lab/v2/users/al%2Fice"));
        QCOMPARE(keys.userOf(keys.user(QStringLiteral("al/ice"))), QStringLiteral("al/ice"));
        QCOMPARE(keys.userOf("/devlatch/lab/v2/users/"), QString());       // no name
        QCOMPARE(keys.userOf("/devlatch/lab/v2/users/a/b"), QString());    // deeper
        QCOMPARE(keys.userOf("/devlatch/lab/v2/q/alice/x/1"), QString());  // another range
        QCOMPARE(keys.userQueue(QStringLiteral("bob"), QStringLiteral("a/b")), QByteArray("/devlatch/lab/v2/q/bob/a%2Fb/"));
        QVERIFY(keys.entry(QStringLiteral("bob"), QStringLiteral("a/b"), 1).startsWith(keys.userQueue(QStringLiteral("bob"), QStringLiteral("a/b"))));
    }

    void aValueTooBigIsNoRecord()
    {
        LabRecord record;
        record.device = QStringLiteral("psu");
        record.user = QStringLiteral("alice");
        LabEntry entry;
        entry.user = QStringLiteral("alice");
        setEntryValue(entry, record.toBytes());
        QVERIFY(entry.record);
        record.note = QString(int(LabRecord::kMaxBytes), u'n');
        setEntryValue(entry, record.toBytes());
        QVERIFY(!entry.record);
        QVERIFY2(entry.describe().contains(QStringLiteral("over the 16384 a record may have")), qPrintable(entry.describe()));
        LabEntry keysOnly;
        keysOnly.user = QStringLiteral("bob");
        keysOnly.valueRead = false;
        QCOMPARE(keysOnly.describe(), QStringLiteral("bob (its record was not read)"));
    }

    void prefixEndCoversExactlyThePrefix()
    {
        QCOMPARE(EtcdClient::prefixEnd("/a/"), QByteArray("/a0"));
        QCOMPARE(EtcdClient::prefixEnd(QByteArray("a\xff", 2)), QByteArray("b"));
        QCOMPARE(EtcdClient::prefixEnd(QByteArray("\xff\xff", 2)), QByteArray(1, '\0'));
    }

    void recordsRoundTripAndStrangersAreNotRecords()
    {
        LabRecord record;
        record.device = QStringLiteral("psu");
        record.user = QStringLiteral("alice");
        record.host = QStringLiteral("bench3");
        record.pid = 4242;
        record.program = QStringLiteral("flash.py");
        record.since = QStringLiteral("2026-11-23T10:00:00Z");
        record.note = QStringLiteral("fw 2.1");
        record.maxHoldSeconds = 7200;
        record.until = QStringLiteral("2026-11-23T12:00:00Z");
        const auto back = LabRecord::fromBytes(record.toBytes());
        QVERIFY(back);
        QCOMPARE(back->toJson(), record.toJson());
        QVERIFY(!LabRecord::fromBytes("not json"));
        QVERIFY(!LabRecord::fromBytes(R"({"schema":2,"user":"x"})"));
        QVERIFY(!LabRecord::fromBytes("[1,2]"));
        QVERIFY(back->describe().contains(QStringLiteral("alice@bench3: flash.py (pid 4242) since 2026-11-23T10:00:00Z until 2026-11-23T12:00:00Z")));
    }

    void textFromTheServerIsEscaped()
    {
        QCOMPARE(escapedText(QStringLiteral("a\nb\x1b[31m\\")), QStringLiteral("a\\u000ab\\u001b[31m\\\\"));
        QCOMPARE(escapedText(QStringLiteral("x\u202Ey")), QStringLiteral("x\\u202ey")); // bidi override
        QCOMPARE(escapedText(QString(300, u'a')).size(), 201);
    }

    void theLowestCreateRevisionOwns()
    {
        const LabKeys keys{"/p/"};
        QJsonArray kvs;
        const auto kv = [&](const QString &user, const QString &device, qint64 lease, qint64 created) {
            LabRecord r;
            r.user = user;
            r.device = device;
            r.pid = lease;
            kvs.append(QJsonObject{{QStringLiteral("key"), EtcdClient::base64(keys.entry(user, device, lease))},
                                   {QStringLiteral("value"), EtcdClient::base64(r.toBytes())},
                                   {QStringLiteral("create_revision"), QString::number(created)},
                                   {QStringLiteral("mod_revision"), QString::number(created)},
                                   {QStringLiteral("lease"), QString::number(lease)}});
        };
        kv(QStringLiteral("carol"), QStringLiteral("psu"), 3, 30);
        kv(QStringLiteral("alice"), QStringLiteral("psu"), 1, 9);
        kv(QStringLiteral("bob"), QStringLiteral("other"), 2, 5);
        kv(QStringLiteral("dave"), QStringLiteral("psu"), 4, 12);
        const LabStatus mine = LabStatus::fromQueue(QStringLiteral("psu"), keys, kvs, 4);
        QCOMPARE(mine.queue.size(), 3);
        QCOMPARE(mine.owner()->user, QStringLiteral("alice"));
        QCOMPARE(mine.myPosition, 1);
        QCOMPARE(mine.state, LabStatus::State::Held);
        QCOMPARE(mine.stateKeyword(), QStringLiteral("held"));
        QVERIFY(mine.summary().contains(QStringLiteral("you are 1st in the queue")));
        QCOMPARE(LabStatus::fromQueue(QStringLiteral("psu"), keys, kvs, 1).state, LabStatus::State::HeldByMe);
        QCOMPARE(LabStatus::fromQueue(QStringLiteral("none"), keys, kvs, 1).state, LabStatus::State::Free);
        // An entry without its lease (a plain put over a claim, a forged one) holds no place,
        // and says so; one whose record names another user is shown as its key's.
        QJsonObject overwritten = kvs.at(1).toObject();
        overwritten.remove(QStringLiteral("lease"));
        kvs[1] = overwritten;
        LabRecord forged;
        forged.user = QStringLiteral("alice");
        forged.device = QStringLiteral("psu");
        kvs.append(QJsonObject{{QStringLiteral("key"), EtcdClient::base64(keys.entry(QStringLiteral("mallory"), QStringLiteral("psu"), 7))},
                               {QStringLiteral("value"), EtcdClient::base64(forged.toBytes())},
                               {QStringLiteral("create_revision"), QStringLiteral("10")},
                               {QStringLiteral("mod_revision"), QStringLiteral("10")},
                               {QStringLiteral("lease"), QStringLiteral("7")}});
        const LabStatus after = LabStatus::fromQueue(QStringLiteral("psu"), keys, kvs, 4);
        QCOMPARE(after.queue.size(), 3);
        QCOMPARE(after.owner()->user, QStringLiteral("mallory"));
        QCOMPARE(after.owner()->record->user, QStringLiteral("mallory"));
        QCOMPARE(after.owner()->record->claimedUser, QStringLiteral("alice"));
        QVERIFY2(after.summary().contains(QStringLiteral("held by mallory@")) && after.summary().contains(QStringLiteral("[its record claims user alice]")),
                 qPrintable(after.summary()));
        QCOMPARE(after.ignored.size(), 1);
        QVERIFY2(after.summary().contains(QStringLiteral("ignored an entry of alice without its own lease")), qPrintable(after.summary()));
        QCOMPARE(after.toJson().value(QStringLiteral("ignored")).toArray().size(), 1);
        // The watch's view: the same put takes the entry out of the queue.
        QList<LabEntry> queue = mine.queue;
        insertInOrder(queue, *entryFromKv(keys, overwritten));
        QCOMPARE(queue.size(), 2);
        QVERIFY(std::none_of(queue.begin(), queue.end(), [](const LabEntry &e) { return e.user == u"alice"; }));

        LabStatus unknown;
        unknown.error = QStringLiteral("no quorum");
        QCOMPARE(unknown.stateKeyword(), QStringLiteral("unknown"));
        QVERIFY(unknown.summary().startsWith(QStringLiteral("unknown: no quorum")));
    }

    // A publisher's gate first in the queue: free while it stands for nobody, held (naming the
    // holder on its machine) while someone there has the device; a waiter behind a free gate
    // is next. The fields survive the round trip; older readers see an ordinary entry.
    void aGateStandsForTheBenchPc()
    {
        const LabKeys keys{"/p/"};
        LabRecord gate;
        gate.user = QStringLiteral("carol");
        gate.host = QStringLiteral("bench-3");
        gate.device = QStringLiteral("jlink");
        gate.pid = 77;
        gate.gate = true;
        const auto back = LabRecord::fromBytes(gate.toBytes());
        QVERIFY(back && back->gate && back->localHolder.isEmpty());
        const auto kvOf = [&](const LabRecord &r, const QString &user, qint64 lease, qint64 created) {
            return QJsonObject{{QStringLiteral("key"), EtcdClient::base64(keys.entry(user, QStringLiteral("jlink"), lease))},
                               {QStringLiteral("value"), EtcdClient::base64(r.toBytes())},
                               {QStringLiteral("create_revision"), QString::number(created)},
                               {QStringLiteral("mod_revision"), QString::number(created)},
                               {QStringLiteral("lease"), QString::number(lease)}};
        };
        QJsonArray kvs{kvOf(gate, QStringLiteral("carol"), 1, 5)};
        LabStatus alone = LabStatus::fromQueue(QStringLiteral("jlink"), keys, kvs, 9);
        QCOMPARE(alone.state, LabStatus::State::Free);
        QVERIFY(alone.handOverDue());
        QVERIFY2(alone.summary().startsWith(QStringLiteral("free (nobody: free on bench-3, published by carol (pid 77))")),
                 qPrintable(alone.summary()));
        QVERIFY(!alone.toJson().contains(QStringLiteral("holder")));
        LabRecord alice;
        alice.user = QStringLiteral("alice");
        alice.device = QStringLiteral("jlink");
        kvs.append(kvOf(alice, QStringLiteral("alice"), 9, 6));
        const LabStatus behind = LabStatus::fromQueue(QStringLiteral("jlink"), keys, kvs, 9);
        QCOMPARE(behind.myPosition, 1);
        QVERIFY(behind.handOverDue());
        QCOMPARE(behind.state, LabStatus::State::Held);
        QVERIFY2(behind.summary().startsWith(QStringLiteral("being handed to the first waiter")), qPrintable(behind.summary()));
        gate.localHolder = QStringLiteral("picocom (pid 5) of bob@bench-3\x1b");
        kvs[0] = kvOf(gate, QStringLiteral("carol"), 1, 5);
        const LabStatus local = LabStatus::fromQueue(QStringLiteral("jlink"), keys, kvs, 9);
        QVERIFY(!local.handOverDue());
        QCOMPARE(local.state, LabStatus::State::Held);
        QVERIFY2(local.summary().contains(QStringLiteral("held by picocom (pid 5) of bob@bench-3\\u001b (on bench-3, outside the lab;")),
                 qPrintable(local.summary()));
        // Who publishes it: the published/ key, on the publisher's lease.
        LabStatus published = alone;
        setPublisher(published, QJsonArray{QJsonObject{{QStringLiteral("value"), EtcdClient::base64(gate.toBytes())},
                                                       {QStringLiteral("lease"), QStringLiteral("1")}}});
        QCOMPARE(published.publisher, QStringLiteral("carol@bench-3 (pid 77)"));
        QCOMPARE(published.publisherLease, 1);
        QCOMPARE(keys.deviceOf(keys.published(QStringLiteral("a/b"))), QStringLiteral("a/b"));
    }

    void ordinals()
    {
        QCOMPARE(ordinal(1), QStringLiteral("1st"));
        QCOMPARE(ordinal(2), QStringLiteral("2nd"));
        QCOMPARE(ordinal(3), QStringLiteral("3rd"));
        QCOMPARE(ordinal(4), QStringLiteral("4th"));
        QCOMPARE(ordinal(11), QStringLiteral("11th"));
        QCOMPARE(ordinal(12), QStringLiteral("12th"));
        QCOMPARE(ordinal(22), QStringLiteral("22nd"));
        QCOMPARE(ordinal(113), QStringLiteral("113th"));
    }
};

QTEST_GUILESS_MAIN(TestLabRecord)
#include "tst_labrecord.moc"
