// SPDX-License-Identifier: MIT
#include "LockWording.h"

#include "lock/LockDirectory.h"

#include <QCoreApplication>

namespace devlatch::LockWording {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("devlatch::LockWording", text);
}

QString octal(unsigned mode)
{
    return QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0'));
}

QString owner(long long uid)
{
    return uid == 0 ? QStringLiteral("root") : QStringLiteral("uid %1").arg(uid);
}

// How to find out whether anyone holds it, for advice that involves removing something.
QString checkCommand(const lock::LockProblem &problem, const QString &device)
{
    return device.isEmpty() ? QStringLiteral("fuser -v %1").arg(QString::fromStdString(problem.path))
                            : QStringLiteral("devlatchctl who '%1'").arg(device);
}

QString directoryProblem(const lock::LockProblem &p, const QString &path, const QString &cause)
{
    using Kind = lock::LockProblem::Kind;
    const QString override = QString::fromLatin1(lock::kLockDirEnv);
    const QString create = QString::fromLatin1(lock::kCreateMachineDirectoryCommand);
    switch (p.kind) {
    case Kind::DirectoryMissing:
        return tr("lock directory %1 is missing and cannot be created (%2); create it, or set %3 to a directory of yours")
            .arg(path, cause, override);
    case Kind::DirectoryNeedsRoot:
        return tr("the machine lock directory %1 does not exist, and only root may create it (whoever owns it could "
                  "delete every lock file in it); create it with: %2")
            .arg(path, create);
    case Kind::DirectoryNotADirectory:
        return tr("lock directory %1 exists but is not a directory; ask an administrator to remove it, or set %2")
            .arg(path, override);
    case Kind::DirectorySymlink:
        return tr("lock directory %1 is a symbolic link, which anyone could have planted; devlatch refuses it. Ask an "
                  "administrator to remove the link and run: %2 (or set %3)")
            .arg(path, create, override);
    case Kind::DirectoryOwner:
        return tr("lock directory %1 belongs to %2, who could delete every lock file in it and so let two processes "
                  "hold one device; it must belong to root (machine scope) or to you. When nobody holds a lock in it "
                  "(check: devlatchctl list), ask an administrator to remove it and run: %3")
            .arg(path, owner(p.owner), create);
    case Kind::DirectoryUnsafeMode:
        return tr("lock directory %1 has mode %2: others may write to it but the sticky bit is missing, so anyone could "
                  "delete lock files; its owner can fix it with: chmod +t %1")
            .arg(path, octal(p.mode));
    case Kind::AncestorUnsafe:
        return tr("%1, above the lock directory, belongs to %2 with mode %3: another user could replace it and "
                  "redirect the locks; use a lock directory below directories of root or of you")
            .arg(path, owner(p.owner), octal(p.mode));
    case Kind::DirectoryNotSet:
        return tr("the user scope needs %1, which is not set in this session; log in through a session manager, use "
                  "--scope machine, or set %2")
            .arg(path, override);
    default: return {};
    }
}

QString fileProblem(const lock::LockProblem &p, const QString &path, const QString &cause, const QString &device)
{
    using Kind = lock::LockProblem::Kind;
    const QString check = checkCommand(p, device);
    switch (p.kind) {
    case Kind::LockFileSymlink:
        return tr("lock file %1 is a symbolic link, which anyone could have planted; devlatch never follows it. When "
                  "nobody holds the device (check: %2), ask an administrator to remove the link")
            .arg(path, check);
    case Kind::LockFileNotRegular:
        return tr("%1 is not a regular file: something else was placed at the lock path. When nobody holds the device "
                  "(check: %2), ask an administrator to remove it")
            .arg(path, check);
    case Kind::LockFileHardLinked:
        return tr("lock file %1 has %2 hard links: it was linked to another name, into which devlatch would write. "
                  "Find that name with: find / -xdev -samefile %1, and remove that one")
            .arg(path)
            .arg(p.links);
    case Kind::LockFileNotWritable:
    case Kind::LockFileUnusable:
        return tr("lock file %1 belongs to %2 with mode %3, which shuts out other users of the device; its owner or an "
                  "administrator can fix it with: chmod 0666 %1")
            .arg(path, owner(p.owner), octal(p.mode));
    case Kind::LockFileReplaced:
        return tr("lock file %1 was deleted or replaced while being claimed, again and again; lock files must never be "
                  "removed")
            .arg(path);
    case Kind::NodeNotAccessible:
        return tr("you may not use %1 (%2); taking its lock would only keep out the people who may. Ask an "
                  "administrator to add you to the device's group")
            .arg(path, cause);
    case Kind::NotWritable:
        return tr("cannot create a lock file in %1 (%2); ask an administrator to give it mode 1777, or set %3")
            .arg(path, cause, QString::fromLatin1(lock::kLockDirEnv));
    case Kind::ReadOnlyFileSystem:
        return tr("%1 is on a read-only file system, where no lock can be taken; set %2 to a writable directory")
            .arg(path, QString::fromLatin1(lock::kLockDirEnv));
    case Kind::RecordNotWritten:
        return tr("cannot write the holder record into %1 (%2); the lock was not kept").arg(path, cause);
    default: return {};
    }
}

