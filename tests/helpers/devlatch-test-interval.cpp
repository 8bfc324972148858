// SPDX-License-Identifier: MIT
// The command of a counted claim: it logs the interval in which it "uses the device", so a
// test can count overlaps between holders afterwards.
//   devlatch-test-interval LOG ID HOLD_MS [GATE]
// Appends "ID start NS PID" to LOG, prints "started ID", holds HOLD_MS (and, with GATE, until
// the file GATE exists), then appends "ID end NS done". On SIGTERM it appends "ID end NS term"
// and exits 143 at once. NS is CLOCK_MONOTONIC read by the system call itself: a faked clock
// (faketime preloaded to skew a claimant) does not reach it, so every process's times compare.
// Each line is one O_APPEND write, so lines of concurrent writers never interleave.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

volatile sig_atomic_t g_terminated = 0;

long long monotonicNs()
{
    timespec now {};
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

bool append(int fd, const std::string &line)
{
    return ::write(fd, line.data(), line.size()) == ssize_t(line.size());
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: %s LOG ID HOLD_MS [GATE]\n", argv[0]);
        return 2;
    }
    struct sigaction onTerm {};
    onTerm.sa_handler = [](int) { g_terminated = 1; };
    sigaction(SIGTERM, &onTerm, nullptr); // no SA_RESTART: the sleep ends at once
    const int log = ::open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (log < 0) {
        std::fprintf(stderr, "%s: %s\n", argv[1], std::strerror(errno));
        return 2;
    }
    const std::string id = argv[2];
    if (!append(log, id + " start " + std::to_string(monotonicNs()) + ' ' + std::to_string(getpid()) + '\n'))
        return 2;
    std::printf("started %s\n", id.c_str());
    std::fflush(stdout);
    const long long holdUntil = monotonicNs() + std::atoll(argv[3]) * 1000000LL;
    const char *gate = argc == 5 ? argv[4] : nullptr;
    while (!g_terminated && (monotonicNs() < holdUntil || (gate && ::access(gate, F_OK) != 0))) {
        const timespec step{0, 5 * 1000000L};
        nanosleep(&step, nullptr);
    }
    const bool terminated = g_terminated;
    append(log, id + " end " + std::to_string(monotonicNs()) + (terminated ? " term\n" : " done\n"));
    return terminated ? 143 : 0;
}
