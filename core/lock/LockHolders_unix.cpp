// SPDX-License-Identifier: MIT
#include "LockHolders_unix.h"

#include "ProcessInfo.h"

#include <algorithm>

namespace devlatch::lock::detail {

bool contains(const std::vector<Process> &processes, long long pid)
{
    return std::any_of(processes.begin(), processes.end(), [pid](const Process &p) { return p.pid == pid; });
}

const OpenFilesIndex &HolderFinder::openFiles(const std::string &directory)
{
    auto it = m_indexes.find(directory);
    if (it == m_indexes.end())
        it = m_indexes.emplace(directory, OpenFilesIndex::scan(directory)).first;
    return it->second;
}

namespace {

// The descriptors of the lock file in `index`: who holds what now, and who has it open
// without a lock (a waiter, usually).
void collectDescriptors(const OpenFilesIndex &index, const std::string &fileName, unsigned long long inode,
                        std::vector<Process> &processes, std::vector<long long> &openWithoutLock)
{
    processes.clear();
    openWithoutLock.clear();
    for (const auto &[pid, fd] : index.of(fileName)) {
        const DescriptorLocks locks = descriptorLocks(pid, fd);
        if (!locks.readable || locks.inode != inode)
            continue;
        if (locks.locks.empty()) {
            openWithoutLock.push_back(pid);
            continue;
        }
        auto it = std::find_if(processes.begin(), processes.end(), [pid = pid](const Process &p) { return p.pid == pid; });
        if (it == processes.end())
            it = processes.insert(processes.end(), Process{pid, {}, true, false});
        for (const KernelLock &lock : locks.locks)
            if (!lock.waiting)
                it->kinds.push_back(lock.kind);
    }
}

bool holdsKind(const std::vector<Process> &processes, OsHolder::Kind kind)
{
    return std::any_of(processes.begin(), processes.end(), [kind](const Process &p) {
        return std::find(p.kinds.begin(), p.kinds.end(), kind) != p.kinds.end();
    });
}

// Whether the descriptors found account for every entry /proc/locks lists.
bool accountsForAll(const std::vector<KernelLock> &entries, const std::vector<Process> &processes)
{
    for (const KernelLock &entry : entries) {
        if (entry.pid <= 0 && (entry.waiting || !holdsKind(processes, entry.kind)))
            return false; // an OFD holder or waiter nobody was found for
        if (entry.pid > 0 && !entry.waiting && !contains(processes, entry.pid))
            return false; // the placer does not hold it (any more)
    }
    return true;
}

} // namespace

// Who holds and who waits, each process once: the descriptors that show the lock now
// (fdinfo), falling back to the pids /proc/locks names where we may not look. The
// processes /proc/locks names are looked at first; all processes only when that does not
// account for every lock (an OFD lock has no pid there, a placer may have passed it on).
std::vector<Process> HolderFinder::processesOf(const LockLocation &location, unsigned long long inode,
                                                       const std::vector<KernelLock> &entries, bool fresh)
{
    std::vector<Process> processes;
    if (entries.empty())
        return processes;
    const std::string fileName = location.name + ".lock";
    std::vector<long long> placers;
    for (const KernelLock &entry : entries)
        if (entry.pid > 0)
            placers.push_back(entry.pid);
    std::vector<long long> openWithoutLock;
    if (fresh)
        m_processIndexes.clear();
    OpenFilesIndex merged;
    const OpenFilesIndex *index = &merged;
    for (const long long pid : placers) {
        auto it = m_processIndexes.find({location.directory, pid});
        if (it == m_processIndexes.end())
            it = m_processIndexes.emplace(std::pair(location.directory, pid),
                                        OpenFilesIndex::scanProcesses(location.directory, {pid})).first;
        if (placers.size() == 1)
            index = &it->second; // the usual case: one placer, no copy
        else
            merged.merge(it->second);
    }
    collectDescriptors(*index, fileName, inode, processes, openWithoutLock);
    if (!accountsForAll(entries, processes)) {
        index = &openFiles(location.directory);
        collectDescriptors(*index, fileName, inode, processes, openWithoutLock);
    }
    const bool ofdAccounted = holdsKind(processes, OsHolder::Kind::Ofd);
    for (const KernelLock &entry : entries) {
        if (entry.waiting) {
            long long pid = entry.pid;
            if (pid <= 0) { // an OFD waiter: the process that has the file open but no lock
                const auto named = std::find_if(openWithoutLock.begin(), openWithoutLock.end(),
                                                [&](long long p) { return !contains(processes, p); });
                pid = named == openWithoutLock.end() ? -1 : *named;
            }
            // A process that got one family and waits for the other (a devlatch waiter holds
            // the OFD lock while flock(1) holds the flock) is a waiter, not a holder.
            const auto known = std::find_if(processes.begin(), processes.end(), [pid](const Process &p) { return p.pid == pid; });
            if (pid > 0 && known != processes.end())
                known->waiting = true;
            else
                processes.push_back({pid, {entry.kind}, pid > 0, true});
            continue;
        }
        if (entry.pid > 0 && contains(processes, entry.pid))
            continue;
        if (entry.kind == OsHolder::Kind::Ofd && ofdAccounted)
            continue; // a confirmed holder's OFD lock
        // Where we may look at the placer's descriptors and it was not found holding, it is
        // gone or passed the lock on: the processes above hold it.
        if (entry.pid > 0 && index->canRead(entry.pid) && !processes.empty())
            continue;
        if (entry.pid > 0 && !processFacts(entry.pid) && !processes.empty())
            continue;
        processes.push_back({entry.pid, {entry.kind}, false, false});
    }
    // Where we could not look: a flock placer and an OFD lock nobody was found for are,
    // as far as we can tell, one holder of both families (devlatch's way).
    const auto anonymousOfd = std::find_if(processes.begin(), processes.end(), [](const Process &p) {
        return p.pid <= 0 && !p.waiting && p.kinds == std::vector<OsHolder::Kind>{OsHolder::Kind::Ofd};
    });
    const auto unconfirmedFlock = std::find_if(processes.begin(), processes.end(), [](const Process &p) {
        return p.pid > 0 && !p.confirmed && !p.waiting && p.kinds == std::vector<OsHolder::Kind>{OsHolder::Kind::Flock};
    });
    if (anonymousOfd != processes.end() && unconfirmedFlock != processes.end()) {
        unconfirmedFlock->kinds.push_back(OsHolder::Kind::Ofd);
        processes.erase(anonymousOfd);
    }
    return processes;
}

} // namespace devlatch::lock::detail
