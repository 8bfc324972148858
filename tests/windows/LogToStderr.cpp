// SPDX-License-Identifier: MIT
// Linked into every Windows Qt Test: without a console window, Qt Test writes its results to
// OutputDebugString rather than stdout, and CTest under Wine would see nothing. Wine drops
// QT_* variables from the environment it passes on, so the test sets it for itself, before
// anything logs.
#include <QByteArray>

namespace {
const bool g_logToStderr = qputenv("QT_FORCE_STDERR_LOGGING", QByteArrayLiteral("1"));
} // namespace
