// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch::cli {

// stdout for results, stderr for messages ("devlatchctl: ..."), in the locale's encoding.
void printOut(const QString &text);
void printError(const QString &text);

} // namespace devlatch::cli
