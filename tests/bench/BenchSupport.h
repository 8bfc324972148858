// SPDX-License-Identifier: MIT
#pragma once
// What the lab benchmarks share: percentiles, an event-loop wait, one etcd call.

#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"

#include <QCoreApplication>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace devlatch::bench {

using lab::EtcdClient;
using lab::EtcdReply;
using lab::LabIdentity;

struct Percentiles {
    double p50 = 0, p99 = 0;
};

inline Percentiles percentiles(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// Not QTest::qWaitFor: it sleeps 10 ms between looks, more than what is measured here.
inline bool waitFor(const bool &flag, int timeoutMs = 20000)
{
    QEventLoop loop;
    bool expired = false;
    QTimer::singleShot(timeoutMs, &loop, [&] { expired = true; });
    while (!flag && !expired)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    return flag;
}

inline double msOf(QElapsedTimer &timer) { return double(timer.nsecsElapsed()) / 1e6; }

inline EtcdReply call(EtcdClient &client, const QString &path, const QJsonObject &body)
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

inline LabIdentity identity(const QString &host)
{
    return {QStringLiteral("bench"), host, QCoreApplication::applicationPid(), QStringLiteral("devlatch-bench")};
}

inline void printRow(const char *what, Percentiles ours, Percentiles raw, const char *rawName)
{
    std::printf("  %-34s p50 %6.2f ms  p99 %6.2f ms   %-26s p50 %6.2f ms  p99 %6.2f ms   ratio p50 %.2fx\n", what, ours.p50, ours.p99,
                rawName, raw.p50, raw.p99, raw.p50 > 0 ? ours.p50 / raw.p50 : 0.0);
}

} // namespace devlatch::bench
