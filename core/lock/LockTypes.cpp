#include "LockTypes.h"

namespace devlatch::lock {

std::string describeHolder(const HolderRecord &record)
{
    std::string text = record.program.empty() ? std::string("unknown program") : record.program;
    text += " (pid " + std::to_string(record.pid) + ")";
    if (!record.user.empty())
        text += " of " + record.user + (record.host.empty() ? "" : "@" + record.host);
    if (!record.since.empty())
        text += " since " + record.since;
    if (!record.note.empty())
        text += ": " + record.note;
    return text;
}

std::string describeAbandoned(const HolderRecord &record)
{
    std::string text = "previous holder pid " + std::to_string(record.pid);
    if (!record.program.empty())
        text += ", " + record.program;
    if (!record.user.empty())
        text += " of " + record.user;
    text += ", ended without releasing";
    if (!record.since.empty())
        text += " (it had held the lock since " + record.since + ")";
    return text;
}

std::string describeOsHolder(const OsHolder &holder)
{
    std::string kind;
    switch (holder.kind) {
    case OsHolder::Kind::Flock: kind = "flock"; break;
    case OsHolder::Kind::Posix: kind = "fcntl lock"; break;
    case OsHolder::Kind::Ofd: kind = "OFD lock"; break;
    case OsHolder::Kind::Mutex: kind = "mutex"; break;
    }
    std::string who = holder.pid > 0 ? (holder.program.empty() ? std::string("pid ") + std::to_string(holder.pid)
                                                               : holder.program + " (pid " + std::to_string(holder.pid) + ")")
                                     : std::string("a process the OS does not name");
    return who + ", " + kind + (holder.waiting ? ", waiting" : "");
}

} // namespace devlatch::lock
