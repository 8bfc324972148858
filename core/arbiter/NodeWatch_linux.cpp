// SPDX-License-Identifier: MIT
// Linux: inotify on each node (following /dev/serial/by-id links to the node), open and close
// events only. A node that goes away (unplugged) drops its watch; the inventory's reload on
// hotplug sets the nodes again.

#include "NodeWatch.h"

#include <QFile>
#include <QHash>
#include <QMultiHash>
#include <QSocketNotifier>

#include <cerrno>
#include <sys/inotify.h>
#include <unistd.h>

namespace devlatch {

namespace {

class InotifyNodeWatch final : public NodeWatch {
public:
    InotifyNodeWatch(Report report, QObject *context) : m_report(std::move(report))
    {
        m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m_fd < 0)
            return;
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, context);
        QObject::connect(m_notifier, &QSocketNotifier::activated, context, [this] { readEvents(); });
    }
    ~InotifyNodeWatch() override
    {
        delete m_notifier;
        if (m_fd >= 0)
            close(m_fd);
    }

    void setNodes(const QStringList &nodes) override
    {
        const QSet<QString> wanted(nodes.begin(), nodes.end());
        for (auto it = m_nodesByWatch.begin(); it != m_nodesByWatch.end();) {
            if (wanted.contains(it.value())) {
                ++it;
                continue;
            }
            const int wd = it.key();
            it = m_nodesByWatch.erase(it);
            if (!m_nodesByWatch.contains(wd)) // the same inode may stand for several paths
                inotify_rm_watch(m_fd, wd);
        }
        m_unwatched.clear();
        const QList<QString> watched = m_nodesByWatch.values();
        for (const QString &node : wanted) {
            if (watched.contains(node))
                continue;
            const int wd = m_fd < 0 ? -1
                                    : inotify_add_watch(m_fd, QFile::encodeName(node).constData(),
                                                        IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE);
            if (wd >= 0)
                m_nodesByWatch.insert(wd, node);
            else if (errno != ENOENT && errno != ENOTDIR) // not there: nothing can use it
                m_unwatched.insert(node);
        }
    }

    QSet<QString> unwatched() const override { return m_unwatched; }

private:
    void readEvents()
    {
        alignas(inotify_event) char buffer[8192];
        QSet<QString> nodes;
        for (;;) {
            const ssize_t got = read(m_fd, buffer, sizeof buffer);
            if (got <= 0)
                break;
            for (ssize_t offset = 0; offset < got;) {
                const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
                offset += ssize_t(sizeof(inotify_event) + event->len);
                for (auto it = m_nodesByWatch.find(event->wd); it != m_nodesByWatch.end() && it.key() == event->wd; ++it)
                    nodes.insert(it.value());
                if (event->mask & IN_IGNORED) // the node was removed: its watch is gone
                    m_nodesByWatch.remove(event->wd);
            }
        }
        if (!nodes.isEmpty())
            m_report(nodes);
    }

    Report m_report;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QMultiHash<int, QString> m_nodesByWatch;
    QSet<QString> m_unwatched;
};

} // namespace

std::unique_ptr<NodeWatch> NodeWatch::create(Report report, QObject *context)
{
    return std::make_unique<InotifyNodeWatch>(std::move(report), context);
}

} // namespace devlatch
