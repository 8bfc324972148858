// SPDX-License-Identifier: MIT
// devlatch-bench: what a claim costs and how fast a lock changes hands, each figure next to
// a baseline measured in the same run on the same machine.
//
//   devlatch-bench [--rounds N] [--only SECTION]   print the table (or one section; --help lists them)
//   (internal) --waiter PATH / --holder PATH   child processes of the hand-off rows
//   (internal) --flocks DIR N                  holds N flocks (fills /proc/locks) until stdin closes

#include "lock/DeviceLock.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"
#include "arbiter/Arbiter.h"

#include "LabBench.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace devlatch;
using Clock = std::chrono::steady_clock; // CLOCK_MONOTONIC, as Python's time.monotonic_ns()

namespace {

long long nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

lock::LockLocation locationIn(const QString &directory, const char *id)
{
    return {directory.toStdString(), lock::lockNameForId(id).name, lock::Scope::Machine};
}

struct Stats {
    double p50 = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> samples)
{
    Stats s;
    if (samples.empty())
        return s;
    std::sort(samples.begin(), samples.end());
    s.p50 = samples[samples.size() / 2];
    s.p99 = samples[std::min(samples.size() - 1, size_t(double(samples.size()) * 0.99))];
    double sum = 0;
    for (double v : samples)
        sum += v;
    s.mean = sum / double(samples.size());
    return s;
}

template <typename Pair>
double nsPerPair(int iterations, Pair pair)
{
    for (int i = 0; i < iterations / 10; ++i)
        pair(); // warm up
    const long long start = nowNs();
    for (int i = 0; i < iterations; ++i)
        pair();
    return double(nowNs() - start) / iterations;
}

// ---- child processes -------------------------------------------------------------------

int runWaiter(const QString &directory)
{
    lock::DeviceLock deviceLock(locationIn(directory, "bench-handoff"));
    const lock::HolderRecord me = lock::currentProcessRecord("bench-handoff", "bench-waiter", "");
    char line[64];
    while (std::fgets(line, sizeof line, stdin)) {
        std::printf("waiting\n");
        std::fflush(stdout);
        const lock::AcquireResult result = deviceLock.acquire(me, lock::WaitPolicy::forever());
        const long long acquiredAt = nowNs();
        deviceLock.release();
        std::printf("%lld %s\n", acquiredAt, result.abandoned ? "abandoned" : "clean");
        std::fflush(stdout);
    }
    return 0;
}

int runHolder(const QString &directory)
{
    lock::DeviceLock deviceLock(locationIn(directory, "bench-handoff"));
    if (!deviceLock.acquire(lock::currentProcessRecord("bench-handoff", "bench-holder", ""), lock::WaitPolicy::forever())
             .acquired())
        return 1;
    std::printf("held\n");
    std::fflush(stdout);
    pause();
    return 0;
}

// ---- hand-off rows ---------------------------------------------------------------------

const char *kFastenersWaiter = R"(
import fasteners, sys, time
for line in sys.stdin:
    lock = fasteners.InterProcessLock(sys.argv[1])
    print('waiting', flush=True)
    lock.acquire()
    t = time.monotonic_ns()
    lock.release()
    print(t, 'clean', flush=True)
)";

const char *kFilelockWaiter = R"(
import filelock, sys, time
lock = filelock.FileLock(sys.argv[1])
for line in sys.stdin:
    print('waiting', flush=True)
    lock.acquire()
    t = time.monotonic_ns()
    lock.release()
    print(t, 'clean', flush=True)
)";

QByteArray readLine(QProcess &process)
{
    while (!process.canReadLine())
        if (!process.waitForReadyRead(30000))
            return {};
    return process.readLine().trimmed();
}

