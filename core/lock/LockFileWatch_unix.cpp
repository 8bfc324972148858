// SPDX-License-Identifier: MIT
#include "LockFileWatch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <string>

namespace devlatch::lock {

struct LockFileWatch::Private {
    int fd = -1;
    std::string fileName;
};

LockFileWatch::LockFileWatch(const LockLocation &location) : d(std::make_unique<Private>())
{
    d->fileName = location.name + ".lock";
    d->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const uint32_t mask = IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_ATTRIB | IN_DELETE_SELF
                          | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;
    if (d->fd >= 0 && inotify_add_watch(d->fd, location.directory.c_str(), mask) < 0) {
        close(d->fd);
        d->fd = -1;
    }
}

LockFileWatch::~LockFileWatch()
{
    if (d->fd >= 0)
        close(d->fd);
}

int LockFileWatch::descriptor() const
{
    return d->fd;
}

bool LockFileWatch::takeEvents()
{
    bool concerned = false;
    alignas(inotify_event) char buffer[8192];
    for (;;) {
        const ssize_t got = d->fd >= 0 ? read(d->fd, buffer, sizeof buffer) : -1;
        if (got <= 0)
            return concerned;
        for (ssize_t offset = 0; offset < got;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            offset += ssize_t(sizeof(inotify_event) + event->len);
            concerned |= event->len == 0 || (event->mask & IN_Q_OVERFLOW) || d->fileName == event->name;
        }
    }
}

} // namespace devlatch::lock
