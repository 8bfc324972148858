// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace devlatch::lock {

// The one number parser of the project: the whole text must be the number (no sign for
// unsigned types, no spaces, no trailing bytes), in the C locale. Integers and, for the
// CLI's seconds, floating point (which accepts "nan" and "inf": callers check finiteness).
template <typename Number>
std::optional<Number> parseNumber(std::string_view text)
{
    Number value{};
    const char *end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end)
        return std::nullopt;
    return value;
}

} // namespace devlatch::lock
