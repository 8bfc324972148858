// SPDX-License-Identifier: MIT
#include "ProcessSetup.h"

#include "ProcessSetup_unix.h"
#include "SignalWatcher.h"

#include <csignal>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

namespace devlatch::cli {

namespace {
sigset_t g_ignoredAtStart;
sigset_t g_originalMask;
} // namespace

const sigset_t &originalSignalMask()
{
    return g_originalMask;
}

void prepareProcess()
{
    for (int fd = 0; fd <= 2; ++fd)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
            _exit(3); // cannot even provide a standard stream: nothing sensible to report to

    pthread_sigmask(SIG_SETMASK, nullptr, &g_originalMask);
    sigemptyset(&g_ignoredAtStart);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        struct sigaction current {};
        if (sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_IGN)
            sigaddset(&g_ignoredAtStart, signal);
    }
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, nullptr);
    SignalWatcher::block();
}

QByteArrayList rawArguments(int argc, char *argv[])
{
    QByteArrayList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QByteArray(argv[i]);
    return arguments;
}

bool wasIgnoredAtStart(int signal)
{
    return sigismember(&g_ignoredAtStart, signal) == 1;
}

} // namespace devlatch::cli
