// SPDX-License-Identifier: MIT
// LabClaims in one long-running process (as the tray is), two sessions against real etcd:
// the orderings that separate processes rarely hit.

#include "EtcdFixture.h"
#include "TestPaths.h"
#include "TestSupport.h"

#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"
#include "lab/LabRecord.h"
#include "lab/LabSession.h"
#include "lab/LabTxn.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <algorithm>

using namespace devlatch;
using namespace devlatch::lab;
using namespace devlatch::test;

namespace {

constexpr int kSlow = 20000; // a loaded CI machine: only a hang fails

struct Peer {
    Peer(const QString &endpoint, const QString &host)
        : client({{endpoint}}), session(&client, 15),
          claims(&client, &session, "/t/", {QStringLiteral("tester"), host, QCoreApplication::applicationPid(), QStringLiteral("test")})
    {
    }
    EtcdClient client;
    LabSession session;
    LabClaims claims;
};

LabClaimOptions waitForever()
{
    LabClaimOptions options;
    options.wait = lock::WaitPolicy::forever();
    return options;
}

LabStatus statusOf(LabClaims &claims, const QString &device)
{
    LabStatus result;
    bool done = false;
    claims.status(device, [&](const LabStatus &status) {
        result = status;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        result.error = QStringLiteral("no answer");
    return result;
}

// The whole list's entry for `device`; its state is Unknown, with the reason, when the list
// could not be read or does not name it.
LabStatus listedStatusOf(LabClaims &claims, const QString &device)
{
    LabStatus result;
    result.device = device;
    result.error = QStringLiteral("not listed");
    bool done = false;
    claims.statuses([&](const QList<LabStatus> &all, const QString &error) {
        if (!error.isEmpty())
            result.error = error;
        for (const LabStatus &status : all)
            if (status.device == device)
                result = status;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, kSlow))
        result.error = QStringLiteral("no answer");
    return result;
}

} // namespace

class TestLabClaims final : public QObject {
    Q_OBJECT

private:
    EtcdCluster m_etcd;

    // Grants the peer's lease; the error, or empty.
    static QString openSession(Peer &peer)
    {
        QString opened = QStringLiteral("pending");
        peer.session.open([&](const QString &error) { opened = error; });
        if (!QTest::qWaitFor([&] { return opened != u"pending"; }, kSlow))
            return QStringLiteral("no answer");
        return opened;
    }
    // Writes `record` at `key` under the peer's lease, as a client would, bypassing LabClaims.
    static bool putEntry(Peer &peer, const QByteArray &key, const LabRecord &record)
    {
        bool written = false, answered = false;
        peer.client.call(QStringLiteral("/v3/kv/put"),
                         LabTxn::put(key, record.toBytes(), peer.session.lease()).value(QStringLiteral("request_put")).toObject(),
                         [&](const EtcdReply &reply) {
                             written = reply.ok;
                             answered = true;
                         });
        return QTest::qWaitFor([&] { return answered; }, kSlow) && written;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DEVLATCH_START_SINGLE_ETCD(m_etcd);
    }

    // A waiter that is granted rewrites its record (since when it holds); a release right
    // after must not be overtaken by that rewrite, or the entry comes back as a ghost that
    // blocks everyone until the process ends. Found by the benchmark, 1 round in ~15.
    void aQuickReleaseAfterAWaitedGrantLeavesNoGhost()
    {
        Peer holder(m_etcd.endpoints(), QStringLiteral("a")), waiter(m_etcd.endpoints(), QStringLiteral("b"));
        QSignalSpy holderGranted(&holder.claims, &LabClaims::granted);
        QSignalSpy waiterQueued(&waiter.claims, &LabClaims::queued);
        QSignalSpy waiterGranted(&waiter.claims, &LabClaims::granted);
        int released = 0;
        // Released the moment it is granted, while the rewrite is still on its way.
        connect(&waiter.claims, &LabClaims::granted, this,
                [&](const QString &device) { waiter.claims.release(device, [&] { ++released; }); });
        for (int round = 0; round < 40; ++round) {
            const QString device = QStringLiteral("ghost-%1").arg(round);
            holder.claims.claim(device, {});
            QTRY_COMPARE_WITH_TIMEOUT(holderGranted.size(), round + 1, kSlow);
            waiter.claims.claim(device, waitForever());
            QTRY_COMPARE_WITH_TIMEOUT(waiterQueued.size(), round + 1, kSlow);
            holder.claims.release(device);
            QTRY_COMPARE_WITH_TIMEOUT(released, round + 1, kSlow);
            QTest::qWait(5); // let a late rewrite land, if one were still on its way
            const LabStatus after = statusOf(holder.claims, device);
            QVERIFY2(after.state == LabStatus::State::Free, qPrintable(QStringLiteral("round %1: %2").arg(round).arg(after.summary())));
        }
    }

    // The shared watch may deliver a claim's own entry before the claim's read answers: that
    // must not count as "first in the queue".
    void aClaimIsDecidedByItsReadNotByAnEarlierEvent()
    {
        Peer holder(m_etcd.endpoints(), QStringLiteral("a")), other(m_etcd.endpoints(), QStringLiteral("b"));
        QSignalSpy otherGranted(&other.claims, &LabClaims::granted);
        QSignalSpy otherRefused(&other.claims, &LabClaims::refused);
        QSignalSpy holderGranted(&holder.claims, &LabClaims::granted);
        // `other` watches (it holds one device) while it claims the holder's devices.
        other.claims.claim(QStringLiteral("watched"), {});
        QTRY_COMPARE_WITH_TIMEOUT(otherGranted.size(), 1, kSlow);
        for (int round = 0; round < 20; ++round) {
            const QString device = QStringLiteral("read-%1").arg(round);
            holder.claims.claim(device, {});
            QTRY_COMPARE_WITH_TIMEOUT(holderGranted.size(), round + 1, kSlow);
            other.claims.claim(device, {});
            QTRY_COMPARE_WITH_TIMEOUT(otherRefused.size(), round + 1, kSlow);
            QCOMPARE(otherGranted.size(), 1);
            holder.claims.release(device);
        }
    }

    // Every claim says what its queue is once it is read, granted at once or not, also when the
    // shared watch delivered its own entry before the claim's answer (those events are stale,
    // and said nothing: a publisher's gate that came back alone then never let go of the
    // bench PC's lock, found by devlatch-bench).
    void everyClaimReportsItsQueueOnceRead()
    {
        Peer peer(m_etcd.endpoints(), QStringLiteral("a"));
        QSignalSpy granted(&peer.claims, &LabClaims::granted);
        QSignalSpy changed(&peer.claims, &LabClaims::queueChanged);
        peer.claims.claim(QStringLiteral("keeps-the-watch-open"), waitForever());
        QTRY_COMPARE_WITH_TIMEOUT(granted.size(), 1, kSlow);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, kSlow);
        for (int round = 0; round < 30; ++round) {
            const QString device = QStringLiteral("reported-%1").arg(round);
            changed.clear();
            peer.claims.claim(device, waitForever());
            QTRY_COMPARE_WITH_TIMEOUT(granted.size(), round + 2, kSlow);
            QTRY_VERIFY2_WITH_TIMEOUT(std::any_of(changed.cbegin(), changed.cend(),
                                                  [&](const QList<QVariant> &args) { return args.at(0).toString() == device; }),
                                      qPrintable(QStringLiteral("round %1: no queueChanged for %2").arg(round).arg(device)), kSlow);
            const auto last = std::find_if(changed.crbegin(), changed.crend(),
                                           [&](const QList<QVariant> &args) { return args.at(0).toString() == device; });
            const LabStatus status = last->at(1).value<LabStatus>();
            QCOMPARE(status.myPosition, 0);
            QCOMPARE(status.queue.size(), 1);
        }
    }

    // A claim whose request fails once its lease is granted takes its entry back and reports
    // the error, once (it crashed: the claim was deleted twice). Here the request is over
    // etcd's request size (a 2 MB note).
    void aFailedClaimRequestIsAnErrorNotACrash()
    {
        Peer peer(m_etcd.endpoints(), QStringLiteral("a"));
        QSignalSpy failed(&peer.claims, &LabClaims::failed);
        QSignalSpy granted(&peer.claims, &LabClaims::granted);
        LabClaimOptions options;
        options.note = QString(2 * 1000 * 1000, u'n');
        peer.claims.claim(QStringLiteral("too-big"), options);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kSlow);
        qInfo() << "the claim failed with:" << failed.first().at(1).toString();
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QTest::qWait(200); // a second report of the same failure, if one were on its way
        QCOMPARE(failed.size(), 1);
        QCOMPARE(granted.size(), 0);
        QVERIFY(!peer.claims.holds(QStringLiteral("too-big")));
        QCOMPARE(statusOf(peer.claims, QStringLiteral("too-big")).state, LabStatus::State::Free);
    }