// Release in this process, acquisition in a waiting child: microseconds per hand-off.
std::vector<double> handOff(const QString &directory, QProcess &waiter, int rounds)
{
    lock::DeviceLock deviceLock(locationIn(directory, "bench-handoff"));
    const lock::HolderRecord me = lock::currentProcessRecord("bench-handoff", "bench", "");
    std::vector<double> samples;
    for (int i = 0; i < rounds; ++i) {
        if (!deviceLock.acquire(me, lock::WaitPolicy::forever()).acquired())
            break;
        waiter.write("go\n");
        if (readLine(waiter) != "waiting")
            break;
        // Let it block (or start polling); a varying pause samples every phase of a poller.
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + (i * 37) % 50));
        const long long releasedAt = nowNs();
        deviceLock.release();
        const QByteArray line = readLine(waiter);
        if (line.isEmpty())
            break;
        samples.push_back(double(line.split(' ').first().toLongLong() - releasedAt) / 1000.0);
    }
    return samples;
}

std::vector<double> handOffTo(const QString &directory, const QString &program, const QStringList &arguments, int rounds)
{
    QProcess waiter;
    waiter.start(program, arguments);
    if (!waiter.waitForStarted())
        return {};
    std::vector<double> samples = handOff(directory, waiter, rounds);
    waiter.closeWriteChannel();
    waiter.waitForFinished();
    return samples;
}

// SIGKILL of a holder process to acquisition in a waiting process.
std::vector<double> killHandOff(const QString &directory, const QString &self, int rounds, int &abandonedReports)
{
    QProcess waiter;
    waiter.start(self, {QStringLiteral("--waiter"), directory});
    waiter.waitForStarted();
    std::vector<double> samples;
    for (int i = 0; i < rounds; ++i) {
        QProcess holder;
        holder.start(self, {QStringLiteral("--holder"), directory});
        if (!holder.waitForStarted() || readLine(holder) != "held")
            break;
        waiter.write("go\n");
        if (readLine(waiter) != "waiting")
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const long long killedAt = nowNs();
        ::kill(pid_t(holder.processId()), SIGKILL);
        const QByteArray line = readLine(waiter);
        holder.waitForFinished();
        if (line.isEmpty())
            break;
        if (line.endsWith("abandoned"))
            ++abandonedReports;
        samples.push_back(double(line.split(' ').first().toLongLong() - killedAt) / 1000.0);
    }
    waiter.closeWriteChannel();
    waiter.waitForFinished();
    return samples;
}

// ---- whole processes -------------------------------------------------------------------

double msPerProcess(const std::vector<std::string> &command, int runs)
{
    std::vector<char *> argv;
    for (const std::string &part : command)
        argv.push_back(const_cast<char *>(part.c_str()));
    argv.push_back(nullptr);
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const long long start = nowNs();
        pid_t pid = -1;
        if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
            return -1;
        int status = 0;
        waitpid(pid, &status, 0);
        samples.push_back(double(nowNs() - start) / 1e6);
    }
    return stats(samples).p50;
}

// value and baseline in the same unit.
void row(const char *what, double value, const char *unit, double baseline, const char *baselineName)
{
    if (baseline > 0)
        std::printf("  %-46s %10.2f %-3s %6.2fx %s\n", what, value, unit, value / baseline, baselineName);
    else
        std::printf("  %-46s %10.2f %-3s\n", what, value, unit);
}

// Fills /proc/locks: N files in DIR, each flock()ed, until stdin closes.
int runFlocks(const QString &directory, int count)
{
    struct rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    QDir().mkpath(directory);
    int held = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = open(QFile::encodeName(directory + QStringLiteral("/f%1").arg(i)).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0)
            break;
        ++held;
    }
    std::printf("%d\n", held);
    std::fflush(stdout);
    char buffer[64];
    while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    return 0;
}

double msSince(long long startNs)
{
    return double(nowNs() - startNs) / 1e6;
}

