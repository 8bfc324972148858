// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

namespace devlatch::cli {

// The signal watcher thread outlives any claim; the current one receives its signals through
// this. Starts the watcher on first use; false when it cannot run. An empty `deliver` stops
// delivering (signals are then dropped).
bool routeSignalsTo(std::function<void(int signal, bool fromTerminal)> deliver);

} // namespace devlatch::cli