    // One user fills its own range with big values, under the device others claim and under
    // many more (10 MB in all; the queue used to be read whole, past the 4 MB a reply may
    // have): claims, a waiter whose watch must catch up over them, and list still work.
    void oneUsersBigValuesBreakNoOtherDevice()
    {
        Peer holder(m_etcd.endpoints(), QStringLiteral("a"));
        const QByteArray megabyte(1000 * 1000, 'm');
        const auto put = [&](const QByteArray &key, const QByteArray &value) {
            bool written = false;
            holder.client.call(QStringLiteral("/v3/kv/put"), LabTxn::put(key, value, 0).value(QStringLiteral("request_put")).toObject(),
                               [&](const EtcdReply &reply) { written = reply.ok; });
            return QTest::qWaitFor([&] { return written; }, kSlow);
        };
        QVERIFY(put("/t/users/mallory", "{}"));
        for (int i = 0; i < 5; ++i) {
            QVERIFY(put("/t/q/mallory/victim/" + QByteArray::number(i + 1, 16), megabyte));
            QVERIFY(put("/t/q/mallory/other-" + QByteArray::number(i) + "/1", megabyte));
        }
        QSignalSpy granted(&holder.claims, &LabClaims::granted);
        holder.claims.claim(QStringLiteral("victim"), {});
        QTRY_COMPARE_WITH_TIMEOUT(granted.size(), 1, kSlow);
        const LabStatus held = statusOf(holder.claims, QStringLiteral("victim"));
        QCOMPARE(held.state, LabStatus::State::HeldByMe);
        QCOMPARE(held.ignored.size(), 5); // mallory's values: no lease of their own, no claims

        // The waiter's link breaks while mallory writes 5 MB more: its watch resumes from
        // before them, so etcd replays them at once.
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.endpoints()).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        Peer waiter(QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(ready.mid(6)), QStringLiteral("b"));
        QSignalSpy queued(&waiter.claims, &LabClaims::queued);
        QSignalSpy waiterGranted(&waiter.claims, &LabClaims::granted);
        waiter.claims.claim(QStringLiteral("victim"), waitForever());
        QTRY_COMPARE_WITH_TIMEOUT(queued.size(), 1, kSlow);
        QVERIFY2(queued.first().at(1).value<LabStatus>().summary().contains(QStringLiteral("held by tester@a")),
                 qPrintable(queued.first().at(1).value<LabStatus>().summary()));
        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        for (int i = 0; i < 5; ++i)
            QVERIFY(put("/t/q/mallory/flood-" + QByteArray::number(i) + "/1", megabyte));
        proxy.write("restore\n");
        QVERIFY(!proxy.waitForLine("restore").isEmpty());
        holder.claims.release(QStringLiteral("victim"));
        QTRY_COMPARE_WITH_TIMEOUT(waiterGranted.size(), 1, kSlow);

