// SPDX-License-Identifier: MIT
// Section (6), publishing: a lab claim of a published device (granted once the publisher holds
// the device's local lock) against one raw create-if-absent transaction of the same run, and
// the time from a local release on the bench PC to the first lab waiter's grant.
#include "BenchSupport.h"
#include "LabBench.h"
#include "TestSupport.h"

#include "arbiter/Arbiter.h"
#include "common/LabConnection.h"
#include "common/LabPublisher.h"
#include "lab/LabSession.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTemporaryDir>

namespace devlatch::bench {

namespace {

std::vector<double> rawCreateTxns(const QString &endpoint, int rounds)
{
    EtcdClient raw({{endpoint}});
    const EtcdReply lease = call(raw, QStringLiteral("/v3/lease/grant"), {{QStringLiteral("TTL"), QStringLiteral("15")}});
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const QString key = EtcdClient::base64("/bench/raw-pub/" + QByteArray::number(i));
        QElapsedTimer timer;
        timer.start();
        call(raw, QStringLiteral("/v3/kv/txn"),
             {{QStringLiteral("compare"), QJsonArray{QJsonObject{{QStringLiteral("key"), key},
                                                                 {QStringLiteral("target"), QStringLiteral("CREATE")},
                                                                 {QStringLiteral("result"), QStringLiteral("EQUAL")},
                                                                 {QStringLiteral("create_revision"), QStringLiteral("0")}}}},
              {QStringLiteral("success"),
               QJsonArray{QJsonObject{{QStringLiteral("request_put"),
                                       QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("lease"), lease.body.value(QStringLiteral("ID"))}}}}}}});
        ms.push_back(msOf(timer));
    }
    call(raw, QStringLiteral("/v3/lease/revoke"), {{QStringLiteral("ID"), lease.body.value(QStringLiteral("ID"))}});
    return ms;
}

} // namespace

void publishedSection(const QString &endpoint, int rounds)
{
    QTemporaryDir scratch;
    const QByteArray lockDir = (scratch.path() + QStringLiteral("/locks")).toLocal8Bit();
    qputenv("DEVLATCH_LOCK_DIR", lockDir);
    Arbiter publisherArbiter;
    LabSettings settings;
    settings.endpoints = {endpoint};
    settings.prefix = QStringLiteral("/bench/publish/");
    QString error;
    qputenv("DEVLATCH_LAB_HOST", "bench-pc");
    auto connection = LabConnection::open(settings, error);
    if (!connection) {
        std::printf("  publishing: cannot connect: %s\n", qPrintable(error));
        return;
    }
    Device device;
    device.id = QStringLiteral("bench-published");
    LabPublisher publisher(*connection, publisherArbiter);
    bool published = false;
    if (qEnvironmentVariableIsSet("DEVLATCH_BENCH_VERBOSE"))
        QObject::connect(&publisher, &LabPublisher::event, [](const QString &name, const QString &what) {
            std::fprintf(stderr, "publisher: %s: %s\n", qPrintable(name), qPrintable(what));
        });
    QObject::connect(&publisher, &LabPublisher::published, [&] { published = true; });
    publisher.publish({device}, {device.id});
    if (!waitFor(published)) {
        std::printf("  publishing: the device was not published\n");
        return;
    }
    EtcdClient client({{endpoint}});
    lab::LabSession session(&client, 15);
    lab::LabClaims claims(&client, &session, settings.prefix.toUtf8(), identity(QStringLiteral("laptop")));
    bool granted = false, queued = false;
    QObject::connect(&claims, &lab::LabClaims::granted, [&] { granted = true; });
    QObject::connect(&claims, &lab::LabClaims::queued, [&] { queued = true; });
    QObject::connect(&claims, &lab::LabClaims::refused, [&](const QString &, lock::AcquireStatus, const lab::LabStatus &status) {
        std::fprintf(stderr, "publishing: refused: %s\n", qPrintable(status.summary()));
    });
    const auto letGo = [&] {
        bool released = false;
        claims.release(device.id, [&] { released = true; });
        waitFor(released);
        // The next round starts from a free bench PC: the publisher has let go again.
        QDeadlineTimer deadline(10000);
        while (publisher.holdsLocally(device.id) && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    };
    const auto location = publisherArbiter.lockLocation(device);
    const QString lockFile = location ? QString::fromStdString(location->directory + '/' + location->name + ".lock") : QString();
    std::vector<double> claim, localHandOff;
    for (int i = 0; i < rounds; ++i) {
        granted = false;
        QElapsedTimer timer;
        timer.start();
        claims.claim(device.id, {});
        if (!waitFor(granted) || !publisher.holdsLocally(device.id)) {
            std::printf("  publishing: round %d was not granted with the local lock held\n", i);
            return;
        }
        claim.push_back(msOf(timer));
        letGo();
    }
    printRow("claim of a published device", percentiles(claim), percentiles(rawCreateTxns(endpoint, rounds)),
             "raw create-if-absent txn");
    for (int i = 0; i < std::min(rounds, 50); ++i) {
        // Someone at the bench PC: flock(1) on the device's lock file, released by ending it.
        test::Helper benchUser;
        if (!test::startFlockHolder(benchUser, lockFile)) {
            std::printf("  publishing: flock(1) could not take the free device (round %d)\n", i);
            return;
        }
        granted = queued = false;
        claims.claim(device.id, {lock::WaitPolicy::forever(), {}, {}, 0});
        waitFor(queued);
        QElapsedTimer timer;
        timer.start();
        benchUser.closeStdin();
        if (!waitFor(granted)) {
            std::printf("  publishing: the lab waiter was not granted after the local release (round %d)\n", i);
            return;
        }
        localHandOff.push_back(msOf(timer));
        letGo();
    }
    const Percentiles handOff = percentiles(localHandOff);
    std::printf("  flock(1) ends at the bench -> first lab waiter granted: p50 %.2f ms  p99 %.2f ms (%zu rounds)\n", handOff.p50, handOff.p99,
                localHandOff.size());
    bool stopped = false;
    publisher.stop([&] { stopped = true; }, 0);
    waitFor(stopped);
    qunsetenv("DEVLATCH_LAB_HOST");
    qunsetenv("DEVLATCH_LOCK_DIR");
}

} // namespace devlatch::bench
