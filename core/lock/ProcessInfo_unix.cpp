// SPDX-License-Identifier: MIT
#include "ProcessInfo.h"

#include "Numbers.h"
#include "ProcLocks_unix.h"

#include <ctime>
#include <fstream>
#include <mutex>
#include <pwd.h>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace devlatch::lock {

namespace {

std::string readFirstLine(const std::string &path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// pid 0 stands for this process: /proc/self, which is right even in a pid namespace that
// sees the host's /proc (where our own pid names another process).
std::string procPath(long long pid, const char *entry)
{
    return (pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid)) + "/" + entry;
}

// Field 22 of /proc/<pid>/stat; the command name (field 2) may itself contain ") ". A
// zombie has released everything it held, so it does not count as running.
std::optional<std::uint64_t> startTicksOf(long long pid) // 0: this process
{
    const std::string stat = readFirstLine(procPath(pid, "stat"));
    const auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 > stat.size())
        return std::nullopt;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int index = 3; index <= 22 && (fields >> field); ++index) {
        if (index == 3 && (field == "Z" || field == "X"))
            return std::nullopt;
        if (index == 22)
            return parseNumber<std::uint64_t>(field);
    }
    return std::nullopt;
}

std::string bootId()
{
    static const std::string id = readFirstLine("/proc/sys/kernel/random/boot_id");
    return id;
}

} // namespace

std::string currentUtcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
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
    return readFirstLine(procPath(pid, "comm"));
}

std::string userNameOfUid(long long uid)
{
    if (uid < 0)
        return {};
    passwd entry {};
    passwd *found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(uid_t(uid), &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name)
        return found->pw_name;
    return std::to_string(uid);
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
    record.startTicks = startTicksOf(0).value_or(0);
    record.bootId = bootId();
    record.pidNamespace = detail::pidNamespaceOf(0);
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

std::optional<ProcessFacts> processFacts(long long pid)
{
    if (pid <= 0)
        return std::nullopt;
    const auto ticks = startTicksOf(pid);
    if (!ticks)
        return std::nullopt;
    ProcessFacts facts;
    facts.startTicks = *ticks;
    std::ifstream status(procPath(pid, "status"));
    for (std::string line; std::getline(status, line);) {
        std::istringstream fields(line);
        std::string key;
        fields >> key;
        if (key == "Uid:") {
            std::string real, effective;
            fields >> real >> effective;
            facts.uid = parseNumber<long long>(effective).value_or(-1);
        } else if (key == "NSpid:") {
            for (std::string value; fields >> value;)
                if (const auto nsPid = parseNumber<long long>(value))
                    facts.nsPids.push_back(*nsPid);
        }
    }
    if (facts.nsPids.empty())
        facts.nsPids.push_back(pid);
    facts.program = programNameOfPid(pid);
    return facts;
}

bool isRecordedProcessAlive(const HolderRecord &record)
{
    if (record.pid <= 0)
        return false;
    if (!record.bootId.empty() && record.bootId != bootId())
        return false;
    // A pid counted in another pid namespace says nothing about ours.
    if (!record.pidNamespace.empty() && record.pidNamespace != processIdentity().pidNamespace)
        return false;
    const auto ticks = startTicksOf(record.pid);
    if (!ticks)
        return false;
    return record.startTicks == 0 || *ticks == record.startTicks;
}

} // namespace devlatch::lock
