// SPDX-License-Identifier: MIT
// The lab under faults, counted. A 3-member etcd over TLS with users and roles and auth
// tokens that expire 2 s after their last use; each member behind a relay the test can reset
// or blackhole. Claimants of two users on three host names, every second one with its clock an
// hour ahead (libfaketime), all with --on-lost=kill, queue for one device in episodes of one
// fault each: none, a waiter killed, the holder's devlatchctl stopped, its link blackholed, it
// killed, a member stopped under a waiter's watch, a waiter's link reset. Their commands log
// their own intervals (devlatch-test-interval); afterwards the test counts overlaps between
// any two commands and grants out of queue order, prints the counts and requires both 0.
// DEVLATCH_FAULT_ROUNDS=N runs every episode N times (default 1) for a longer soak;
// DEVLATCH_FAULT_ONLY=I runs only the I-th kind of episode (0 none ... 6 a waiter's link reset).

#include "EtcdFixture.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

#include <algorithm>
#include <csignal>
#include <map>
#include <sys/syscall.h>

using namespace devlatch::test;

namespace {

const QString kDevice = QStringLiteral("dut-counted");

// CLOCK_MONOTONIC past any preloaded faketime, as devlatch-test-interval reads it.
qint64 monotonicNs()
{
    timespec now {};
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// The synchronized build: the plain libfaketime.so.1 races in threaded programs (devlatchctl
// has Qt's threads) and corrupted its heap once in our runs; libfaketime's README says the same.
QString libFaketime()
{
    for (const char *path : {"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
                             "/usr/lib/faketime/libfaketimeMT.so.1"})
        if (QFile::exists(QLatin1String(path)))
            return QLatin1String(path);
    return {};
}

// A relay in front of one member, driven through its stdin (devlatch-test-tcpproxy).
struct Relay {
    Helper process;
    QString url;
    bool command(const QByteArray &what)
    {
        process.write(what + '\n');
        return !process.waitForLine(what).isEmpty();
    }
};

enum class Fault { None, WaiterKilled, HolderStopped, HolderBlackholed, HolderKilled, MemberStopped, WaiterReset };

const char *faultName(Fault fault)
{
    switch (fault) {
    case Fault::None: return "none";
    case Fault::WaiterKilled: return "a waiter killed (-9)";
    case Fault::HolderStopped: return "the holder's devlatchctl stopped (SIGSTOP)";
    case Fault::HolderBlackholed: return "the holder's link blackholed";
    case Fault::HolderKilled: return "the holder's devlatchctl killed (-9)";
    case Fault::MemberStopped: return "the member under a waiter's watch stopped";
    case Fault::WaiterReset: return "a waiter's link reset";
    }
    return "?";
}

struct Claimant {
    QString id;
    int episode = 0;
    std::unique_ptr<Helper> ctl;
    int expectedExit = 0;
    bool mustRun = true;      // false: killed while it waited
    qint64 seenGoneNs = 0;    // a command killed with SIGKILL logs no end: when the test saw it gone
};

struct Interval {
    qint64 start = 0, end = 0;
    qint64 pid = 0;
    QByteArray how; // done, term, killed
};

} // namespace

class TestDevlatchctlLabFaults final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EtcdCluster m_etcd;
    std::vector<std::unique_ptr<Relay>> m_relays;
    std::vector<Claimant> m_claimants;
    QString m_faketime;
    int m_started = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString log() const { return path(QStringLiteral("intervals.log")); }
    static bool write(const QString &file, const QByteArray &content)
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
    }
    QString homeOf(const QString &user) const { return path(QStringLiteral("home-") + user); }
    QString makeHome(const QString &user)
    {
        const QString home = homeOf(user);
        QDir().mkpath(home + QStringLiteral("/devlatch"));
        write(home + QStringLiteral("/password"), user.toUtf8() + "-secret\n");
        write(home + QStringLiteral("/devlatch/devlatch.conf"),
              QStringLiteral("[lab]\nendpoints=%1\nca=%2\nuser=%3\npassword-file=%4/password\nttl=2\n")
                  .arg(m_etcd.endpoints(), path(QStringLiteral("ca.pem")), user, home)
                  .toUtf8());
        return home;
    }
    // The relays in the order claimant `k` tries them: each starts at another member.
    QStringList rotated(int k) const
    {
        QStringList urls;
        for (int i = 0; i < int(m_relays.size()); ++i)
            urls << m_relays[size_t((k + i) % int(m_relays.size()))]->url;
        return urls;
    }
    QMap<QString, Interval> intervals() const
    {
        QMap<QString, Interval> result;
        QFile file(log());
        if (!file.open(QIODevice::ReadOnly))
            return result;
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() < 4)
                continue;
            Interval &interval = result[QString::fromLatin1(f[0])];
            if (f[1] == "start") {
                interval.start = f[2].toLongLong();
                interval.pid = f[3].toLongLong();
            } else if (f[1] == "end") {
                interval.end = f[2].toLongLong();
                interval.how = f[3];
            }
        }
        return result;
    }
    bool hasStarted(const Claimant &c) const { return intervals().value(c.id).start != 0; }

    // Starts a claimant, then waits until it is queued or its command runs: the queue's order
    // is the order of these calls.
    Claimant *enqueue(int episode, const QStringList &endpoints, bool gated)
    {
        const int k = m_started++;
        Claimant c;
        c.id = QStringLiteral("c%1").arg(k);
        c.episode = episode;
        c.ctl = std::make_unique<Helper>();
        const QString user = k % 2 ? QStringLiteral("bob") : QStringLiteral("alice");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), homeOf(user));
        env.insert(QStringLiteral("DEVLATCH_LAB_ENDPOINTS"), endpoints.join(u','));
        env.insert(QStringLiteral("DEVLATCH_LAB_HOST"), QStringLiteral("bench-%1").arg(k % 3));
        if (k % 2 && !m_faketime.isEmpty()) {
            env.insert(QStringLiteral("LD_PRELOAD"), m_faketime);
            env.insert(QStringLiteral("FAKETIME"), QStringLiteral("+1h"));
        }
        c.ctl->process().setProcessEnvironment(env);
        QStringList arguments{QStringLiteral("--scope"), QStringLiteral("lab"), QStringLiteral("claim"), kDevice,
                              QStringLiteral("--wait"), QStringLiteral("--on-lost=kill"), QStringLiteral("--"), TestPaths::interval(),
                              log(), c.id, QStringLiteral("150")};
        if (gated)
            arguments << path(QStringLiteral("gate-%1").arg(episode));
        if (!c.ctl->start(TestPaths::ctl(), arguments))
            return nullptr;
        QDeadlineTimer deadline(30000);
        while (!c.ctl->stderrSoFar().contains("waiting for " + kDevice.toUtf8()) && !hasStarted(c)) {
            if (deadline.hasExpired() || c.ctl->process().state() == QProcess::NotRunning) {
                qWarning("%s neither queued nor ran:\n%s", qPrintable(c.id), c.ctl->stderrSoFar().constData());
                return nullptr;
            }
            c.ctl->process().waitForReadyRead(20);
        }
        m_claimants.push_back(std::move(c));
        return &m_claimants.back();
    }
    bool waitStarted(const Claimant &c, int timeoutMs = 30000) const
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!hasStarted(c)) {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(10);
        }
        return true;
    }
    // A killed devlatchctl's guard kills its command with SIGKILL: no end line, so the end is
    // the moment the test sees it gone (later than the true end, so no overlap is hidden).
    bool waitCommandGone(Claimant &c) const
    {
        const qint64 pid = intervals().value(c.id).pid;
        QDeadlineTimer deadline(30000);
        while (pid > 0 && ::kill(pid_t(pid), 0) == 0 && processState(pid) != 'Z') {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
        c.seenGoneNs = monotonicNs();
        return true;
    }
    int followerIndex()
    {
        const int leader = m_etcd.leader();
        return leader < 0 ? 1 : (leader + 1) % m_etcd.size();
    }

    // One episode: A holds (until its gate opens), B, C (and D) queue behind it, the fault
    // strikes, the gate opens, every claimant of the episode ends.
    void episode(int number, Fault fault)
    {
        const QString gate = path(QStringLiteral("gate-%1").arg(number));
        const int firstIndex = int(m_claimants.size());
        const int blackholed = number % 3;
        QStringList others;
        for (int i = 0; i < 3; ++i)
            if (i != blackholed)
                others << m_relays[size_t(i)]->url;
        const int stopped = followerIndex();
        // A waiter whose watch goes through the stopped member (or the reset link) first.
        const QStringList throughStopped{m_relays[size_t(stopped)]->url, m_relays[size_t((stopped + 1) % 3)]->url,
                                         m_relays[size_t((stopped + 2) % 3)]->url};
        Claimant *a = enqueue(number, fault == Fault::HolderBlackholed ? QStringList{m_relays[size_t(blackholed)]->url} : rotated(m_started), true);
        QVERIFY(a);
        QVERIFY2(waitStarted(*a), a->ctl->stderrSoFar().constData());
        const int waiters = fault == Fault::WaiterKilled || fault == Fault::None ? 3 : 2;
        for (int i = 0; i < waiters; ++i) {
            const bool special = i == 0 && (fault == Fault::MemberStopped || fault == Fault::WaiterReset);
            QVERIFY(enqueue(number, fault == Fault::HolderBlackholed ? others : special ? throughStopped : rotated(m_started), false));
        }
        Claimant &holder = m_claimants[size_t(firstIndex)];
        Claimant &next = m_claimants[size_t(firstIndex + 1)];
        switch (fault) {
        case Fault::None:
            break;
        case Fault::WaiterKilled: {
            Claimant &victim = m_claimants[size_t(firstIndex + 2)];
            victim.ctl->signal(SIGKILL);
            QCOMPARE(victim.ctl->waitForExit(), 128 + 9);
            victim.expectedExit = 128 + 9;
            victim.mustRun = false;
            break;
        }
        case Fault::HolderStopped:
            holder.ctl->signal(SIGSTOP);
            QVERIFY2(waitStarted(next), next.ctl->stderrSoFar().constData());
            holder.ctl->signal(SIGCONT);
            holder.expectedExit = 4;
            break;
        case Fault::HolderBlackholed:
            QVERIFY(m_relays[size_t(blackholed)]->command("blackhole"));
            QVERIFY2(waitStarted(next), next.ctl->stderrSoFar().constData());
            QVERIFY(m_relays[size_t(blackholed)]->command("restore"));
            holder.expectedExit = 4;
            break;
        case Fault::HolderKilled:
            holder.ctl->signal(SIGKILL);
            QCOMPARE(holder.ctl->waitForExit(), 128 + 9);
            QVERIFY2(waitCommandGone(holder), "the command outlived its killed devlatchctl");
            holder.expectedExit = 128 + 9;
            QVERIFY2(waitStarted(next), next.ctl->stderrSoFar().constData());
            break;
        case Fault::MemberStopped:
            m_etcd.signal(stopped, SIGSTOP);
            break;
        case Fault::WaiterReset:
            QVERIFY(m_relays[size_t(stopped)]->command("cut"));
            QTest::qWait(200);
            QVERIFY(m_relays[size_t(stopped)]->command("restore"));
            break;
        }
        QVERIFY(write(gate, {}));
        if (fault == Fault::MemberStopped) {
            const bool granted = waitStarted(next);
            m_etcd.signal(stopped, SIGCONT);
            QVERIFY2(granted, next.ctl->stderrSoFar().constData());
        }
        for (size_t i = size_t(firstIndex); i < m_claimants.size(); ++i) {
            Claimant &c = m_claimants[i];
            const int code = c.ctl->waitForExit(60000);
            QVERIFY2(code == c.expectedExit,
                     qPrintable(QStringLiteral("%1 (episode %2, %3) exited %4, not %5:\n%6")
                                    .arg(c.id)
                                    .arg(number)
                                    .arg(QLatin1String(faultName(fault)))
                                    .arg(code)
                                    .arg(c.expectedExit)
                                    .arg(QString::fromUtf8(c.ctl->stderrSoFar()))));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (EtcdCluster::program().isEmpty() || QStandardPaths::findExecutable(QStringLiteral("etcdctl")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("etcd, etcdctl or openssl is not installed (make test installs etcd-server etcd-client openssl)");
        m_faketime = libFaketime();
        if (m_faketime.isEmpty())
            qInfo("libfaketime is not installed (make test installs faketime): no claimant's clock is skewed");
        const Finished certificates = run(TestPaths::sourceDir(QStringLiteral("/tests/helpers/make-test-certificates.sh")), {m_dir.path()});
        QVERIFY2(certificates.exitCode == 0, certificates.err);
        for (const char *user : {"root", "admin", "alice", "bob"})
            QVERIFY(write(path(QStringLiteral("%1.pw").arg(QLatin1String(user))), QByteArray(user) + "-secret\n"));
        QString error;
        QVERIFY2(m_etcd.start(3, error, {path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")), path(QStringLiteral("server.key"))},
                              {QStringLiteral("--auth-token-ttl"), QStringLiteral("2")}),
                 qPrintable(error));
        qInfo("3-member etcd with TLS healthy after %lld ms", m_etcd.startMs());
        qputenv("ETCDCTL_ENDPOINTS", m_etcd.endpoints().toUtf8());
        qputenv("ETCDCTL_CACERT", path(QStringLiteral("ca.pem")).toUtf8());
        const Finished rbac = grantLabRoles(m_dir.path());
        QVERIFY2(rbac.exitCode == 0, rbac.err);
        qunsetenv("DEVLATCH_LAB_TTL");
        makeHome(QStringLiteral("alice"));
        makeHome(QStringLiteral("bob"));
        for (int i = 0; i < m_etcd.size(); ++i) {
            auto relay = std::make_unique<Relay>();
            QVERIFY(relay->process.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.clientUrl(i)).port())}));
            const QByteArray ready = relay->process.waitForLine("ready");
            QVERIFY(!ready.isEmpty());
            relay->url = QStringLiteral("https://127.0.0.1:") + QString::fromLatin1(ready.mid(6));
            m_relays.push_back(std::move(relay));
        }
    }

    void oneHolderAtATimeInQueueOrderThroughEveryFault()
    {
        QList<Fault> faults{Fault::None,         Fault::WaiterKilled,  Fault::HolderStopped, Fault::HolderBlackholed,
                            Fault::HolderKilled, Fault::MemberStopped, Fault::WaiterReset};
        if (qEnvironmentVariableIsSet("DEVLATCH_FAULT_ONLY")) // e.g. 5: that episode alone, to chase one fault
            faults = {faults.value(qEnvironmentVariableIntValue("DEVLATCH_FAULT_ONLY"), Fault::None)};
        const int rounds = qMax(1, qEnvironmentVariableIntValue("DEVLATCH_FAULT_ROUNDS"));
        std::map<Fault, int> episodesOf;
        for (int round = 0, number = 0; round < rounds; ++round) {
            for (Fault fault : faults) {
                episode(number++, fault);
                if (QTest::currentTestFailed())
                    return;
                ++episodesOf[fault];
            }
        }

        // Count. Every command that ran has an interval; a SIGKILLed one ends when it was seen gone.
        QMap<QString, Interval> logged = intervals();
        std::vector<std::pair<QString, Interval>> ran;
        int guardEnded = 0, killedWithDevlatchctl = 0;
        for (const Claimant &c : m_claimants) {
            Interval interval = logged.value(c.id);
            if (!interval.start) {
                QVERIFY2(!c.mustRun, qPrintable(c.id + QStringLiteral(" never ran")));
                continue;
            }
            QVERIFY2(c.mustRun, qPrintable(c.id + QStringLiteral(" ran, but it was killed while it waited")));
            if (!interval.end) {
                QVERIFY2(c.seenGoneNs, qPrintable(c.id + QStringLiteral(" logged no end")));
                interval.end = c.seenGoneNs;
                interval.how = "killed";
                ++killedWithDevlatchctl;
            }
            guardEnded += interval.how == "term";
            ran.emplace_back(c.id, interval);
        }
        QHash<QString, int> episodeOf;
        for (const Claimant &c : m_claimants)
            episodeOf.insert(c.id, c.episode);
        std::sort(ran.begin(), ran.end(), [](const auto &l, const auto &r) { return l.second.start < r.second.start; });
        int overlaps = 0;
        QList<qint64> gaps;
        for (size_t i = 1; i < ran.size(); ++i) {
            const Interval &before = ran[i - 1].second, &after = ran[i].second;
            if (after.start < before.end) {
                ++overlaps;
                qWarning("OVERLAP: %s ran until %.3f ms after %s began", qPrintable(ran[i - 1].first),
                         double(before.end - after.start) / 1e6, qPrintable(ran[i].first));
            } else if (episodeOf.value(ran[i - 1].first) == episodeOf.value(ran[i].first)) {
                gaps << (after.start - before.end) / 1000000; // a hand-over, not the pause between episodes
            }
        }
        // FIFO: within an episode, the commands began in the order their claimants queued.
        int orderViolations = 0;
        QStringList expected, actual;
        for (const Claimant &c : m_claimants)
            if (logged.value(c.id).start)
                expected << c.id;
        for (const auto &[id, interval] : ran)
            actual << id;
        for (int i = 0; i < expected.size(); ++i)
            if (i >= actual.size() || actual[i] != expected[i])
                ++orderViolations;
        if (orderViolations)
            qWarning("queue order: %s\ngrant order: %s", qPrintable(expected.join(u' ')), qPrintable(actual.join(u' ')));
        // The hand-over each fault delays: from the end of an episode's first command (or the
        // moment it was seen gone) to the start of the second.
        std::map<Fault, qint64> worstHandOver;
        const QList<Fault> kinds = faults;
        for (size_t i = 0; i + 1 < m_claimants.size(); ++i) {
            const Claimant &first = m_claimants[i], &second = m_claimants[i + 1];
            if (second.episode != first.episode || (i > 0 && m_claimants[i - 1].episode == first.episode))
                continue;
            Interval a = logged.value(first.id);
            const qint64 end = a.end ? a.end : first.seenGoneNs;
            const qint64 gap = (logged.value(second.id).start - end) / 1000000;
            const Fault kind = kinds.value(first.episode % int(kinds.size()));
            worstHandOver[kind] = qMax(worstHandOver[kind], gap);
        }
        for (const auto &[fault, gap] : worstHandOver)
            qInfo("hand-over after %s: %lld ms at most (TTL 2000 ms)", faultName(fault), gap);
        std::sort(gaps.begin(), gaps.end());
        QStringList faultsRun;
        for (const auto &[fault, count] : episodesOf)
            faultsRun << QStringLiteral("%1 ×%2").arg(QLatin1String(faultName(fault))).arg(count);
        qInfo("counted run: %d claimants, %d grants in %d episodes (%s); clocks of every second claimant %s",
              int(m_claimants.size()), int(ran.size()), rounds * int(faults.size()), qPrintable(faultsRun.join(QStringLiteral(", "))),
              m_faketime.isEmpty() ? "not skewed" : "+1 h");
        qInfo("counted run: %d overlaps, %d grants out of queue order, %d commands ended by SIGTERM before their claim could lapse, "
              "%d killed with their devlatchctl; hand-over gap min %lld ms, median %lld ms, max %lld ms",
              overlaps, orderViolations, guardEnded, killedWithDevlatchctl, gaps.isEmpty() ? 0 : gaps.first(),
              gaps.isEmpty() ? 0 : gaps[gaps.size() / 2], gaps.isEmpty() ? 0 : gaps.last());
        QCOMPARE(overlaps, 0);
        QCOMPARE(orderViolations, 0);
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlLabFaults)
#include "tst_devlatchctl_lab_faults.moc"
