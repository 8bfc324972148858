// SPDX-License-Identifier: MIT
#pragma once

#include <csignal>

namespace devlatch::cli {

// The signal mask devlatchctl inherited, before prepareProcess() blocked anything.
const sigset_t &originalSignalMask();

} // namespace devlatch::cli
