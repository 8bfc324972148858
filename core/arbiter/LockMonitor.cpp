#include "LockMonitor.h"

#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <sys/inotify.h>
#include <unistd.h>
#else
#include <QFileSystemWatcher>
#endif

namespace devlatch {

namespace {
constexpr int kFollowUpMs = 40;
const QString kSuffix = QStringLiteral(".lock");
} // namespace

LockMonitor::LockMonitor(const QString &directory, QObject *parent) : QObject(parent), m_directory(directory)
{
    m_followUp = new QTimer(this);
    m_followUp->setSingleShot(true);
    m_followUp->setInterval(kFollowUpMs);
    connect(m_followUp, &QTimer::timeout, this, [this] {
        const QSet<QString> again = m_recent;
        m_recent.clear();
        Q_EMIT activity(again);
    });

#ifdef Q_OS_LINUX
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) {
        m_error = QStringLiteral("inotify: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    const uint32_t mask = IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_MODIFY | IN_CREATE | IN_DELETE
                          | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    if (inotify_add_watch(m_fd, directory.toLocal8Bit().constData(), mask) < 0) {
        m_error = QStringLiteral("cannot watch %1: %2").arg(directory, QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &LockMonitor::readEvents);
    m_watching = true;
#else
    auto *watcher = new QFileSystemWatcher({directory}, this);
    connect(watcher, &QFileSystemWatcher::directoryChanged, this, [this] { Q_EMIT activity({}); });
    m_watching = !watcher->directories().isEmpty();
#endif
}

LockMonitor::~LockMonitor()
{
#ifdef Q_OS_LINUX
    if (m_fd >= 0)
        close(m_fd);
#endif
}

void LockMonitor::readEvents()
{
#ifdef Q_OS_LINUX
    alignas(inotify_event) char buffer[16384];
    bool everything = false;
    for (;;) {
        const ssize_t got = read(m_fd, buffer, sizeof buffer);
        if (got <= 0)
            break;
        for (ssize_t offset = 0; offset < got;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            offset += ssize_t(sizeof(inotify_event) + event->len);
            if (event->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) {
                everything = true;
                continue;
            }
            if (event->len == 0)
                continue;
            const QString name = QString::fromLocal8Bit(event->name);
            if (name.endsWith(kSuffix))
                m_pending.insert(name.chopped(kSuffix.size()));
        }
    }
    if (everything)
        m_pending.clear();
    if (everything || !m_pending.isEmpty())
        report();
#endif
}

void LockMonitor::report()
{
    const QSet<QString> names = m_pending;
    m_pending.clear();
    m_recent.unite(names);
    m_followUp->start();
    Q_EMIT activity(names);
}

} // namespace devlatch
