// SPDX-License-Identifier: MIT
// The "other process" in cross-process tests: claims through devlatch-core exactly as the
// real clients do, and reports on stdout one line per event so the test can follow it.
//
//   devlatch-test-locker hold ID [NOTE]       claim without waiting; hold until stdin closes
//   devlatch-test-locker wait ID [TIMEOUT_MS] wait (forever or up to TIMEOUT_MS); then hold
//   devlatch-test-locker count ID FILE N      N times: claim (waiting), increment FILE, release
//   devlatch-test-locker churn ID N [HOLD_US] N times: claim (waiting), hold HOLD_US (default 0), release
//   devlatch-test-locker notes ID N [PAUSE_US] claim ("acquired"), then publish different notes,
//                                             at least N, until stdin closes; then release
//   devlatch-test-locker prepare-dir PATH machine|user   prepareLockDirectory(PATH, scope, create)
//
// Output: "waiting", "acquired pid=P", "abandoned pid=P program=X", "busy", "timedout",
// "released", "error MESSAGE", "counted N".

#include "arbiter/Arbiter.h"

#include "lock/LockDirectory.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <unistd.h>

using namespace devlatch;

static void say(const QString &line)
{
    std::printf("%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

// Whether stdin has reached its end, without waiting (what it sends is ignored).
static bool stdinClosed()
{
    pollfd in{STDIN_FILENO, POLLIN, 0};
    if (poll(&in, 1, 0) <= 0)
        return false;
    char buffer[64];
    return read(STDIN_FILENO, buffer, sizeof buffer) <= 0;
}

static void holdUntilStdinCloses(Arbiter &arbiter, const QString &id)
{
    char buffer[64];
    while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    arbiter.release(id);
    say(QStringLiteral("released"));
}

static int report(const ClaimResult &result)
{
    switch (result.status) {
    case lock::AcquireStatus::Acquired:
        if (result.abandoned)
            say(QStringLiteral("abandoned pid=%1 program=%2")
                    .arg(result.abandoned->pid)
                    .arg(QString::fromStdString(result.abandoned->program)));
        say(QStringLiteral("acquired pid=%1").arg(getpid()));
        return 0;
    case lock::AcquireStatus::Busy: say(QStringLiteral("busy")); return 1;
    case lock::AcquireStatus::TimedOut: say(QStringLiteral("timedout")); return 1;
    case lock::AcquireStatus::Cancelled: say(QStringLiteral("cancelled")); return 1;
    case lock::AcquireStatus::AlreadyHeld: say(QStringLiteral("alreadyheld")); return 1;
    case lock::AcquireStatus::Error: say(QStringLiteral("error ") + result.message); return 3;
    }
    return 3;
}

static bool increment(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const long long value = file.readAll().trimmed().toLongLong();
    file.seek(0);
    file.resize(0);
    file.write(QByteArray::number(value + 1));
    return true;
}

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s hold|wait|count ID ...\n", argv[0]);
        return 2;
    }
    const QString mode = QString::fromLocal8Bit(argv[1]);
    if (mode == u"prepare-dir" && argc == 4) {
        const auto result = lock::prepareLockDirectory(argv[2], std::strcmp(argv[3], "user") == 0 ? lock::Scope::User
                                                                                                      : lock::Scope::Machine, true);
        say(QStringLiteral("problem %1 owner %2 mode %3").arg(int(result.problem.kind)).arg(result.problem.owner)
                .arg(result.problem.mode, 4, 8, QLatin1Char('0')));
        return result.ok() ? 0 : 3;
    }
    Device device;
    device.id = QString::fromLocal8Bit(argv[2]);
    Arbiter arbiter;

    if (mode == u"hold") {
        ClaimOptions options;
        options.program = QStringLiteral("test-locker");
        if (argc > 3)
            options.note = QString::fromLocal8Bit(argv[3]);
        const int code = report(arbiter.claim(device, options));
        if (code == 0)
            holdUntilStdinCloses(arbiter, device.id);
        return code;
    }
    if (mode == u"wait") {
        ClaimOptions options;
        options.program = QStringLiteral("test-locker");
        options.wait = argc > 3 ? lock::WaitPolicy::upTo(std::chrono::milliseconds(std::atoll(argv[3])))
                                : lock::WaitPolicy::forever();
        say(QStringLiteral("waiting"));
        const int code = report(arbiter.claim(device, options));
        if (code == 0)
            holdUntilStdinCloses(arbiter, device.id);
        return code;
    }
    if (mode == u"count" && argc == 5) {
        const QString file = QString::fromLocal8Bit(argv[3]);
        const int rounds = std::atoi(argv[4]);
        ClaimOptions options;
        options.wait = lock::WaitPolicy::forever();
        for (int i = 0; i < rounds; ++i) {
            const ClaimResult result = arbiter.claim(device, options);
            if (!result.granted()) {
                say(QStringLiteral("error ") + result.message);
                return 3;
            }
            if (!increment(file)) {
                say(QStringLiteral("error cannot update ") + file);
                return 3;
            }
            arbiter.release(device.id);
        }
        say(QStringLiteral("counted %1").arg(rounds));
        return 0;
    }
    if (mode == u"notes" && (argc == 4 || argc == 5)) {
        const int rounds = std::atoi(argv[3]);
        const int pauseUs = argc == 5 ? std::atoi(argv[4]) : 0;
        ClaimOptions options;
        options.program = QStringLiteral("test-locker");
        const ClaimResult result = arbiter.claim(device, options);
        if (!result.granted()) {
            say(QStringLiteral("error ") + result.message);
            return 3;
        }
        say(QStringLiteral("acquired pid=%1").arg(getpid()));
        // Until the reader has seen enough (it closes stdin), however slow either of us runs.
        for (int i = 1; i <= rounds || !stdinClosed(); ++i) {
            // Notes of different lengths, so a torn read would mix two records.
            if (!arbiter.setNote(device.id, QString(i % 7 * 40 + 1, QLatin1Char('a' + i % 26))))
                return 3;
            if (pauseUs > 0)
                usleep(useconds_t(pauseUs));
        }
        arbiter.releaseAll();
        say(QStringLiteral("done"));
        return 0;
    }
    if (mode == u"churn" && (argc == 4 || argc == 5)) {
        const int rounds = std::atoi(argv[3]);
        const int holdUs = argc == 5 ? std::atoi(argv[4]) : 0;
        ClaimOptions options;
        options.wait = lock::WaitPolicy::forever();
        options.program = QStringLiteral("test-locker");
        say(QStringLiteral("started"));
        for (int i = 0; i < rounds; ++i) {
            const ClaimResult result = arbiter.claim(device, options);
            if (!result.granted()) {
                say(QStringLiteral("error ") + result.message);
                return 3;
            }
            if (holdUs > 0)
                usleep(useconds_t(holdUs));
            arbiter.release(device.id);
        }
        arbiter.releaseAll();
        say(QStringLiteral("done %1").arg(rounds));
        return 0;
    }
    std::fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
