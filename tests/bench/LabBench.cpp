// SPDX-License-Identifier: MIT
#include "LabBench.h"
#include "BenchSupport.h"

#include "EtcdFixture.h"
#include "TestSupport.h"

#include "lab/EtcdClient.h"
#include "lab/EtcdWatch.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"
#include "lab/LabTxn.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QEventLoop>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace devlatch::bench {

namespace {

using namespace devlatch::lab;

void measure(const QString &endpoint, int rounds)
{
    EtcdClient raw({{endpoint}});
    std::vector<double> rawClaim, rawRelease, rawNotify, claim, release, handOff;
    // Raw: lease grant + create-if-absent txn; delete; a watch's notification of a delete.
    for (int i = 0; i < rounds; ++i) {
        const QByteArray key = "/bench/raw/" + QByteArray::number(i);
        QElapsedTimer timer;
        timer.start();
        const EtcdReply lease = call(raw, QStringLiteral("/v3/lease/grant"), {{QStringLiteral("TTL"), QStringLiteral("15")}});
        const QJsonObject put{{QStringLiteral("request_put"), QJsonObject{{QStringLiteral("key"), EtcdClient::base64(key)},
                                                                          {QStringLiteral("lease"), lease.body.value(QStringLiteral("ID"))}}}};
        call(raw, QStringLiteral("/v3/kv/txn"),
             {{QStringLiteral("compare"), QJsonArray{QJsonObject{{QStringLiteral("key"), EtcdClient::base64(key)},
                                                                 {QStringLiteral("target"), QStringLiteral("CREATE")},
                                                                 {QStringLiteral("result"), QStringLiteral("EQUAL")},
                                                                 {QStringLiteral("create_revision"), QStringLiteral("0")}}}},
              {QStringLiteral("success"), QJsonArray{put}}});
        rawClaim.push_back(msOf(timer));
        EtcdWatch *watch = raw.watch({{QStringLiteral("key"), EtcdClient::base64(key)}}, nullptr);
        bool created = false, notified = false;
        QObject::connect(watch, &EtcdWatch::created, [&] { created = true; });
        QObject::connect(watch, &EtcdWatch::events, [&] { notified = true; });
        waitFor(created);
        timer.start();
        call(raw, QStringLiteral("/v3/kv/deleterange"), {{QStringLiteral("key"), EtcdClient::base64(key)}});
        rawRelease.push_back(msOf(timer));
        waitFor(notified);
        rawNotify.push_back(msOf(timer));
        delete watch;
        call(raw, QStringLiteral("/v3/lease/revoke"), {{QStringLiteral("ID"), lease.body.value(QStringLiteral("ID"))}});
    }
    // devlatch: a new session's claim (grant + txn), its release, and a hand-off to a waiter
    // that holds its own session (as another process would).
    EtcdClient waiterClient({{endpoint}});
    LabSession waiterSession(&waiterClient, 15);
    LabClaims waiter(&waiterClient, &waiterSession, "/bench/lab/", identity(QStringLiteral("waiter")));
    bool waiterGranted = false;
    QObject::connect(&waiter, &LabClaims::granted, [&] { waiterGranted = true; });
    // One connection, as a long-running client (the tray) has; a new session each round.
    EtcdClient client({{endpoint}});
    for (int i = 0; i < rounds; ++i) {
        const QString device = QStringLiteral("dev-%1").arg(i);
        LabSession session(&client, 15);
        LabClaims claims(&client, &session, "/bench/lab/", identity(QStringLiteral("holder")));
        bool granted = false;
        QObject::connect(&claims, &LabClaims::granted, [&] { granted = true; });
        QObject::connect(&claims, &LabClaims::refused, [&](const QString &d, lock::AcquireStatus why, const LabStatus &st) {
            std::fprintf(stderr, "round %d: %s refused (%d): %s\n", i, qPrintable(d), int(why), qPrintable(st.summary()));
        });
        QObject::connect(&claims, &LabClaims::failed, [&](const QString &d, const QString &e) {
            std::fprintf(stderr, "round %d: %s failed: %s\n", i, qPrintable(d), qPrintable(e));
        });
        QElapsedTimer timer;
        timer.start();
        claims.claim(device, {});
        waitFor(granted);
        claim.push_back(msOf(timer));
        bool queued = false;
        auto connection = QObject::connect(&waiter, &LabClaims::queued, [&] { queued = true; });
        waiterGranted = false;
        waiter.claim(device, {lock::WaitPolicy::forever(), {}, {}, 0});
        waitFor(queued);
        QObject::disconnect(connection);
        bool released = false;
        timer.start();
        claims.release(device, [&] { released = true; });
        waitFor(waiterGranted);
        handOff.push_back(msOf(timer));
        waitFor(released);
        bool waiterReleased = false;
        waiter.release(device, [&] { waiterReleased = true; });
        waitFor(waiterReleased);
        claims.claim(device, {});
        granted = false;
        waitFor(granted);
        released = false;
        timer.start();
        claims.release(device, [&] { released = true; });
        waitFor(released);
        release.push_back(msOf(timer));
        bool closed = false;
        session.close([&] { closed = true; });
        waitFor(closed);
    }
    printRow("claim (new session: grant + txn)", percentiles(claim), percentiles(rawClaim), "raw grant + txn");
    printRow("release (delete + marker txn)", percentiles(release), percentiles(rawRelease), "raw delete");
    printRow("hand-off to the next in the queue", percentiles(handOff), percentiles(rawNotify), "raw watch notification");
}

// Time from a holder's SIGKILL to the waiter's grant, in TTLs.
void timeToFree(const QString &endpoint, int rounds)
{
    constexpr int kTtl = 2;
    qputenv("DEVLATCH_LAB_ENDPOINTS", endpoint.toUtf8());
    qputenv("DEVLATCH_LAB_TTL", QByteArray::number(kTtl));
    std::vector<double> seconds;
    EtcdClient client({{endpoint}});
    LabSession session(&client, 15);
    LabClaims waiter(&client, &session, "/devlatch/lab/v2/", identity(QStringLiteral("waiter")));
    for (int i = 0; i < rounds; ++i) {
        const QString device = QStringLiteral("kill-%1").arg(i);
        test::Helper holder;
        holder.start(TestPaths::ctl(), {QStringLiteral("--scope"), QStringLiteral("lab"), QStringLiteral("claim"), device,
                                                    QStringLiteral("--hold")});
        if (holder.waitForLine("holding").isEmpty())
            return;
        bool queued = false, granted = false;
        auto a = QObject::connect(&waiter, &LabClaims::queued, [&] { queued = true; });
        auto b = QObject::connect(&waiter, &LabClaims::granted, [&] { granted = true; });
        waiter.claim(device, {lock::WaitPolicy::forever(), {}, {}, 0});
        waitFor(queued);
        QElapsedTimer timer;
        timer.start();
        holder.signal(SIGKILL);
        waitFor(granted, 30000);
        seconds.push_back(double(timer.elapsed()) / 1000.0);
        QObject::disconnect(a);
        QObject::disconnect(b);
        bool released = false;
        waiter.release(device, [&] { released = true; });
        waitFor(released);
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("  holder SIGKILL -> next holder (TTL %d s, %zu runs): %.2f .. %.2f s = %.2f .. %.2f x TTL\n", kTtl, seconds.size(),
                seconds.front(), seconds.back(), seconds.front() / kTtl, seconds.back() / kTtl);
}

// Puts `devices` claimed devices under `prefix` (one user, one lease, as a busy lab has).
bool fillLab(EtcdClient &client, const QByteArray &prefix, int devices)
{
    const LabKeys keys{prefix};
    const EtcdReply lease = call(client, QStringLiteral("/v3/lease/grant"), {{QStringLiteral("TTL"), QStringLiteral("600")}});
    const qint64 id = EtcdClient::number(lease.body.value(QStringLiteral("ID")));
    if (!lease.ok || id == 0)
        return false;
    if (!call(client, QStringLiteral("/v3/kv/put"),
              LabTxn::put(keys.user(QStringLiteral("filler")), "{}", 0).value(QStringLiteral("request_put")).toObject())
             .ok)
        return false;
    for (int first = 0; first < devices; first += 100) {
        QJsonArray puts;
        for (int i = first; i < std::min(devices, first + 100); ++i) {
            LabRecord record;
            record.device = QStringLiteral("usb:1366:0105:%1").arg(i, 12, 10, QChar(u'0'));
            record.user = QStringLiteral("filler");
            record.host = QStringLiteral("bench-%1").arg(i % 40);
            record.pid = 1000 + i;
            record.program = QStringLiteral("openocd");
            record.since = QStringLiteral("2026-01-01T00:00:00Z");
            record.client = QStringLiteral("devlatch-bench");
            puts.append(LabTxn::put(keys.entry(record.user, record.device, id), record.toBytes(), id));
        }
        if (!call(client, QStringLiteral("/v3/kv/txn"), {{QStringLiteral("success"), puts}}).ok)
            return false;
    }
    return true;
}

// One session's claim + release of a free device, in a lab with `devices` others claimed.
Percentiles claimIn(EtcdClient &client, const QByteArray &prefix, int rounds)
{
    LabSession session(&client, 15);
    LabClaims claims(&client, &session, prefix, identity(QStringLiteral("scale")));
    bool granted = false;
    QObject::connect(&claims, &LabClaims::granted, [&] { granted = true; });
    std::vector<double> ms;
    for (int i = 0; i < rounds + 1; ++i) {
        const QString device = QStringLiteral("scale-%1").arg(i);
        granted = false;
        QElapsedTimer timer;
        timer.start();
        claims.claim(device, {});
        waitFor(granted);
        if (i > 0) // the first opens the session
            ms.push_back(msOf(timer));
        bool released = false;
        claims.release(device, [&] { released = true; });
        waitFor(released);
    }
    bool closed = false;
    session.close([&] { closed = true; });
    waitFor(closed);
    return percentiles(ms);
}

double listIn(EtcdClient &client, const QByteArray &prefix, int *listed)
{
    LabSession session(&client, 15);
    LabClaims claims(&client, &session, prefix, identity(QStringLiteral("scale")));
    bool done = false;
    QElapsedTimer timer;
    timer.start();
    claims.statuses([&](const QList<LabStatus> &all, const QString &error) {
        *listed = error.isEmpty() ? int(all.size()) : -1;
        done = true;
    });
    waitFor(done, 60000);
    return msOf(timer);
}

// Claims read and watch their own device: a lab of 10,000 claimed devices costs a claim
// nothing, and the whole list is read in pages.
void scale(const QString &endpoint, int rounds)
{
    constexpr int kDevices = 10000;
    EtcdClient client({{endpoint}});
    if (!fillLab(client, "/bench/scale-big/", kDevices)) {
        std::printf("  cannot fill the lab with %d devices\n", kDevices);
        return;
    }
    const Percentiles empty = claimIn(client, "/bench/scale-empty/", rounds);
    const Percentiles big = claimIn(client, "/bench/scale-big/", rounds);
    std::printf("  claim + grant, lab of %5d devices       p50 %6.2f ms  p99 %6.2f ms\n", 0, empty.p50, empty.p99);
    std::printf("  claim + grant, lab of %5d devices       p50 %6.2f ms  p99 %6.2f ms   ratio p50 %.2fx (goal <= 1.2x)\n", kDevices,
                big.p50, big.p99, empty.p50 > 0 ? big.p50 / empty.p50 : 0.0);
    for (int run = 0; run < 3; ++run) {
        int listed = 0;
        const double ms = listIn(client, "/bench/scale-big/", &listed);
        std::printf("  lab list of %d devices (run %d): %.0f ms, %d listed (goal <= 2000 ms)\n", kDevices, run + 1, ms, listed);
    }
}

} // namespace

void labSection(int rounds)
{
    static int argc = 1;
    static char name[] = "devlatch-bench";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv);
    if (test::EtcdCluster::program().isEmpty()) {
        std::printf("(6) lab scope: skipped, etcd is not installed (apt-get install etcd-server)\n");
        return;
    }
    std::printf("(6) lab scope against etcd on loopback, %d rounds (goals: claim <= 1.5x raw grant + txn, hand-off <= 2x a raw "
                "watch notification)\n",
                rounds);
    test::EtcdCluster single;
    QString error;
    if (!single.start(1, error)) {
        std::printf("  cannot start etcd: %s\n", qPrintable(error));
        return;
    }
    std::printf(" single node:\n");
    measure(single.clientUrl(0), rounds);
    publishedSection(single.clientUrl(0), rounds);
    timeToFree(single.clientUrl(0), 3);
    scale(single.clientUrl(0), rounds);
    test::EtcdCluster three;
    if (!three.start(3, error)) {
        std::printf("  cannot start a 3-node cluster: %s\n", qPrintable(error));
        return;
    }
    const int follower = (three.leader() + 1) % 3;
    std::printf(" 3 nodes, through a follower:\n");
    measure(three.clientUrl(follower), rounds);
}

} // namespace devlatch::bench
