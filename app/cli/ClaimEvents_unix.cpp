// SPDX-License-Identifier: MIT
#include "ClaimEvents.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace devlatch::cli {

// A self-pipe: the watcher thread writes two bytes per signal (number, from terminal).
struct ClaimEvents::Private {
    int pipe[2] = {-1, -1};
};

ClaimEvents::ClaimEvents() : d(std::make_unique<Private>())
{
    if (pipe2(d->pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        d->pipe[0] = d->pipe[1] = -1;
}

ClaimEvents::~ClaimEvents()
{
    for (int fd : d->pipe)
        if (fd >= 0)
            close(fd);
}

bool ClaimEvents::isOpen() const
{
    return d->pipe[0] >= 0;
}

void ClaimEvents::postSignal(int signal, bool fromTerminal)
{
    const unsigned char bytes[2] = {static_cast<unsigned char>(signal), static_cast<unsigned char>(fromTerminal)};
    [[maybe_unused]] const ssize_t ignored = write(d->pipe[1], bytes, sizeof bytes);
}

std::optional<ClaimEvents::Event> ClaimEvents::next(int watchDescriptor, int timeoutMs)
{
    for (;;) {
        unsigned char bytes[2];
        if (read(d->pipe[0], bytes, sizeof bytes) == sizeof bytes)
            return Event{Event::Kind::Signal, bytes[0], bytes[1] != 0};
        pollfd fds[2] = {{d->pipe[0], POLLIN, 0}, {watchDescriptor, POLLIN, 0}};
        const int ready = poll(fds, watchDescriptor >= 0 ? 2 : 1, timeoutMs);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return std::nullopt;
        if (fds[0].revents)
            continue; // read it above
        if (watchDescriptor >= 0 && fds[1].revents)
            return Event{Event::Kind::LockFileChanged, 0, false};
    }
}

} // namespace devlatch::cli