// (4) Reading thousands of locks against a large /proc/locks: O(devices + kernel locks).
void manyLocks(const QString &self, const QString &scratch)
{
    const QString directory = scratch + QStringLiteral("/many");
    QDir().mkpath(directory);
    constexpr int kKernelLocks = 20000;
    std::vector<std::unique_ptr<QProcess>> fillers;
    int filled = 0;
    for (int part = 0; filled < kKernelLocks && part < 8; ++part) {
        auto filler = std::make_unique<QProcess>();
        filler->start(self, {QStringLiteral("--flocks"), scratch + QStringLiteral("/filler%1").arg(part),
                             QString::number(kKernelLocks - filled)});
        filler->waitForReadyRead(60000);
        filled += filler->readLine().trimmed().toInt();
        fillers.push_back(std::move(filler));
    }
    QFile procLocks(QStringLiteral("/proc/locks"));
    procLocks.open(QIODevice::ReadOnly);
    const int kernelLines = int(procLocks.readAll().count('\n'));
    std::vector<double> readProcLocks;
    for (int i = 0; i < 20; ++i) {
        const long long start = nowNs();
        QFile again(QStringLiteral("/proc/locks"));
        again.open(QIODevice::ReadOnly);
        again.readAll();
        readProcLocks.push_back(msSince(start));
    }
    const double oneRead = stats(readProcLocks).p50;
    std::printf("(4) many locks, /proc/locks of %d lines (goal: list and refresh of 10,000 lock files < 300 ms)\n", kernelLines);
    row("one read of /proc/locks (baseline)", oneRead, "ms", 0, "");
    qputenv("DEVLATCH_LOCK_DIR", directory.toLocal8Bit());
    Arbiter arbiter;
    for (const int count : {5000, 10000}) {
        QList<Device> devices;
        for (int i = 0; i < count; ++i) {
            Device device;
            device.id = QStringLiteral("many-%1").arg(i);
            devices << device;
        }
        for (int i = int(devices.size()) - 1; i >= 0 && i >= int(devices.size()) - 100; --i)
            arbiter.claim(devices.at(i)); // lock files exist; a hundred are held
        arbiter.releaseAll();
        for (int i = 0; i < 100; ++i)
            arbiter.claim(devices.at(i * (count / 100)));
        for (int i = 0; i < count; ++i) // every device has a lock file
            QFile(directory + u'/' + QString::fromStdString(lock::lockNameForId(devices.at(i).id.toStdString()).name) + QStringLiteral(".lock"))
                .open(QIODevice::Append);
        std::vector<double> refresh;
        for (int i = 0; i < 3; ++i) {
            const long long start = nowNs();
            arbiter.statuses(devices, true);
            refresh.push_back(msSince(start));
        }
        const double refreshMs = stats(refresh).p50;
        char what[96];
        std::snprintf(what, sizeof what, "refresh of %d devices (Arbiter::statuses)", count);
        row(what, refreshMs, "ms", oneRead, "one /proc/locks read");
        std::snprintf(what, sizeof what, "  per device, %d devices", count);
        row(what, refreshMs * 1000 / count, "us", 0, "");
        arbiter.releaseAll();
    }
    // devlatchctl list looks at every lock file to find the held ad-hoc ones.
    QList<Device> held;
    std::vector<double> list;
    for (int i = 0; i < 3; ++i) {
        const long long start = nowNs();
        QProcess ctl;
        ctl.start(TestPaths::ctl(), {QStringLiteral("list"), QStringLiteral("--json")});
        ctl.waitForFinished(120000);
        list.push_back(msSince(start));
    }
    row("devlatchctl list, 10,000 lock files", stats(list).p50, "ms", oneRead, "one /proc/locks read");
    for (auto &filler : fillers) {
        filler->closeWriteChannel();
        filler->waitForFinished(10000);
    }
}

