#include "ForeignUse.h"

#include "lock/LockProbe.h"
#include "model/DeviceCatalog.h"
#include "lock/ProcessInfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMultiHash>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
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

// Where minicom, cu and lockdev put LCK..<node>: /run/lock, and /var/lock where that is not
// the same directory (on Debian it is a link to /run/lock).
QStringList uucpDirs()
{
    if (qEnvironmentVariableIsSet("DEVLATCH_UUCP_LOCK_DIR"))
        return {qEnvironmentVariable("DEVLATCH_UUCP_LOCK_DIR")};
    // stat(), not realpath(): umockdev's realpath shim is unsafe (see DeviceCatalog::followLinks).
    struct stat run {}, var {};
    QStringList dirs{QStringLiteral("/run/lock")};
    if (::stat("/var/lock", &var) == 0 && (::stat("/run/lock", &run) != 0 || run.st_dev != var.st_dev || run.st_ino != var.st_ino))
        dirs << QStringLiteral("/var/lock");
    return dirs;
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

// Every process's open descriptors that name a file, by target: one walk of /proc/*/fd
// (raw readdir and readlinkat: no stat of the targets), shared for 100 ms by the lookups
// of all devices of one `devlatchctl list` or one tray refresh.
QMultiHash<QString, qint64> openFiles()
{
    static std::mutex mutex;
    static QMultiHash<QString, qint64> cached;
    static QString cachedRoot;
    static QElapsedTimer age;
    const QString root = procRoot();
    std::lock_guard lock(mutex);
    if (age.isValid() && age.elapsed() < 100 && cachedRoot == root)
        return cached;
    QMultiHash<QString, qint64> result;
    const QByteArray rootBytes = QFile::encodeName(root);
    if (DIR *proc = opendir(rootBytes.constData())) {
        while (const dirent *entry = readdir(proc)) {
            char *end = nullptr;
            const long long pid = std::strtoll(entry->d_name, &end, 10);
            if (pid <= 0 || *end != '\0')
                continue;
            const QByteArray fdPath = rootBytes + '/' + entry->d_name + "/fd";
            const int dirFd = ::open(fdPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dirFd < 0)
                continue; // another user's process, or it just ended
            DIR *fds = fdopendir(dirFd);
            if (!fds) {
                ::close(dirFd);
                continue;
            }
            while (const dirent *fd = readdir(fds)) {
                char target[4096];
                if (fd->d_name[0] == '.')
                    continue;
                const ssize_t length = readlinkat(dirFd, fd->d_name, target, sizeof target);
                if (length > 0 && target[0] == '/') // not socket:[...], pipe:[...], anon_inode:...
                    result.insert(QFile::decodeName(QByteArray(target, int(length))), pid);
            }
            closedir(fds);
        }
        closedir(proc);
    }
    cached = result;
    cachedRoot = root;
    age.start();
    return result;
}

} // namespace

QList<ForeignUse> findForeignUse(const QStringList &nodes)
{
    QList<ForeignUse> uses;
    if (nodes.isEmpty())
        return uses;
    const qint64 self = QCoreApplication::applicationPid();
    QList<QPair<QString, QString>> wanted; // a path a descriptor may point at, and the node it stands for
    for (const QString &node : nodes) {
        wanted.append({node, node});
        const QString canonical = DeviceCatalog::followLinks(node);
        if (!canonical.isEmpty() && canonical != node)
            wanted.append({canonical, node});
    }

    // Open descriptors: readlink only, never open() the node or the fd.
    const QMultiHash<QString, qint64> open = openFiles();
    QSet<qint64> seen;
    for (const auto &[target, node] : std::as_const(wanted)) {
        for (auto it = open.find(target); it != open.end() && it.key() == target; ++it) {
            if (it.value() == self || seen.contains(it.value()))
                continue;
            seen.insert(it.value());
            uses.push_back({ForeignUse::How::Open, it.value(), QString::fromStdString(lock::programNameOfPid(it.value())), node});
        }
    }

    for (const QString &node : nodes) {
        for (const lock::OsHolder &holder : lock::osLocksOnFile(node.toStdString()))
            if (!holder.waiting && holder.pid != self)
                uses.push_back({ForeignUse::How::Lock, holder.pid, QString::fromStdString(holder.program), node});
        // LCK..ttyUSB0 names the node; a by-id link given as node names it through its target.
        QStringList names{QFileInfo(node).fileName()};
        const QString canonical = DeviceCatalog::followLinks(node);
        if (!canonical.isEmpty() && canonical.startsWith(u"/dev/") && !names.contains(QFileInfo(canonical).fileName()))
            names << QFileInfo(canonical).fileName();
        for (const QString &directory : uucpDirs())
            for (const QString &name : std::as_const(names)) {
                const qint64 pid = uucpPid(directory + QStringLiteral("/LCK..") + name);
                if (isAlive(pid) && pid != self)
                    uses.push_back({ForeignUse::How::UucpLock, pid, QString::fromStdString(lock::programNameOfPid(pid)), node});
            }
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
    // Who locks the device first (picocom, minicom), then who merely has it open (often
    // their children, which inherit the descriptor).
    std::stable_sort(strongest.begin(), strongest.end(), [](const ForeignUse &a, const ForeignUse &b) {
        return int(a.how) > int(b.how) || (a.how == b.how && a.pid < b.pid);
    });
    return strongest;
}

} // namespace devlatch
