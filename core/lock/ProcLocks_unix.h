// SPDX-License-Identifier: MIT
#pragma once

// What Linux tells a reader about file locks (private to the lock layer): /proc/locks read
// once and indexed, the superblock device a mount's locks are listed under, the locks of
// one open file description (/proc/<pid>/fdinfo), and which processes have files of a
// directory open (one walk of /proc/*/fd).

#include "LockTypes.h"

#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace devlatch::lock::detail {

struct KernelLock {
    OsHolder::Kind kind = OsHolder::Kind::Flock;
    long long pid = -1; // who placed it; -1 for OFD locks
    bool waiting = false;
};

class KernelLockTable {
public:
    // Reads /proc/locks; error() says why when it cannot.
    static KernelLockTable read();
    // The locks on one file; /proc/locks may list it under any of `devices`.
    std::vector<KernelLock> on(const std::vector<unsigned long long> &devices, unsigned long long inode) const;
    const std::string &error() const { return m_error; }
    std::size_t size() const { return m_count; }

private:
    struct Key {
        unsigned long long device, inode;
        bool operator==(const Key &o) const { return device == o.device && inode == o.inode; }
    };
    struct KeyHash {
        std::size_t operator()(const Key &k) const
        {
            unsigned long long mixed = k.inode ^ (k.device * 0x9e3779b97f4a7c15ULL);
            mixed ^= mixed >> 29; // spread consecutive inodes over the buckets
            return std::size_t(mixed * 0xbf58476d1ce4e5b9ULL);
        }
    };
    std::unordered_map<Key, std::vector<KernelLock>, KeyHash> m_locks;
    std::string m_error;
    std::size_t m_count = 0;
};

// The device numbers /proc/locks may list a file on the mount of `fd` under: its st_dev and
// the superblock device of the mount (they differ on btrfs, where stat() gives a subvolume's
// anonymous device).
std::vector<unsigned long long> lockDevicesOf(int fd, unsigned long long statDevice);

// The locks of the open file description behind /proc/<pid>/fd/<fd>: present now, not when
// they were placed. readable: the OS let us look.
struct DescriptorLocks {
    bool readable = false;
    unsigned long long inode = 0;
    std::vector<KernelLock> locks;
};
DescriptorLocks descriptorLocks(long long pid, int fd);

// Descriptors that name files in `directory`, by file name: of every process we may look at
// (scan: one walk of /proc/*/fd, readlink only), or of a few given processes (scanProcesses,
// for a lock whose holders /proc/locks already names). Processes whose descriptors we may
// not read are listed as unreadable.
class OpenFilesIndex {
public:
    static OpenFilesIndex scan(const std::string &directory);
    static OpenFilesIndex scanProcesses(const std::string &directory, const std::vector<long long> &pids);
    const std::vector<std::pair<long long, int>> &of(const std::string &fileName) const;
    void merge(const OpenFilesIndex &other);
    bool canRead(long long pid) const { return !m_unreadable.count(pid); }

private:
    void scanProcess(const std::string &prefix, long long pid);

    std::unordered_map<std::string, std::vector<std::pair<long long, int>>> m_byName;
    std::set<long long> m_unreadable;
};

// Inode of /proc/<pid>/ns/pid ("4026531836"; pid 0: this process), empty when unreadable.
std::string pidNamespaceOf(long long pid);

} // namespace devlatch::lock::detail
