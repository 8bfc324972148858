// SPDX-License-Identifier: MIT
#pragma once

// Where the tests find the programs they start and the source tree's data. The absolute paths
// live in TestPaths.cpp alone, so no other test file's compile line names the checkout: a
// second clone's test files hit the compiler cache (ccache) instead of being rebuilt.

#include <QString>

// Static functions, not macros, so the paths stay out of the headers too.
struct TestPaths {
    static QString sourceDir(const QString &relative = {}); // sourceDir("/README.md")
    static QString buildDir(const QString &relative = {});
    static QString discoveryData(const QString &relative = {}); // tests/discovery: recordings
    static QString ctl();                                       // devlatchctl
    static QString tray();                                      // devlatch, the tray program
    static QString locker();                                    // devlatch-test-locker
    static QString notifications();                             // devlatch-test-notifications
    static QString tcpProxy();                                  // devlatch-test-tcpproxy
    static QString interval();                                  // devlatch-test-interval
    static QString bench();                                     // devlatch-bench (not under ASan)
    static QString lupdate();                                   // Qt's lupdate
};