QString mutexProblem(const lock::LockProblem &p, const QString &name, const QString &cause)
{
    using Kind = lock::LockProblem::Kind;
    switch (p.kind) {
    case Kind::NameTaken:
        return tr("the name %1 is taken by an object that is not a mutex (an event, semaphore, waitable timer or file "
                  "mapping): another program is squatting the device's lock name")
            .arg(name);
    case Kind::InvalidName:
        return tr("the mutex name %1 is not valid (%2): nothing after Global\\ or Local\\ may contain a backslash, and "
                  "the whole name must stay under MAX_PATH")
            .arg(name, cause);
    case Kind::AccessDenied:
        return tr("mutex %1 exists but this user may not use it (%2): another program created it with a restrictive "
                  "security descriptor")
            .arg(name, cause);
    default: return {};
    }
}

} // namespace

QString problem(const lock::LockProblem &p, const QString &device)
{
    using Kind = lock::LockProblem::Kind;
    const QString path = QString::fromStdString(p.path);
    const QString cause = p.systemError ? systemError(p.systemError) : QString();
    if (QString text = directoryProblem(p, path, cause); !text.isEmpty())
        return text;
    if (QString text = fileProblem(p, path, cause, device); !text.isEmpty())
        return text;
    if (QString text = mutexProblem(p, path, cause); !text.isEmpty())
        return text;
    switch (p.kind) {
    case Kind::NoThread:
        return tr("cannot start a thread to wait for %1 (%2): the process or user has reached its limit").arg(path, cause);
    case Kind::None: return {};
    default: break;
    }
    const QString operation = p.operation.empty() ? QStringLiteral("use") : QString::fromStdString(p.operation);
    return tr("cannot %1 %2: %3").arg(operation, path, cause);
}

QString escaped(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u < 0xa0);
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f;
        if (control)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else if (bidi)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString escaped(const std::string &utf8)
{
    return escaped(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
}

QString holder(const lock::HolderRecord &record)
{
    QString text = record.program.empty() ? tr("unknown program") : escaped(record.program);
    text += QStringLiteral(" (pid %1)").arg(record.pid);
    if (!record.user.empty())
        text += QStringLiteral(" of ") + escaped(record.user) + (record.host.empty() ? QString() : u'@' + escaped(record.host));
    if (!record.since.empty())
        text += QStringLiteral(" since ") + escaped(record.since);
    if (!record.note.empty())
        text += QStringLiteral(": ") + escaped(record.note);
    return text;
}

QString abandoned(const lock::HolderRecord &record)
{
    QString text = record.pid > 0 ? tr("previous holder pid %1").arg(record.pid) : tr("previous holder");
    text += QStringLiteral(", ") + (record.program.empty() ? tr("unknown program (no holder record)") : escaped(record.program));
    if (!record.user.empty())
        text += QStringLiteral(" of ") + escaped(record.user);
    text += tr(", ended without releasing");
    if (!record.since.empty())
        text += tr(" (it had held the lock since %1)").arg(escaped(record.since));
    return text;
}

QString osHolder(const lock::OsHolder &holder)
{
    QString kind;
    switch (holder.kind) {
    case lock::OsHolder::Kind::Flock: kind = QStringLiteral("flock"); break;
    case lock::OsHolder::Kind::Posix: kind = QStringLiteral("fcntl lock"); break;
    case lock::OsHolder::Kind::Ofd: kind = QStringLiteral("OFD lock"); break;
    case lock::OsHolder::Kind::Mutex: kind = QStringLiteral("mutex"); break;
    }
    const QString program = escaped(holder.program);
    const QString who = holder.pid > 0 ? (program.isEmpty() ? QStringLiteral("pid %1").arg(holder.pid)
                                                            : QStringLiteral("%1 (pid %2)").arg(program).arg(holder.pid))
                                       : tr("a process the OS does not name");
    return who + QStringLiteral(", ") + kind + (holder.waiting ? tr(", waiting") : QString());
}

} // namespace devlatch::LockWording
