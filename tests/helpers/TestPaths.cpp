// SPDX-License-Identifier: MIT
#include "TestPaths.h"

// The CMake files define these for this file alone. A build without one of the programs (the
// Windows suite has no test locker, a sanitizer run no benchmark) leaves its macro undefined
// and gets an empty path.

QString TestPaths::sourceDir(const QString &relative) { return QStringLiteral(DEVLATCH_SOURCE_DIR) + relative; }
QString TestPaths::buildDir(const QString &relative) { return QStringLiteral(DEVLATCH_BUILD_DIR) + relative; }
QString TestPaths::discoveryData(const QString &relative) { return sourceDir(QStringLiteral("/tests/discovery") + relative); }

QString TestPaths::ctl()
{
#ifdef DEVLATCH_CTL
    return QStringLiteral(DEVLATCH_CTL);
#else
    return {};
#endif
}

QString TestPaths::tray()
{
#ifdef DEVLATCH_TRAY
    return QStringLiteral(DEVLATCH_TRAY);
#else
    return {};
#endif
}

QString TestPaths::locker()
{
#ifdef DEVLATCH_TEST_LOCKER
    return QStringLiteral(DEVLATCH_TEST_LOCKER);
#else
    return {};
#endif
}

QString TestPaths::notifications()
{
#ifdef DEVLATCH_TEST_NOTIFICATIONS
    return QStringLiteral(DEVLATCH_TEST_NOTIFICATIONS);
#else
    return {};
#endif
}

QString TestPaths::tcpProxy()
{
#ifdef DEVLATCH_TEST_TCPPROXY
    return QStringLiteral(DEVLATCH_TEST_TCPPROXY);
#else
    return {};
#endif
}

QString TestPaths::interval()
{
#ifdef DEVLATCH_TEST_INTERVAL
    return QStringLiteral(DEVLATCH_TEST_INTERVAL);
#else
    return {};
#endif
}

QString TestPaths::bench()
{
#ifdef DEVLATCH_BENCH
    return QStringLiteral(DEVLATCH_BENCH);
#else
    return {};
#endif
}

QString TestPaths::lupdate()
{
#ifdef DEVLATCH_LUPDATE
    return QStringLiteral(DEVLATCH_LUPDATE);
#else
    return {};
#endif
}
