#include "ForeignUse.h"

#include "lock/LockProbe.h"
#include "model/DeviceCatalog.h"
#include "lock/ProcessInfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace devlatch {

QString ForeignUse::describe() const
{
    const QString who = program.isEmpty() ? QStringLiteral("pid %1").arg(pid) : QStringLiteral("%1 (pid %2)").arg(program).arg(pid);
    switch (how) {
    case How::Open: return QStringLiteral("%1 has %2 open").arg(who, node);
    case How::Lock: return QStringLiteral("%1 locks %2").arg(who, node);
    case How::UucpLock: return QStringLiteral("%1 holds the UUCP lock of %2").arg(who, node);
    }
    return who;
}

namespace {

QString procRoot()
{
    const QString overridden = qEnvironmentVariable("DEVLATCH_PROC_DIR");
    return overridden.isEmpty() ? QStringLiteral("/proc") : overridden;
}

bool isAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

// LCK..<node> holds the pid as ten ASCII digits (or, from old programs, a binary int).
qint64 uucpPid(const QString &file)
{
    QFile lock(file);
    if (!lock.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray content = lock.read(64);
    bool ok = false;
    const qint64 pid = content.trimmed().toLongLong(&ok);
    if (ok)
        return pid;
    if (content.size() == 4)
        return *reinterpret_cast<const qint32 *>(content.constData());
    return -1;
}

} // namespace

QList<ForeignUse> findForeignUse(const QStringList &nodes)
{
    QList<ForeignUse> uses;
    if (nodes.isEmpty())
        return uses;
    const qint64 self = QCoreApplication::applicationPid();
    QStringList wanted;
    for (const QString &node : nodes) {
        wanted << node;
        const QString canonical = DeviceCatalog::followLinks(node);
        if (!canonical.isEmpty() && canonical != node)
            wanted << canonical;
    }

    // Open descriptors: readlink only, never open() the node or the fd.
    const QDir proc(procRoot());
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric || pid == self)
            continue;
        const QDir fds(proc.filePath(entry) + QStringLiteral("/fd"));
        for (const QString &fd : fds.entryList(QDir::System | QDir::Files | QDir::NoDotAndDotDot)) {
            const QString target = QFile::symLinkTarget(fds.filePath(fd));
            if (wanted.contains(target)) {
                uses.push_back({ForeignUse::How::Open, pid, QString::fromStdString(lock::programNameOfPid(pid)), target});
                break;
            }
        }
    }

    for (const QString &node : nodes) {
        for (const lock::OsHolder &holder : lock::osLocksOnFile(node.toStdString()))
            if (!holder.waiting && holder.pid != self)
                uses.push_back({ForeignUse::How::Lock, holder.pid, QString::fromStdString(holder.program), node});
        const QString uucpDir = qEnvironmentVariableIsSet("DEVLATCH_UUCP_LOCK_DIR") ? qEnvironmentVariable("DEVLATCH_UUCP_LOCK_DIR")
                                                                                  : QStringLiteral("/run/lock");
        const QString lockFile = uucpDir + QStringLiteral("/LCK..") + QFileInfo(node).fileName();
        const qint64 pid = uucpPid(lockFile);
        if (isAlive(pid) && pid != self)
            uses.push_back({ForeignUse::How::UucpLock, pid, QString::fromStdString(lock::programNameOfPid(pid)), node});
    }
    // One entry per process: a lock says more than an open descriptor.
    QList<ForeignUse> strongest;
    for (const ForeignUse &use : std::as_const(uses)) {
        auto same = std::find_if(strongest.begin(), strongest.end(), [&use](const ForeignUse &u) { return u.pid == use.pid; });
        if (same == strongest.end())
            strongest << use;
        else if (int(use.how) > int(same->how))
            *same = use;
    }
    return strongest;
}

} // namespace devlatch