// (5) Reads during churn: how many are consistent snapshots, and whether any is false.
void churnReads(const QString &scratch)
{
    std::printf("(5) reads during claim/release churn by two processes, 1,500 reads each\n");
    std::printf("  %-46s %10s %10s %10s\n", "", "consistent", "unknown", "false");
    const lock::LockLocation location{(scratch + QStringLiteral("/churn")).toStdString(), lock::lockNameForId("churn").name,
                                      lock::Scope::Machine};
    QDir().mkpath(scratch + QStringLiteral("/churn"));
    qputenv("DEVLATCH_LOCK_DIR", (scratch + QStringLiteral("/churn")).toLocal8Bit());
    for (const int holdUs : {0, 200, 2000}) {
        QProcess first, second;
        for (QProcess *helper : {&first, &second}) {
            helper->start(TestPaths::locker(),
                          {QStringLiteral("churn"), QStringLiteral("churn"), QStringLiteral("1000000"), QString::number(holdUs)});
            helper->waitForReadyRead(10000);
        }
        int consistent = 0, unknown = 0, falseReports = 0;
        constexpr int kReads = 1500;
        for (int i = 0; i < kReads; ++i) {
            const lock::LockState state = lock::probeLock(location);
            if (!state.known())
                ++unknown;
            else if (state.heldByForeignProgram() || state.unbelievedRecord || (state.held && state.abandoned))
                ++falseReports;
            else
                ++consistent;
        }
        first.kill();
        second.kill();
        first.waitForFinished();
        second.waitForFinished();
        char what[96];
        std::snprintf(what, sizeof what, "each claim held %d us", holdUs);
        std::printf("  %-46s %9.1f%% %9.1f%% %10d\n", what, 100.0 * consistent / kReads, 100.0 * unknown / kReads, falseReports);
    }
}

struct Context {
    QString self;      // this program, for the child processes of some rows
    QString directory; // the lock directory (tmpfs unless DEVLATCH_LOCK_DIR says otherwise)
    QString scratch;   // room for the sections' own files
    int rounds = 200;
};

