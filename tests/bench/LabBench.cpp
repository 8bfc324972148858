// SPDX-License-Identifier: MIT
#include "LabBench.h"

#include "EtcdFixture.h"
#include "TestSupport.h"

#include "lab/EtcdClient.h"
#include "lab/EtcdWatch.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"

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

struct Percentiles {
    double p50 = 0, p99 = 0;
};

Percentiles percentiles(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// Not QTest::qWaitFor: it sleeps 10 ms between looks, more than what is measured here.
bool waitFor(const bool &flag, int timeoutMs = 20000)
{
    QEventLoop loop;
    bool expired = false;
    QTimer::singleShot(timeoutMs, &loop, [&] { expired = true; });
    while (!flag && !expired)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    return flag;
}

double msOf(QElapsedTimer &timer) { return double(timer.nsecsElapsed()) / 1e6; }

EtcdReply call(EtcdClient &client, const QString &path, const QJsonObject &body)
{
    EtcdReply result;
    bool done = false;
    client.call(path, body, [&](const EtcdReply &r) {
        result = r;
        done = true;
    });
    waitFor(done);
    return result;
}

LabIdentity identity(const QString &host)
{
    return {QStringLiteral("bench"), host, QCoreApplication::applicationPid(), QStringLiteral("devlatch-bench")};
}

void printRow(const char *what, Percentiles ours, Percentiles raw, const char *rawName)
{
    std::printf("  %-34s p50 %6.2f ms  p99 %6.2f ms   %-26s p50 %6.2f ms  p99 %6.2f ms   ratio p50 %.2fx\n", what, ours.p50, ours.p99,
                rawName, raw.p50, raw.p99, raw.p50 > 0 ? ours.p50 / raw.p50 : 0.0);
}

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
    LabClaims waiter(&client, &session, "/devlatch/lab/v1/", identity(QStringLiteral("waiter")));
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
    timeToFree(single.clientUrl(0), 3);
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
