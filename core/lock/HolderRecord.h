#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace devlatch::lock {

// Who holds a lock: written by the holder into its lock file once the lock is held and
// cleared before it is released. The text format is part of the lock protocol (README):
//
//   devlatch-holder 1
//   key=value            one per line, UTF-8; '\', newline and CR escaped as \\ \n \r
//
// Readers ignore unknown keys and malformed lines, so the format can grow.
struct HolderRecord {
    std::string id;          // device id the lock belongs to
    std::int64_t pid = 0;
    std::uint64_t startTicks = 0; // /proc/<pid>/stat field 22: tells a reused pid apart
    std::string bootId;           // /proc/sys/kernel/random/boot_id
    std::int64_t uid = -1;
    std::string user;
    std::string host;
    std::string program;
    std::string since;            // ISO 8601 UTC, e.g. 2026-11-22T10:15:00Z
    std::string note;

    bool isValid() const { return pid > 0; }
    bool operator==(const HolderRecord &other) const;
};

inline constexpr std::string_view kHolderRecordMagic = "devlatch-holder 1";
inline constexpr std::size_t kMaxHolderRecordSize = 16 * 1024;
inline constexpr std::size_t kMaxNoteLength = 1024;

std::string serializeHolderRecord(const HolderRecord &record);

// Never fails: garbage gives a record whose isValid() is false.
HolderRecord parseHolderRecord(std::string_view text);

// The current time as ISO 8601 UTC with seconds.
std::string currentUtcTimestamp();

} // namespace devlatch::lock