// (1) A claim and release of a warm lock.
void warmPairs(const Context &context)
{
    const QString &directory = context.directory;
    const int iterations = 20000;
    const std::string rawPath = (directory + QStringLiteral("/raw.lock")).toStdString();
    const int fd = open(rawPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    struct flock ofd {};
    ofd.l_whence = SEEK_SET;
    const double rawOfd = nsPerPair(iterations, [&] {
        ofd.l_type = F_WRLCK;
        fcntl(fd, F_OFD_SETLK, &ofd);
        ofd.l_type = F_UNLCK;
        fcntl(fd, F_OFD_SETLK, &ofd);
    });
    const double rawFlock = nsPerPair(iterations, [&] {
        flock(fd, LOCK_EX | LOCK_NB);
        flock(fd, LOCK_UN);
    });
    // What the protocol itself costs in syscalls, hand-written: both locks, a record written
    // and read back, the record blanked, both unlocks.
    const std::string block(512, '\n');
    std::string readBack(512, '\0');
    const double protocolFloor = nsPerPair(iterations, [&] {
        ofd.l_type = F_WRLCK;
        fcntl(fd, F_OFD_SETLK, &ofd);
        flock(fd, LOCK_EX | LOCK_NB);
        struct stat info {};
        fstat(fd, &info);
        pread(fd, readBack.data(), readBack.size(), 0);
        pwrite(fd, block.data(), block.size(), 0);
        pwrite(fd, block.data(), block.size(), 0);
        flock(fd, LOCK_UN);
        ofd.l_type = F_UNLCK;
        fcntl(fd, F_OFD_SETLK, &ofd);
    });
    close(fd);
    QLockFile qlock(directory + QStringLiteral("/qlockfile.lock"));
    const double qlockfile = nsPerPair(iterations / 4, [&] {
        qlock.tryLock(0);
        qlock.unlock();
    });
    lock::DeviceLock deviceLock(locationIn(directory, "bench-pair"));
    const lock::HolderRecord me = lock::currentProcessRecord("bench-pair", "bench", "");
    const double devlatchPair = nsPerPair(iterations, [&] {
        deviceLock.acquire(me);
        deviceLock.release();
    });
    Arbiter arbiter;
    Device device;
    device.id = QStringLiteral("bench-arbiter");
    const double arbiterPair = nsPerPair(iterations, [&] {
        arbiter.claim(device);
        arbiter.release(device.id);
    });
    std::printf("(1) claim + release of a warm lock, %d pairs (goal: devlatch <= 3x raw OFD)\n", iterations);
    row("raw OFD lock+unlock (baseline)", rawOfd / 1000, "us", 0, "");
    row("raw flock lock+unlock", rawFlock / 1000, "us", rawOfd / 1000, "raw OFD");
    row("protocol floor: OFD+flock pairs, record in+out", protocolFloor / 1000, "us", rawOfd / 1000, "raw OFD");
    row("QLockFile tryLock+unlock", qlockfile / 1000, "us", rawOfd / 1000, "raw OFD");
    row("devlatch DeviceLock acquire+release", devlatchPair / 1000, "us", rawOfd / 1000, "raw OFD");
    row("devlatch Arbiter claim+release", arbiterPair / 1000, "us", rawOfd / 1000, "raw OFD");
    row("devlatch DeviceLock vs protocol floor", devlatchPair / 1000, "us", protocolFloor / 1000, "floor");

}

// (2) Hand-off from a release here to the acquisition in a waiting process.
void handOffs(const Context &context)
{
    const QString &directory = context.directory;
    const QString &self = context.self;
    const int rounds = context.rounds;
    const int pythonRounds = std::max(10, rounds / 4);
    const Stats ours = stats(handOffTo(directory, self, {QStringLiteral("--waiter"), directory}, rounds));
    const QString lockFile = QString::fromStdString(lock::lockObjectName(locationIn(directory, "bench-handoff")));
    const Stats fasteners = stats(handOffTo(directory, QStringLiteral("/usr/bin/python3"),
                                            {QStringLiteral("-c"), QString::fromLatin1(kFastenersWaiter), lockFile}, pythonRounds));
    const Stats filelock = stats(handOffTo(directory, QStringLiteral("/usr/bin/python3"),
                                           {QStringLiteral("-c"), QString::fromLatin1(kFilelockWaiter), lockFile}, pythonRounds));
    int abandoned = 0;
    const int killRounds = std::max(10, rounds / 5);
    const Stats killed = stats(killHandOff(directory, self, killRounds, abandoned));
    std::printf("(2) hand-off latency, release -> acquisition in a waiting process (goal: p50 <= 1 ms, >= 50x fasteners)\n");
    std::printf("  %-46s %10s %10s %8s\n", "", "p50 us", "p99 us", "p50 vs devlatch");
    std::printf("  %-46s %10.1f %10.1f\n", "devlatch waiter (kernel wait)", ours.p50, ours.p99);
    std::printf("  %-46s %10.1f %10.1f %7.0fx\n", "Python fasteners waiter (polls)", fasteners.p50, fasteners.p99,
                ours.p50 > 0 ? fasteners.p50 / ours.p50 : 0.0);
    std::printf("  %-46s %10.1f %10.1f %7.0fx\n", "Python filelock waiter (polls)", filelock.p50, filelock.p99,
                ours.p50 > 0 ? filelock.p50 / ours.p50 : 0.0);
    std::printf("  %-46s %10.1f %10.1f   (%d/%d reported abandoned)\n", "SIGKILL of holder -> devlatch waiter", killed.p50,
                killed.p99, abandoned, killRounds);

}

// (3) Whole processes, as a script pays for them.
void wholeProcesses(const Context &context)
{
    const int rounds = context.rounds;
    const std::string ctl = TestPaths::ctl().toStdString();
    const double flockProcess = msPerProcess({"flock", (context.directory + QStringLiteral("/raw.lock")).toStdString(), "true"}, rounds);
    const double ctlProcess = msPerProcess({ctl, "claim", "bench-process", "--", "true"}, rounds);
    const double trueProcess = msPerProcess({"true"}, rounds);
    std::printf("(3) whole process, p50 of %d runs (goal: devlatchctl <= 3x flock)\n", rounds);
    row("true (process start floor)", trueProcess, "ms", 0, "");
    row("flock FILE true (baseline)", flockProcess, "ms", 0, "");
    row("devlatchctl claim X -- true", ctlProcess, "ms", flockProcess, "flock FILE true");

}

struct Section {
    const char *title;
    void (*run)(const Context &);
};

const Section kSections[] = {
    {"claim + release of a warm lock: devlatch against raw OFD, flock and QLockFile", warmPairs},
    {"hand-off latency, release -> acquisition in a waiting process (devlatch, fasteners, filelock, SIGKILL)", handOffs},
    {"whole process: devlatchctl claim X -- true against flock FILE true", wholeProcesses},
    {"many locks: refresh of 5,000 and 10,000 devices and devlatchctl list against one /proc/locks read",
     [](const Context &c) { manyLocks(c.self, c.scratch); }},
    {"reads during claim/release churn by two processes: consistent, unknown, false",
     [](const Context &c) { churnReads(c.scratch); }},
    {"the lab scope against etcd on loopback: claim, release, hand-off, expiry (needs etcd)",
     [](const Context &c) { bench::labSection(std::min(c.rounds, 200)); }},
};
constexpr int kSectionCount = int(sizeof kSections / sizeof kSections[0]);

void printUsage(std::FILE *to)
{
    std::fprintf(to,
                 "Usage: devlatch-bench [--rounds N] [--only SECTION]\n"
                 "Prints what a claim costs and how fast a lock changes hands, each figure next to a\n"
                 "baseline measured in the same run on the same machine. Not a pass/fail test.\n\n"
                 "Options:\n"
                 "  --rounds N      rounds of the latency rows (default 200, at least 10)\n"
                 "  --only SECTION  run one section (1-%d) instead of all of them\n"
                 "  -h, --help      print this and exit\n\n"
                 "Sections:\n",
                 kSectionCount);
    for (int i = 0; i < kSectionCount; ++i)
        std::fprintf(to, "  %d  %s\n", i + 1, kSections[i].title);
    std::fprintf(to, "\nLocks go to a fresh directory on /dev/shm unless DEVLATCH_LOCK_DIR names one.\n");
}

// A whole number in [low, high], or nothing.
std::optional<int> numberIn(const char *text, int low, int high)
{
    char *end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < low || value > high)
        return std::nullopt;
    return int(value);
}

} // namespace

