// SPDX-License-Identifier: MIT
// Linux: inotify on the lock directory. When the directory goes away (deleted, renamed),
// its parent is watched for a directory of that name to appear again, so following resumes
// without polling.

#include "LockWatch.h"

#include "lock/LockProbe.h"

#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/inotify.h>
#include <unistd.h>

namespace devlatch {

namespace {

const QString kSuffix = QStringLiteral(".lock");

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

class InotifyLockWatch final : public LockWatch {
public:
    InotifyLockWatch(const QString &directory, Report report, QObject *context)
        : m_directory(QDir::cleanPath(directory)), m_rawDirectory(directory.toStdString()), m_report(std::move(report))
    {
        lock::watchOwnReads();
        m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m_fd < 0) {
            m_error = QStringLiteral("inotify: %1").arg(systemError(errno));
            return;
        }
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, context);
        QObject::connect(m_notifier, &QSocketNotifier::activated, context, [this] { readEvents(); });
        if (!watchDirectory())
            watchParent();
    }
    ~InotifyLockWatch() override
    {
        delete m_notifier;
        if (m_fd >= 0)
            close(m_fd);
    }

    bool isWatching() const override { return m_directoryWatch >= 0; }
    QString error() const override { return m_error; }

private:
    bool watchDirectory()
    {
        const uint32_t mask = IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_MODIFY | IN_CREATE | IN_DELETE
                              | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF
                              | IN_ONLYDIR | IN_DONT_FOLLOW;
        m_directoryWatch = inotify_add_watch(m_fd, QFile::encodeName(m_directory).constData(), mask);
        if (m_directoryWatch < 0) {
            m_error = QStringLiteral("cannot watch %1: %2").arg(m_directory, systemError(errno));
            return false;
        }
        m_error.clear();
        return true;
    }

    // The directory is missing: wait for it to be created (or moved) into its parent.
    void watchParent()
    {
        const QString parent = QFileInfo(m_directory).path();
        m_parentWatch = inotify_add_watch(m_fd, QFile::encodeName(parent).constData(),
                                          IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
        if (m_parentWatch < 0)
            m_error = QStringLiteral("cannot watch %1 (%2) nor its parent %3: %4")
                          .arg(m_directory, m_error, parent, systemError(errno));
        else
            m_error = QStringLiteral("%1 does not exist; waiting for it to be created").arg(m_directory);
    }

    void directoryGone()
    {
        if (m_directoryWatch >= 0)
            inotify_rm_watch(m_fd, m_directoryWatch); // harmless when already gone
        m_directoryWatch = -1;
        m_error = QStringLiteral("%1 was removed").arg(m_directory);
        watchParent();
    }

    void directoryAppeared()
    {
        if (!watchDirectory())
            return;
        inotify_rm_watch(m_fd, m_parentWatch);
        m_parentWatch = -1;
    }

    void readEvents()
    {
        alignas(inotify_event) char buffer[16384];
        Events events;
        for (;;) {
            const ssize_t got = read(m_fd, buffer, sizeof buffer);
            if (got <= 0)
                break;
            for (ssize_t offset = 0; offset < got;) {
                const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
                offset += ssize_t(sizeof(inotify_event) + event->len);
                events.everything |= handle(*event, events);
            }
        }
        m_report(events);
    }

    // Returns true when everything may have changed.
    bool handle(const inotify_event &event, Events &events)
    {
        if (event.mask & IN_Q_OVERFLOW)
            return true;
        if (event.wd == m_parentWatch && m_parentWatch >= 0) {
            if (event.len > 0 && QFile::decodeName(event.name) == QFileInfo(m_directory).fileName()) {
                directoryAppeared();
                return isWatching();
            }
            return false;
        }
        if (event.wd != m_directoryWatch)
            return false; // a watch already given up
        if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
            directoryGone();
            return true; // every lock file went with it
        }
        if (event.len == 0)
            return false;
        const QString name = QFile::decodeName(event.name);
        if (!name.endsWith(kSuffix))
            return false;
        // Our own readers open and close lock files too: those are not news.
        if ((event.mask & (IN_OPEN | IN_CLOSE_NOWRITE))
            && lock::takeOwnReadEvent(m_rawDirectory + "/" + std::string(event.name)))
            return false;
        const QString lockName = name.chopped(kSuffix.size());
        events.names.insert(lockName);
        // Opens and closes pair up (one close when the last descriptor of an open goes,
        // also when its process dies), so their difference is how many are open.
        if (event.mask & IN_OPEN)
            ++events.openDelta[lockName];
        if (event.mask & (IN_CLOSE_WRITE | IN_CLOSE_NOWRITE))
            --events.openDelta[lockName];
        return false;
    }

    QString m_directory;
    std::string m_rawDirectory; // as the readers spell it
    Report m_report;
    int m_fd = -1;
    int m_directoryWatch = -1;
    int m_parentWatch = -1;
    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
};

} // namespace

std::unique_ptr<LockWatch> LockWatch::create(const QString &directory, Report report, QObject *context)
{
    return std::make_unique<InotifyLockWatch>(directory, std::move(report), context);
}

} // namespace devlatch
