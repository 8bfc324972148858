#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds devlatch for Windows (cmake/build-windows.sh; the first run builds Qt) and runs the
# Windows test suite under wine64, headless.
#
#   bash tests/windows/run-wine-tests.sh [BUILD_DIR [CTEST_ARGS...]]   (default: build/windows)
#
# Idempotent and non-interactive (CI=true, no stdin, no DISPLAY): installs wine64 only when
# missing, reuses an existing build and Wine prefix, and always stops the prefix's wineserver
# at the end. Exits with CTest's status.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
build=${1:-build/windows}
shift $(($# > 0 ? 1 : 0))   # the rest goes to ctest, e.g. -R tst_win_probe

"$repo/.ci/ensure-packages" wine64
bash "$repo/cmake/build-windows.sh" "$build"

wine64=/usr/lib/wine/wine64          # Debian's wine64 puts nothing on PATH
wineserver=/usr/lib/wine/wineserver64

# One prefix for all test processes (named objects live in its wineserver), inside the
# build directory so nothing leaks into $HOME and `rm -rf` of the build resets it.
build_abs=$(cd "$build" && pwd)
export WINEPREFIX="$build_abs/wineprefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko lookup when the prefix is created
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$WINEPREFIX"

stop_wine() { "$wineserver" -k </dev/null >/dev/null 2>&1 || true; }
trap stop_wine EXIT
# Wine's first program starts its background services (services.exe, winedevice, ...); they
# inherit the standard streams of whoever started them and would keep CTest's output pipes
# open, so CTest would wait forever. Start the server and that first program here, detached
# from all our streams (this also creates the prefix, ~6 s the first time).
"$wineserver" -p </dev/null >/dev/null 2>&1
"$wine64" cmd /c exit </dev/null >/dev/null 2>&1 || true

status=0
ctest --test-dir "$build" --output-on-failure --no-tests=error --timeout 300 "$@" </dev/null || status=$?
exit "$status"
