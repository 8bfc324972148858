#include "ProcessInfo.h"

#include <fstream>
#include <mutex>
#include <pwd.h>
#include <sstream>
#include <unistd.h>

namespace devlatch::lock {

static std::string readFirstLine(const std::string &path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// Field 22 of /proc/<pid>/stat; the command name (field 2) may itself contain ") ".
static std::optional<std::uint64_t> startTicksOf(long long pid)
{
    const std::string stat = readFirstLine("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    // Fields after the name start at 3 (state); starttime is 22. A zombie has released
    // everything it held, so it does not count as running.
    for (int index = 3; index <= 22 && (fields >> field); ++index) {
        if (index == 3 && (field == "Z" || field == "X"))
            return std::nullopt;
        if (index == 22) {
            try {
                return std::stoull(field);
            } catch (...) {
                return std::nullopt;
            }
        }
    }
    return std::nullopt;
}

static std::string bootId()
{
    static const std::string id = readFirstLine("/proc/sys/kernel/random/boot_id");
    return id;
}

std::string currentProgramName()
{
    std::string name = readFirstLine("/proc/self/comm");
    return name.empty() ? std::string("unknown") : name;
}

std::string programNameOfPid(long long pid)
{
    if (pid <= 0)
        return {};
    return readFirstLine("/proc/" + std::to_string(pid) + "/comm");
}

// Who this process is does not change while it runs (a forked child is a new pid), and
// looking it up costs more than a warm claim: getpwuid() may read /etc/passwd or ask NSS.
HolderRecord processIdentity()
{
    static std::mutex mutex;
    static HolderRecord cached;
    std::lock_guard lock(mutex);
    const pid_t pid = getpid();
    if (cached.pid == pid)
        return cached;
    HolderRecord record;
    record.pid = pid;
    record.startTicks = startTicksOf(pid).value_or(0);
    record.bootId = bootId();
    record.uid = geteuid();
    if (const passwd *entry = getpwuid(geteuid()))
        record.user = entry->pw_name;
    else
        record.user = std::to_string(record.uid);
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0)
        record.host = host;
    record.program = currentProgramName();
    cached = record;
    return cached;
}

bool isRecordedProcessAlive(const HolderRecord &record)
{
    if (record.pid <= 0)
        return false;
    if (!record.bootId.empty() && record.bootId != bootId())
        return false;
    const auto ticks = startTicksOf(record.pid);
    if (!ticks)
        return false;
    return record.startTicks == 0 || *ticks == record.startTicks;
}

} // namespace devlatch::lock
