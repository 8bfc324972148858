// SPDX-License-Identifier: MIT
// devlatchctl --scope lab against real etcd: real processes, a real single-node cluster (and
// a 3-node one for leader and quorum faults), a TCP proxy the test cuts. TTL 2 s (etcd's
// minimum) so that expiry cases take seconds. Measured times are printed, not asserted.

#include "EtcdFixture.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QJsonDocument>

#include <csignal>

using namespace devlatch::test;

class TestDevlatchctlLab final : public QObject {
    Q_OBJECT

private:
    EtcdCluster m_etcd;
    QTemporaryDir m_home;

    static QString ctl() { return TestPaths::ctl(); }
    static QStringList lab(const QStringList &arguments) { return QStringList{QStringLiteral("--scope"), QStringLiteral("lab")} + arguments; }
    static Finished ctl(const QStringList &arguments) { return run(ctl(), arguments); }
    void useEndpoints(const QString &endpoints) { qputenv("DEVLATCH_LAB_ENDPOINTS", endpoints.toUtf8()); }
    void startHold(Helper &helper, const QString &device, const QStringList &extra = {})
    {
        QVERIFY(helper.start(ctl(), lab(QStringList{QStringLiteral("claim"), device, QStringLiteral("--hold")} + extra)));
        QVERIFY2(!helper.waitForLine("holding").isEmpty(), helper.stderrSoFar().constData());
    }
    void startWaiter(Helper &helper, const QString &device, const QStringList &tail)
    {
        QVERIFY(helper.start(ctl(), lab(QStringList{QStringLiteral("claim"), device, QStringLiteral("--wait")} + tail)));
        QVERIFY2(helper.waitForStderr("waiting for " + device.toUtf8()), helper.stderrSoFar().constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        DEVLATCH_START_SINGLE_ETCD(m_etcd);
        qInfo("single-node etcd healthy after %lld ms", m_etcd.startMs());
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("DEVLATCH_LAB_TTL", "2");
        qunsetenv("DEVLATCH_LAB_HOST");
    }
    void init() { useEndpoints(m_etcd.endpoints()); }

    void unreachableClusterIsAnErrorNeverFree()
    {
        useEndpoints(QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()));
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("psu")}));
        QCOMPARE(status.exitCode, 3);
        QVERIFY2(status.err.contains("127.0.0.1") && !status.out.contains("free"), status.out + status.err);
        const Finished claim = ctl(lab({QStringLiteral("claim"), QStringLiteral("psu"), QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(claim.exitCode, 3);
        QVERIFY2(claim.err.contains("127.0.0.1"), claim.err);
        useEndpoints(QStringLiteral("ftp://nowhere"));
        QCOMPARE(ctl(lab({QStringLiteral("status"), QStringLiteral("psu")})).exitCode, 3);
        // `who` names nobody when it cannot look: nothing on stdout ("nobody" reads as free).
        const QString first = QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort());
        const QString second = QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort());
        useEndpoints(first + u',' + second);
        const Finished who = ctl(lab({QStringLiteral("who"), QStringLiteral("psu")}));
        QCOMPARE(who.exitCode, 3);
        QVERIFY2(who.out.isEmpty(), who.out);
        QVERIFY2(who.err.contains("psu (lab): unknown:"), who.err);
        // The error names every endpoint tried, not only the last.
        QVERIFY2(who.err.contains(first.toUtf8()) && who.err.contains(second.toUtf8()), who.err);
    }

    // A member that accepts the connection and never answers: a timeout, said as one.
    void aHungMemberIsATimeoutNamedAsOne()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        useEndpoints(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("psu")}));
        QCOMPARE(status.exitCode, 3);
        QVERIFY2(status.err.contains("no answer within 1 s") && !status.err.contains("Operation canceled"), status.err);
    }

    // A claim whose CMD is devlatchctl itself (a nested claim) says so, not "devlatchctl via devlatchctl".
    void aNestedClaimIsNamedSo()
    {
        const Finished nested = ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-nest"), QStringLiteral("--"), ctl(),
                                         QStringLiteral("--scope"), QStringLiteral("lab"), QStringLiteral("who"), QStringLiteral("dut-nest")}));
        QCOMPARE(nested.exitCode, 0);
        QVERIFY2(nested.out.contains("devlatchctl (nested claim) (pid") && !nested.out.contains("via devlatchctl"), nested.out);
    }

    // Names typed for the lab are checked as documented, and echoed escaped.
    void badLabNamesAreRefusedEscaped()
    {
        const Finished control = ctl(lab({QStringLiteral("status"), QStringLiteral("dut\x1b[31m")}));
        QCOMPARE(control.exitCode, 2);
        QVERIFY2(control.err.contains("no control characters") && !control.err.contains('\x1b') && control.err.contains("dut\\x1b[31m"),
                 control.err);
        const Finished longName = ctl(lab({QStringLiteral("status"), QString(201, u'x')}));
        QCOMPARE(longName.exitCode, 2);
        QVERIFY2(longName.err.contains("1 to 200 bytes"), longName.err);
        QCOMPARE(ctl(lab({QStringLiteral("status"), QString(200, u'x')})).exitCode, 0);
    }

    void twoHostsExcludeAndBusyNamesTheHolder()
    {
        qputenv("DEVLATCH_LAB_HOST", "bench-a");
        Helper holder;
        startHold(holder, QStringLiteral("probe-1"), {QStringLiteral("--note"), QStringLiteral("flashing\x1b[31m")});
        qputenv("DEVLATCH_LAB_HOST", "bench-b");
        const Finished busy = ctl(lab({QStringLiteral("claim"), QStringLiteral("probe-1"), QStringLiteral("--"), QStringLiteral("true")}));
        qunsetenv("DEVLATCH_LAB_HOST");
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains("@bench-a") && busy.err.contains("pid " + QByteArray::number(holder.pid())), busy.err);
        QVERIFY2(busy.err.contains("flashing\\u001b[31m") && !busy.err.contains('\x1b'), busy.err); // escaped
        QCOMPARE(ctl(lab({QStringLiteral("claim"), QStringLiteral("probe-1"), QStringLiteral("-E"), QStringLiteral("9"),
                          QStringLiteral("--"), QStringLiteral("true")}))
                     .exitCode,
                 9);
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("probe-1"), QStringLiteral("--json")}));
        QCOMPARE(status.exitCode, 1);
        const QJsonObject device = deviceJson(status.out);
        QCOMPARE(device.value(QStringLiteral("state")).toString(), QStringLiteral("held"));
        QCOMPARE(device.value(QStringLiteral("holder")).toObject().value(QStringLiteral("host")).toString(), QStringLiteral("bench-a"));
        QCOMPARE(device.value(QStringLiteral("queue")).toArray().size(), 1); // the refused claim left no entry
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(ctl(lab({QStringLiteral("status"), QStringLiteral("probe-1")})).exitCode, 0);
    }

    void waitersAreServedInOrderEvenWhenOneIsKilled()
    {
        QTemporaryDir dir;
        const QString order = dir.filePath(QStringLiteral("order"));
        Helper holder;
        startHold(holder, QStringLiteral("dut-fifo"));
        Helper waiters[5];
        for (int i = 0; i < 5; ++i)
            startWaiter(waiters[i], QStringLiteral("dut-fifo"),
                        {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo %1 >> %2").arg(i).arg(order)});
        const Finished who = ctl(lab({QStringLiteral("who"), QStringLiteral("dut-fifo")}));
        QVERIFY2(who.out.contains("waits (5th)"), who.out);
        waiters[2].signal(SIGKILL);
        QCOMPARE(waiters[2].waitForExit(), 128 + 9);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        for (int i : {0, 1, 3, 4})
            QCOMPARE(waiters[i].waitForExit(30000), 0);
        QFile file(order);
        QVERIFY(file.open(QIODevice::ReadOnly));
        // The killed waiter's entry waited its turn and then ran out (TTL): nobody jumped it.
        QCOMPARE(file.readAll(), QByteArray("0\n1\n3\n4\n"));
        QVERIFY2(waiters[3].stderrSoFar().contains("the waiter ahead of this one vanished before its turn came"), waiters[3].stderrSoFar());
    }

    void killedHolderIsFreedWithinItsTtlAndTheWaiterIsTold()
    {
        Helper holder, waiter;
        startHold(holder, QStringLiteral("dut-kill"));
        startWaiter(waiter, QStringLiteral("dut-kill"), {QStringLiteral("--hold")});
        QElapsedTimer timer;
        timer.start();
        holder.signal(SIGKILL);
        QVERIFY2(!waiter.waitForLine("holding", 30000).isEmpty(), waiter.stderrSoFar());
        qInfo("holder SIGKILL -> waiter granted after %lld ms (TTL 2000 ms)", timer.elapsed());
        QVERIFY2(waiter.stderrSoFar().contains("previous holder vanished without releasing")
                     && waiter.stderrSoFar().contains("pid " + QByteArray::number(holder.pid())),
                 waiter.stderrSoFar());
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }

    void aReleaseIsNotReportedAsVanished()
    {
        Helper holder, waiter;
        startHold(holder, QStringLiteral("dut-release"));
        startWaiter(waiter, QStringLiteral("dut-release"), {QStringLiteral("--"), QStringLiteral("true")});
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QCOMPARE(waiter.waitForExit(), 0);
        QVERIFY2(!waiter.stderrSoFar().contains("vanished"), waiter.stderrSoFar());
    }

    void stoppedHolderLearnsItLostOnResume()
    {
        Helper holder, waiter;
        startHold(holder, QStringLiteral("dut-stop"));
        startWaiter(waiter, QStringLiteral("dut-stop"), {QStringLiteral("--hold")});
        holder.signal(SIGSTOP);
        QVERIFY2(!waiter.waitForLine("holding", 30000).isEmpty(), waiter.stderrSoFar());
        holder.signal(SIGCONT);
        QVERIFY2(holder.waitForStderr("is LOST"), holder.stderrSoFar());
        QCOMPARE(holder.waitForExit(), 3);
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }

    void cutConnectionIsUncertainThenLostAndTheWaiterGetsIt()
    {
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.clientUrl(0)).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        useEndpoints(QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(ready.mid(6)));
        Helper holder;
        const QString done = m_home.filePath(QStringLiteral("dut-cut-done"));
        QVERIFY(holder.start(ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-cut"), QStringLiteral("--"), QStringLiteral("sh"),
                                         QStringLiteral("-c"), QStringLiteral("echo holding; while [ ! -e \"$0\" ]; do sleep 0.05; done"),
                                         done})));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.stderrSoFar());
        useEndpoints(m_etcd.endpoints());
        Helper waiter;
        startWaiter(waiter, QStringLiteral("dut-cut"), {QStringLiteral("--hold")});
        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        QElapsedTimer cut;
        cut.start();
        QVERIFY2(holder.waitForStderr("is UNCERTAIN"), holder.stderrSoFar());
        const qint64 uncertain = cut.elapsed();
        QVERIFY2(!waiter.waitForLine("holding", 30000).isEmpty(), waiter.stderrSoFar());
        const qint64 granted = cut.elapsed();
        QVERIFY2(holder.waitForStderr("is LOST"), holder.stderrSoFar());
        qInfo("link cut -> holder uncertain after %lld ms, waiter granted after %lld ms, holder lost after %lld ms (TTL 2000 ms)",
              uncertain, granted, cut.elapsed());
        QVERIFY2(holder.stderrSoFar().contains("not fenced"), holder.stderrSoFar());
        // CMD succeeds, but ran unprotected: a script must be able to tell.
        QVERIFY(QFile(done).open(QIODevice::WriteOnly));
        QCOMPARE(holder.waitForExit(), 4);
        QVERIFY2(holder.stderrSoFar().contains("the command ended with 0, but the lab claim was lost while it ran"), holder.stderrSoFar());
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }

    // --on-lost=kill ends CMD before the server can free the claim, not after: the next
    // holder's command never finds it running. This CMD ignores SIGTERM, so SIGKILL must come
    // in time too. The waiter's own command checks, at the moment it is granted.
    void onLostKillEndsTheCommandBeforeTheClaimCanLapse()
    {
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.clientUrl(0)).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        useEndpoints(QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(ready.mid(6)));
        Helper holder;
        QVERIFY(holder.start(ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-risk"), QStringLiteral("--on-lost=kill"),
                                         QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                                         QStringLiteral("trap '' TERM; echo holding=$$; exec sleep 600")})));
        const QByteArray line = holder.waitForLine("holding=");
        QVERIFY2(!line.isEmpty(), holder.stderrSoFar());
        const QByteArray command = line.mid(8);
        useEndpoints(m_etcd.endpoints());
        Helper waiter;
        startWaiter(waiter, QStringLiteral("dut-risk"),
                    {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("echo \"holder's command: $(ps -o stat= -p \"$0\")\""), QString::fromLatin1(command)});
        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        const QByteArray seen = waiter.waitForLine("holder's command:");
        QCOMPARE(waiter.waitForExit(), 0);
        qInfo("granted after the cut; %s", seen.constData());
        QVERIFY2(seen == "holder's command:" || seen.startsWith("holder's command: Z"), seen + "\n" + holder.stderrSoFar());
        QCOMPARE(holder.waitForExit(), 4);
        QVERIFY2(holder.stderrSoFar().contains("is AT RISK") && holder.stderrSoFar().contains("SIGKILL"), holder.stderrSoFar());
    }

    // devlatchctl itself stopped (SIGSTOP; a debugger, a starved machine): it can neither keep
    // the claim alive nor end CMD, but its guard, a process of its own, ends CMD in time.
    void aStoppedDevlatchctlStillEndsItsCommandInTime()
    {
        Helper holder;
        QVERIFY(holder.start(ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-frozen"), QStringLiteral("--on-lost=kill"),
                                         QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                                         QStringLiteral("trap '' TERM; echo holding=$$; exec sleep 600")})));
        const QByteArray line = holder.waitForLine("holding=");
        QVERIFY2(!line.isEmpty(), holder.stderrSoFar());
        const QByteArray command = line.mid(8);
        Helper waiter;
        startWaiter(waiter, QStringLiteral("dut-frozen"),
                    {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("echo \"holder's command: $(ps -o stat= -p \"$0\")\""), QString::fromLatin1(command)});
        holder.signal(SIGSTOP);
        const QByteArray seen = waiter.waitForLine("holder's command:");
        holder.signal(SIGCONT);
        QCOMPARE(waiter.waitForExit(), 0);
        qInfo("granted while the holder was stopped; %s", seen.constData());
        QVERIFY2(seen == "holder's command:" || seen.startsWith("holder's command: Z"), seen + "\n" + holder.stderrSoFar());
        QCOMPARE(holder.waitForExit(), 4);
    }

    // kill -9 of devlatchctl: its lab claim lapses with its session, so CMD must not run on.
    void killNineOfDevlatchctlEndsTheCommand()
    {
        Helper holder;
        QVERIFY(holder.start(ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-k9"), QStringLiteral("--"), QStringLiteral("sh"),
                                         QStringLiteral("-c"), QStringLiteral("echo holding=$$; exec sleep 600")})));
        const QByteArray line = holder.waitForLine("holding=");
        QVERIFY2(!line.isEmpty(), holder.stderrSoFar());
        const pid_t command = pid_t(line.mid(8).toLongLong());
        QVERIFY(command > 0 && ::kill(command, 0) == 0);
        holder.signal(SIGKILL);
        QCOMPARE(holder.waitForExit(), 128 + 9);
        QTRY_VERIFY2_WITH_TIMEOUT(::kill(command, 0) != 0 || processState(command) == 'Z', "CMD outlived devlatchctl", 10000);
    }

    void aBrokenWatchReconnectsWithoutMissingTheRelease()
    {
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.clientUrl(0)).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        Helper holder;
        startHold(holder, QStringLiteral("dut-watch"));
        // The waiter reaches etcd through the proxy first, directly second.
        useEndpoints(QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(ready.mid(6)) + u',' + m_etcd.endpoints());
        Helper waiter;
        startWaiter(waiter, QStringLiteral("dut-watch"), {QStringLiteral("--hold")});
        proxy.write("cut\n");
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        holder.signal(SIGTERM); // released while the waiter's watch is down
        QCOMPARE(holder.waitForExit(), 0);
        QVERIFY2(!waiter.waitForLine("holding", 30000).isEmpty(), waiter.stderrSoFar());
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }

    void maxHoldReleasesAndShowsUntil()
    {
        Helper holder;
        startHold(holder, QStringLiteral("dut-max"), {QStringLiteral("--max-hold"), QStringLiteral("2s")});
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("dut-max")}));
        QVERIFY2(status.out.contains(" until "), status.out);
        QCOMPARE(holder.waitForExit(30000), 0);
        QVERIFY2(holder.stderrSoFar().contains("--max-hold of 2 s is over"), holder.stderrSoFar());
        QCOMPARE(ctl(lab({QStringLiteral("status"), QStringLiteral("dut-max")})).exitCode, 0);
        Helper command;
        QVERIFY(command.start(ctl(), lab({QStringLiteral("claim"), QStringLiteral("dut-max"), QStringLiteral("--max-hold"),
                                          QStringLiteral("1"), QStringLiteral("--on-lost=kill"), QStringLiteral("--"),
                                          QStringLiteral("sleep"), QStringLiteral("600")})));
        QCOMPARE(command.waitForExit(30000), 4); // CMD did not run to its end under the claim
        QVERIFY2(command.stderrSoFar().contains("ending the command"), command.stderrSoFar());
        QVERIFY2(command.stderrSoFar().contains("the command ended with 143, but the lab claim was lost while it ran: exit 4"),
                 command.stderrSoFar());
        QCOMPARE(ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-max"), QStringLiteral("--max-hold"), QStringLiteral("soon"),
                          QStringLiteral("--hold")}))
                     .exitCode,
                 2);
        QCOMPARE(ctl({QStringLiteral("claim"), QStringLiteral("dut-max"), QStringLiteral("--max-hold"), QStringLiteral("1h"),
                      QStringLiteral("--hold")})
                     .exitCode,
                 2);
    }

    void stealIsAuditedAndTheHolderIsTold()
    {
        Helper holder;
        startHold(holder, QStringLiteral("dut-steal"));
        const qint64 holderPid = holder.pid();
        QCOMPARE(ctl({QStringLiteral("lab"), QStringLiteral("steal"), QStringLiteral("dut-steal")}).exitCode, 2); // no reason
        const Finished steal =
            ctl({QStringLiteral("lab"), QStringLiteral("steal"), QStringLiteral("dut-steal"), QStringLiteral("--reason"), QStringLiteral("bench rewiring")});
        QVERIFY2(steal.exitCode == 0, steal.err);
        QVERIFY2(holder.waitForStderr("taken away by"), holder.stderrSoFar());
        QVERIFY2(holder.stderrSoFar().contains("bench rewiring"), holder.stderrSoFar());
        QVERIFY2(holder.stderrSoFar().contains("the lab is used without auth: anyone may take a claim"), holder.stderrSoFar());
        QCOMPARE(holder.waitForExit(), 3);
        const Finished audit = ctl({QStringLiteral("lab"), QStringLiteral("audit")});
        QVERIFY2(audit.out.contains("steal dut-steal: bench rewiring") && audit.out.contains("pid " + QByteArray::number(holderPid)),
                 audit.out);
        QCOMPARE(ctl({QStringLiteral("lab"), QStringLiteral("steal"), QStringLiteral("dut-steal"), QStringLiteral("--reason"), QStringLiteral("x")})
                     .exitCode,
                 1); // nobody holds it
    }

    // A plain put over a holder's entry keeps its key and create revision, so it would keep
    // the queue's first place, without a lease: never expiring. It is no claim: the holder is
    // told, and the device is free, with the entry named as ignored.
    void anEntryOverwrittenWithoutItsLeaseIsNoClaim()
    {
        Helper holder;
        startHold(holder, QStringLiteral("dut-over"));
        const QJsonObject who = deviceJson(ctl(lab({QStringLiteral("who"), QStringLiteral("dut-over"), QStringLiteral("--json")})).out);
        const QByteArray key = who.value(QStringLiteral("holder")).toObject().value(QStringLiteral("key")).toString().toUtf8();
        QVERIFY2(key.contains("/q/"), QJsonDocument(who).toJson());
        const QByteArray forged = R"({"schema":1,"device":"dut-over","user":"mallory","host":"h","pid":1,"program":"forged"})";
        const QJsonObject put = etcdRequest(m_etcd.clientUrl(0) + QStringLiteral("/v3/kv/put"),
                                            "{\"key\":\"" + key.toBase64() + "\",\"value\":\"" + forged.toBase64() + "\"}");
        QVERIFY2(put.contains(QStringLiteral("header")), QJsonDocument(put).toJson());
        QVERIFY2(holder.waitForStderr("is LOST"), holder.stderrSoFar());
        QVERIFY2(holder.stderrSoFar().contains("overwrote this process's entry without its lease"), holder.stderrSoFar());
        QCOMPARE(holder.waitForExit(), 3);
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("dut-over")}));
        QCOMPARE(status.exitCode, 0); // free
        QVERIFY2(status.out.contains("ignored an entry of") && status.out.contains("without its own lease"), status.out);
        const Finished claim = ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-over"), QStringLiteral("--"), QStringLiteral("true")}));
        QVERIFY2(claim.exitCode == 0, claim.err);
    }

    // The audit log lists what happened in the order etcd wrote it, whatever the clocks of
    // the admins' machines said (skew of a year here), and escapes what records say.
    void theAuditIsInTheOrderItHappened()
    {
        const auto put = [&](const QByteArray &key, const QByteArray &value) {
            const QJsonObject answer = etcdRequest(m_etcd.clientUrl(0) + QStringLiteral("/v3/kv/put"),
                                                   "{\"key\":\"" + key.toBase64() + "\",\"value\":\"" + value.toBase64() + "\"}");
            QVERIFY2(answer.contains(QStringLiteral("header")), QJsonDocument(answer).toJson());
        };
        put("/devlatch/lab/v2/audit/2031-01-01T00:00:00Z-1",
            R"({"action":"maintenance-on","device":"dut-skew","by":"ahead","host":"h1","reason":"first","at":"2031-01-01T00:00:00Z"})");
        put("/devlatch/lab/v2/audit/2029-01-01T00:00:00Z-2",
            QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("maintenance-off\x1b[2J")},
                                      {QStringLiteral("device"), QStringLiteral("dut-skew")},
                                      {QStringLiteral("by"), QStringLiteral("behind")},
                                      {QStringLiteral("host"), QStringLiteral("h2")},
                                      {QStringLiteral("reason"), QStringLiteral("second")},
                                      {QStringLiteral("at"), QStringLiteral("2029-01-01T00:00:00Z")}})
                .toJson(QJsonDocument::Compact));
        const Finished audit = ctl({QStringLiteral("lab"), QStringLiteral("audit")});
        QCOMPARE(audit.exitCode, 0);
        const qsizetype first = audit.out.indexOf("dut-skew: first"), second = audit.out.indexOf("dut-skew: second");
        QVERIFY2(first >= 0 && second > first, audit.out);
        QVERIFY2(!audit.out.contains('\x1b'), audit.out);
    }

    void maintenanceRefusesNewClaims()
    {
        QCOMPARE(ctl({QStringLiteral("lab"), QStringLiteral("maintenance"), QStringLiteral("dut-maint"), QStringLiteral("on"),
                      QStringLiteral("--reason"), QStringLiteral("firmware update")})
                     .exitCode,
                 0);
        const Finished refused = ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-maint"), QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("in maintenance") && refused.err.contains("firmware update"), refused.err);
        QVERIFY(ctl(lab({QStringLiteral("status"), QStringLiteral("dut-maint")})).out.contains("in maintenance"));
        QCOMPARE(ctl({QStringLiteral("lab"), QStringLiteral("maintenance"), QStringLiteral("dut-maint"), QStringLiteral("off")}).exitCode, 0);
        QCOMPARE(ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-maint"), QStringLiteral("--"), QStringLiteral("true")})).exitCode, 0);
    }

    void labStatusNamesTheMembersAndListShowsClaims()
    {
        Helper holder;
        startHold(holder, QStringLiteral("dut-list"));
        const Finished status = ctl({QStringLiteral("lab"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(m_etcd.clientUrl(0).toUtf8() + ": healthy") && status.out.contains("leader"), status.out);
        const Finished list = ctl(lab({QStringLiteral("list")}));
        QVERIFY2(list.out.contains("dut-list: held by"), list.out);
        const Finished json = ctl(lab({QStringLiteral("list"), QStringLiteral("--json")}));
        QVERIFY2(devicesJson(json.out).size() >= 1, json.out);
        const Finished path = ctl(lab({QStringLiteral("claim"), QStringLiteral("/dev/ttyNOPE"), QStringLiteral("--hold")}));
        QCOMPARE(path.exitCode, 2);
        QVERIFY2(path.err.contains("names nothing in the lab"), path.err);
    }

    // Last: these stop members of a cluster of their own.

    // A member that stops answering (SIGSTOP; a power-cut host or a partition without RST
    // looks the same) while the quorum lives on: a waiter whose watch is there must not miss
    // the release. Its keepalives fail over anyway; its watch has to as well.
    void aSilentMemberDoesNotStallAWaiter()
    {
        EtcdCluster cluster;
        QString error;
        QVERIFY2(cluster.start(3, error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(cluster.leader() >= 0, 20000);
        const int silent = (cluster.leader() + 1) % 3; // a follower: no election in the way
        const int other = (silent + 1) % 3, third = (silent + 2) % 3;
        useEndpoints(cluster.clientUrl(other) + u',' + cluster.clientUrl(third));
        Helper holder;
        startHold(holder, QStringLiteral("dut-silent"));
        useEndpoints(cluster.clientUrl(silent) + u',' + cluster.clientUrl(other) + u',' + cluster.clientUrl(third));
        Helper waiter;
        startWaiter(waiter, QStringLiteral("dut-silent"), {QStringLiteral("--hold")});
        cluster.signal(silent, SIGSTOP);
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QElapsedTimer released;
        released.start();
        const QByteArray granted = waiter.waitForLine("holding", 30000);
        const qint64 after = released.elapsed();
        cluster.signal(silent, SIGCONT);
        QVERIFY2(!granted.isEmpty(), waiter.stderrSoFar());
        qInfo("member stopped, holder released: the waiter was granted after %lld ms (TTL 2000 ms)", after);
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }
    void leaderKilledDuringAHoldKeepsTheClaim()
    {
        EtcdCluster cluster;
        QString error;
        QVERIFY2(cluster.start(3, error), qPrintable(error));
        qInfo("3-node etcd healthy after %lld ms", cluster.startMs());
        useEndpoints(cluster.endpoints());
        qputenv("DEVLATCH_LAB_TTL", "5");
        Helper holder;
        startHold(holder, QStringLiteral("dut-leader"));
        const int leader = cluster.leader();
        QVERIFY(leader >= 0);
        cluster.kill(leader);
        const int survivor = (leader + 1) % 3;
        QElapsedTimer election;
        election.start();
        QVERIFY(cluster.waitHealthy(survivor, 20000));
        QTRY_VERIFY_WITH_TIMEOUT(cluster.leader() >= 0, 20000); // a survivor that leads, not one that still names the dead
        qInfo("leader killed: a new leader after %lld ms", election.elapsed());
        // Longer than the TTL: a lost session would show by now.
        QTest::qWait(7000);
        qputenv("DEVLATCH_LAB_TTL", "2");
        QVERIFY2(!holder.stderrSoFar().contains("LOST"), holder.stderrSoFar());
        const Finished status = ctl(lab({QStringLiteral("status"), QStringLiteral("dut-leader")}));
        QVERIFY2(status.exitCode == 1 && status.out.contains("pid " + QByteArray::number(holder.pid())), status.out + status.err);
        // Quorum lost: an error, never "free".
        cluster.kill((leader + 2) % 3);
        QElapsedTimer asked;
        asked.start();
        const Finished noQuorum = ctl(lab({QStringLiteral("status"), QStringLiteral("dut-leader")}));
        qInfo("quorum lost: status answered exit %d after %lld ms", noQuorum.exitCode, asked.elapsed());
        QCOMPARE(noQuorum.exitCode, 3);
        QVERIFY2(!noQuorum.out.contains("free"), noQuorum.out);
        const Finished claim = ctl(lab({QStringLiteral("claim"), QStringLiteral("dut-other"), QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(claim.exitCode, 3);
        holder.stop();
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlLab)
#include "tst_devlatchctl_lab.moc"