        const LabStatus victim = listedStatusOf(holder.claims, QStringLiteral("victim"));
        QVERIFY2(victim.state == LabStatus::State::Held, qPrintable(victim.summary()));
        QVERIFY2(victim.summary().contains(QStringLiteral("tester@b")), qPrintable(victim.summary()));
        waiter.claims.release(QStringLiteral("victim"));
        bool cleared = false;
        holder.client.call(QStringLiteral("/v3/kv/deleterange"),
                           QJsonObject{{QStringLiteral("key"), QString::fromLatin1(QByteArray("/t/q/mallory/").toBase64())},
                                       {QStringLiteral("range_end"), QString::fromLatin1(QByteArray("/t/q/mallory0").toBase64())}},
                           [&](const EtcdReply &reply) { cleared = reply.ok; });
        QTRY_VERIFY_WITH_TIMEOUT(cleared, kSlow);
    }

    // An entry of a user no devlatch client registered (written by hand, or by a client of
    // the old protocol) is no claim, the same for one device's read and for the whole list.
    void anUnregisteredUsersEntryIsIgnoredEverywhere()
    {
        Peer peer(m_etcd.endpoints(), QStringLiteral("a"));
        QCOMPARE(openSession(peer), QString());
        LabRecord record;
        record.device = QStringLiteral("unregistered");
        record.user = QStringLiteral("ghost");
        const QByteArray key = peer.claims.keys().entry(QStringLiteral("ghost"), record.device, peer.session.lease());
        QVERIFY(putEntry(peer, key, record));
        QSignalSpy granted(&peer.claims, &LabClaims::granted);
        peer.claims.claim(record.device, {});
        QTRY_COMPARE_WITH_TIMEOUT(granted.size(), 1, kSlow);
        const LabStatus listed = listedStatusOf(peer.claims, record.device);
        QVERIFY2(listed.state == LabStatus::State::HeldByMe, qPrintable(listed.summary()));
        QCOMPARE(listed.queue.size(), 1);
        QVERIFY2(listed.summary().contains(QStringLiteral("ignored an entry of ghost, who is not in the lab's users/")),
                 qPrintable(listed.summary()));
    }

    // The claim request may reach etcd twice (its first answer lost, the client retries on
    // another endpoint): the second finds the entry the first put. Ours by its key (this
    // session's lease), so the claim goes on; it failed before.
    void aClaimRequestThatArrivesTwiceStillClaims()
    {
        Peer peer(m_etcd.endpoints(), QStringLiteral("a"));
        QCOMPARE(openSession(peer), QString());
        LabRecord record;
        record.device = QStringLiteral("twice");
        record.user = QStringLiteral("tester");
        record.pid = QCoreApplication::applicationPid();
        const QByteArray key = peer.claims.keys().entry(QStringLiteral("tester"), QStringLiteral("twice"), peer.session.lease());
        QVERIFY(putEntry(peer, key, record));
        QSignalSpy granted(&peer.claims, &LabClaims::granted);
        QSignalSpy failed(&peer.claims, &LabClaims::failed);
        peer.claims.claim(QStringLiteral("twice"), {});
        QTRY_VERIFY_WITH_TIMEOUT(granted.size() + failed.size() > 0, kSlow);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(granted.size(), 1);
        QVERIFY(peer.claims.holds(QStringLiteral("twice")));
    }

    void positionsFollowTheQueue()
    {
        Peer a(m_etcd.endpoints(), QStringLiteral("a")), b(m_etcd.endpoints(), QStringLiteral("b")), c(m_etcd.endpoints(), QStringLiteral("c"));
        QSignalSpy aGranted(&a.claims, &LabClaims::granted);
        QSignalSpy cQueued(&c.claims, &LabClaims::queued);
        QSignalSpy bQueued(&b.claims, &LabClaims::queued);
        a.claims.claim(QStringLiteral("pos"), {});
        QTRY_COMPARE_WITH_TIMEOUT(aGranted.size(), 1, kSlow);
        b.claims.claim(QStringLiteral("pos"), waitForever());
        QTRY_COMPARE_WITH_TIMEOUT(bQueued.size(), 1, kSlow);
        c.claims.claim(QStringLiteral("pos"), waitForever());
        QTRY_COMPARE_WITH_TIMEOUT(cQueued.size(), 1, kSlow);
        QCOMPARE(cQueued.last().at(1).value<LabStatus>().myPosition, 2);
        b.claims.release(QStringLiteral("pos")); // the first waiter gives up
        QTRY_COMPARE_WITH_TIMEOUT(cQueued.size(), 2, kSlow);
        QCOMPARE(cQueued.last().at(1).value<LabStatus>().myPosition, 1);
        QVERIFY(!c.claims.holds(QStringLiteral("pos")));
    }
};

QTEST_GUILESS_MAIN(TestLabClaims)
#include "tst_labclaims.moc"