int main(int argc, char *argv[])
{
    Context context;
    context.self = QString::fromLocal8Bit(argv[0]);
    if (argc == 3 && std::string(argv[1]) == "--waiter")
        return runWaiter(QString::fromLocal8Bit(argv[2]));
    if (argc == 3 && std::string(argv[1]) == "--holder")
        return runHolder(QString::fromLocal8Bit(argv[2]));
    if (argc == 4 && std::string(argv[1]) == "--flocks")
        return runFlocks(QString::fromLocal8Bit(argv[2]), std::atoi(argv[3]));
    int only = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "-h" || option == "--help") {
            printUsage(stdout);
            return 0;
        }
        const bool takesValue = option == "--rounds" || option == "--only";
        std::optional<int> value;
        if (takesValue && i + 1 < argc)
            value = option == "--rounds" ? numberIn(argv[i + 1], 10, 1000000) : numberIn(argv[i + 1], 1, kSectionCount);
        if (!value) {
            if (!takesValue)
                std::fprintf(stderr, "devlatch-bench: unknown option \"%s\"\n\n", argv[i]);
            else
                std::fprintf(stderr, "devlatch-bench: %s needs %s\n\n", option.c_str(),
                             option == "--rounds" ? "a number from 10 up" : "a section number (below)");
            printUsage(stderr);
            return 2;
        }
        (option == "--rounds" ? context.rounds : only) = *value;
        ++i;
    }

    // tmpfs like /run/lock, unless told otherwise.
    QTemporaryDir scratch(QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm/devlatch-bench-XXXXXX")
                                                                    : QString());
    context.scratch = scratch.path();
    context.directory = qEnvironmentVariableIsSet("DEVLATCH_LOCK_DIR") ? qEnvironmentVariable("DEVLATCH_LOCK_DIR")
                                                                       : scratch.path() + QStringLiteral("/locks");
    qputenv("DEVLATCH_LOCK_DIR", context.directory.toLocal8Bit());
    QDir().mkpath(context.directory);
    std::printf("devlatch-bench: lock directory %s, %u cores\n", qPrintable(context.directory), std::thread::hardware_concurrency());
    for (int i = 0; i < kSectionCount; ++i) {
        if (only != 0 && only != i + 1)
            continue;
        std::printf("\n");
        kSections[i].run(context);
        std::fflush(stdout);
    }
    return 0;
}
