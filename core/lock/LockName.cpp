// SPDX-License-Identifier: MIT
#include "LockName.h"

#include <cstdint>

namespace devlatch::lock {

std::uint64_t fnv1a64(std::string_view bytes)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

bool isValidUtf8(std::string_view bytes)
{
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        std::size_t length = 0;
        std::uint32_t codePoint = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            codePoint = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            codePoint = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            codePoint = lead & 0x07;
        } else {
            return false;
        }
        if (i + length > bytes.size())
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(bytes[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < kMinimum[length] || codePoint > 0x10FFFF
            || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::string validateId(std::string_view id)
{
    if (id.empty())
        return "the device id is empty";
    if (id.size() > kMaxIdLength)
        return "the device id is " + std::to_string(id.size()) + " bytes long; at most "
               + std::to_string(kMaxIdLength) + " are allowed";
    if (id.find('\0') != std::string_view::npos)
        return "the device id contains a NUL byte";
    if (!isValidUtf8(id))
        return "the device id is not valid UTF-8";
    return {};
}

static bool isNameByte(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
           || c == '_' || c == '-';
}

LockNameResult lockNameForId(std::string_view id)
{
    LockNameResult result;
    result.error = validateId(id);
    if (!result.ok())
        return result;

    static constexpr std::size_t kHashDigits = 16;
    static constexpr std::size_t kMaxSlug = kMaxLockNameLength - 1 - kHashDigits;

    // Same steps as the Python recipe of docs/protocol.md:
    //   re.sub(r"[^A-Za-z0-9._-]+", "_", id).lstrip("._-")[:83].rstrip("_") or "id"
    std::string substituted;
    substituted.reserve(id.size());
    bool inRun = false;
    for (char c : id) {
        const bool keep = isNameByte(c);
        if (keep)
            substituted += c;
        else if (!inRun)
            substituted += '_';
        inRun = !keep;
    }
    std::string slug;
    const std::size_t first = substituted.find_first_not_of("._-");
    if (first != std::string::npos)
        slug = substituted.substr(first, kMaxSlug);
    while (!slug.empty() && slug.back() == '_')
        slug.pop_back();
    if (slug.empty())
        slug = "id";

    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t hash = fnv1a64(id);
    std::string hex(kHashDigits, '0');
    for (std::size_t i = kHashDigits; i-- > 0; hash >>= 4)
        hex[i] = kHex[hash & 0xF];

    result.name = slug + "-" + hex;
    return result;
}

} // namespace devlatch::lock
