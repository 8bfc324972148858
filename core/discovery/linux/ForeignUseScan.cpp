// SPDX-License-Identifier: MIT
#include "discovery/ForeignUseScan.h"

#include "lock/LockProbe.h"
#include "lock/Numbers.h"
#include "lock/ProcessInfo.h"
#include "model/NodePath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
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
    // stat(), not realpath(): umockdev's realpath shim is unsafe (see NodePath::followLinks).
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
    if (const auto pid = lock::parseNumber<qint64>(content.trimmed().toStdString()))
        return *pid;
    if (content.size() == 4)
        return *reinterpret_cast<const qint32 *>(content.constData());
    return -1;
}

// Every process's open descriptors that name a file, by target: one walk of /proc/*/fd
// (raw readdir and readlinkat: no stat of the targets), shared by the lookups of all
// devices of one reading (one `devlatchctl list`, one tray refresh); 0: a walk of its own.
struct OpenFiles {
    QMultiHash<QString, qint64> byTarget;
    bool complete = true; // false: some process's descriptors could not be read (another user's)
};

OpenFiles openFiles(std::uint64_t readingSerial)
{
    static std::mutex mutex;
    static OpenFiles cached;
    static std::uint64_t cachedSerial = 0;
    const QString root = procRoot();
    std::lock_guard lock(mutex);
    if (readingSerial != 0 && readingSerial == cachedSerial)
        return cached;
    OpenFiles result;
    const QByteArray rootBytes = QFile::encodeName(root);
    if (DIR *proc = opendir(rootBytes.constData())) {
        while (const dirent *entry = readdir(proc)) {
            const long long pid = lock::parseNumber<long long>(entry->d_name).value_or(0);
            if (pid <= 0)
                continue;
            const QByteArray fdPath = rootBytes + '/' + entry->d_name + "/fd";
            const int dirFd = ::open(fdPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dirFd < 0) {
                result.complete &= errno != EACCES && errno != EPERM; // ENOENT: it just ended
                continue;
            }
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
                    result.byTarget.insert(QFile::decodeName(QByteArray(target, int(length))), pid);
            }
            closedir(fds);
        }
        closedir(proc);
    } else {
        result.complete = false;
    }
    cached = result;
    cachedSerial = readingSerial;
    return result;
}

// `path` with every link in it followed, component by component (readlink, not realpath:
// see NodePath::followLinks); empty when it cannot be resolved.
QString resolvedPath(const QString &path)
{
    QStringList rest = QDir::cleanPath(path).split(u'/', Qt::SkipEmptyParts);
    QString current;
    for (int hops = 0; !rest.isEmpty();) {
        const QString candidate = current + u'/' + rest.takeFirst();
        char target[4096];
        const ssize_t length = ::readlink(QFile::encodeName(candidate).constData(), target, sizeof target);
        if (length < 0) {
            if (errno != EINVAL)
                return {};
            current = candidate;
            continue;
        }
        if (++hops > 40)
            return {};
        const QString next = QFile::decodeName(QByteArray(target, int(length)));
        rest = next.split(u'/', Qt::SkipEmptyParts) + rest;
        if (next.startsWith(u'/'))
            current.clear();
    }
    return QDir::cleanPath(current.isEmpty() ? QStringLiteral("/") : current);
}

} // namespace

OpenFilesIn filesOpenByOthersIn(const QString &directory)
{
    OpenFilesIn result;
    const QString resolved = resolvedPath(directory);
    if (resolved.isEmpty()) {
        result.complete = false;
        return result;
    }
    const QString prefix = resolved + u'/';
    const qint64 self = QCoreApplication::applicationPid();
    const OpenFiles open = openFiles(0);
    result.complete = open.complete;
    for (auto it = open.byTarget.cbegin(); it != open.byTarget.cend(); ++it)
        if (it.value() != self && it.key().startsWith(prefix) && it.key().indexOf(u'/', prefix.size()) < 0)
            result.names.insert(it.key().mid(prefix.size()));
    return result;
}

QList<ForeignUse> findForeignUse(const QStringList &nodes)
{
    lock::LockReading reading;
    return findForeignUse(nodes, reading);
}

QList<ForeignUse> findForeignUse(const QStringList &nodes, lock::LockReading &reading)
{
    QList<ForeignUse> uses;
    if (nodes.isEmpty())
        return uses;
    const qint64 self = QCoreApplication::applicationPid();
    QList<QPair<QString, QString>> wanted; // a path a descriptor may point at, and the node it stands for
    for (const QString &node : nodes) {
        wanted.append({node, node});
        const QString canonical = NodePath::followLinks(node);
        if (!canonical.isEmpty() && canonical != node)
            wanted.append({canonical, node});
    }

    // Open descriptors: readlink only, never open() the node or the fd.
    const QMultiHash<QString, qint64> open = openFiles(reading.serial()).byTarget;
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
        for (const lock::OsHolder &holder : reading.locksOnFile(node.toStdString()))
            if (!holder.waiting && holder.pid != self)
                uses.push_back({ForeignUse::How::Lock, holder.pid, QString::fromStdString(holder.program), node});
        // LCK..ttyUSB0 names the node; a by-id link given as node names it through its target.
        QStringList names{QFileInfo(node).fileName()};
        const QString canonical = NodePath::followLinks(node);
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
