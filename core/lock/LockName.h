// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace devlatch::lock {

// Maps a device's stable id to the name of its lock: the file `<name>.lock` on Linux and the
// mutex `Global\devlatch.<name>` on Windows. The rule is part of the documented lock protocol
// (docs/protocol.md, "Lock name"), so other programs can compute the same name.
//
//   name = slug(id) + "-" + hex16(fnv1a64(id))
//
// slug keeps [A-Za-z0-9._-], turns every run of other bytes into one '_', drops leading '.'
// and '-' (no hidden files, nothing that looks like an option) and is cut so the whole name
// stays within kMaxLockNameLength bytes. The hash covers the full id, byte for byte, so ids
// that differ only in case or in dropped characters still get different names.
inline constexpr std::size_t kMaxLockNameLength = 100;
inline constexpr std::size_t kMaxIdLength = 64 * 1024;

struct LockNameResult {
    std::string name;  // empty when the id is refused
    std::string error; // why the id is refused, for the user
    bool ok() const { return error.empty(); }
};

// Refuses ids that are empty, longer than kMaxIdLength, not valid UTF-8 or contain NUL.
LockNameResult lockNameForId(std::string_view id);

// Empty when the id is acceptable, otherwise a sentence saying what is wrong with it.
std::string validateId(std::string_view id);

std::uint64_t fnv1a64(std::string_view bytes);
bool isValidUtf8(std::string_view bytes);

} // namespace devlatch::lock
