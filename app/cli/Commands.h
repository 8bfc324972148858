// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayList>
#include <QStringList>

namespace devlatch::cli {

// One function per devlatchctl command; each parses its own options from `arguments`
// (arguments[0] is the command name) and returns the process exit code (ExitCode.h).
int runList(const QStringList &arguments);
int runStatus(const QStringList &arguments);
int runWho(const QStringList &arguments);
// `command`: CMD ARGS... after "--", byte for byte (ClaimCommand.cpp).
int runClaim(const QStringList &arguments, const QByteArrayList &command);

} // namespace devlatch::cli
