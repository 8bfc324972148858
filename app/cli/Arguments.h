// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch::cli {

// A command-line argument as text: UTF-8, byte for byte (a leading U+FEFF is kept, not
// dropped as a byte-order mark, so a DEV maps to the lock that the rule of docs/protocol.md
// gives for its bytes). Bytes that are not UTF-8 become U+FFFD, which callers refuse where it matters.
QString decodeArgument(const char *argument);

} // namespace devlatch::cli
