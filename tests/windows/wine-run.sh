#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one Windows test under Wine for CTest (the emulator of every Windows test):
#   wine-run.sh WINE64 TEST.exe [ARGS...]
# Wine may start a background service (services.exe, a winedevice for a driver loaded on
# demand) from inside a test; it inherits the test's output and would keep CTest's pipes open,
# so CTest would wait for it until the timeout. The test writes to a file instead, shown when
# it ends, with its exit status.
out=$(mktemp) || exit 3
"$@" </dev/null >"$out" 2>&1
status=$?
cat "$out"
rm -f "$out"
exit "$status"
