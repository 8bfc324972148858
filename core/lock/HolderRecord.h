// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace devlatch::lock {

// Who holds a lock: written by the holder into its lock file once the lock is held and
// cleared before it is released. The text format is part of the lock protocol (docs/protocol.md):
//
//   devlatch-holder 1
//   key=value            one per line, UTF-8; '\', newline and CR escaped as \\ \n \r
//   check=<16 hex>       last: FNV-1a-64 of every byte before this line
//
// Readers ignore unknown keys and malformed lines, so the format can grow. A record with a
// check line whose sum does not match is torn (read while being rewritten) and not a record;
// a record without one (written by another program) is taken as it is.
struct HolderRecord {
    std::string id;               // device id the lock belongs to
    std::int64_t pid = 0;
    std::uint64_t startTicks = 0; // /proc/<pid>/stat field 22: tells a reused pid apart; 0: not given
    std::string bootId;           // /proc/sys/kernel/random/boot_id
    std::string pidNamespace;     // inode of /proc/self/ns/pid: which pids `pid` is counted among
    std::int64_t uid = -1;
    std::string user;
    std::string host;
    std::string program;
    std::string since;            // ISO 8601 UTC of the grant, e.g. 2026-11-22T10:15:00Z
    std::string note;
    // `devlatchctl claim DEV -- CMD`: CMD holds the lock too (it inherits the descriptor).
    std::int64_t commandPid = 0;
    std::uint64_t commandStartTicks = 0;

    bool isValid() const { return pid > 0; }
    bool operator==(const HolderRecord &other) const;
};

inline constexpr std::string_view kHolderRecordMagic = "devlatch-holder 1";
inline constexpr std::size_t kMaxHolderRecordSize = 16 * 1024;
inline constexpr std::size_t kMaxNoteLength = 1024;

// The record with its check line.
std::string serializeHolderRecord(const HolderRecord &record);

// Never fails: garbage, another format version or a torn record gives a record whose
// isValid() is false; `torn`, when given, says whether a check line failed.
HolderRecord parseHolderRecord(std::string_view text, bool *torn = nullptr);

// The current time as ISO 8601 UTC with seconds (ProcessInfo_<os>.cpp: the OS's clock).
std::string currentUtcTimestamp();

} // namespace devlatch::lock
