#!/usr/bin/env bash
# Builds the Windows lock layer with mingw-w64 and runs its tests under wine64, headless.
# Usage: run-wine-tests.sh [BUILD_DIR]   (default: build/windows)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-build/windows}
cd "$repo"

"$repo/.ci/ensure-packages" wine64 g++-mingw-w64-x86-64-posix

cmake --preset windows -B "$build" >/dev/null
cmake --build "$build" -j2

export WINEPREFIX="$(cd "$build" && pwd)/wineprefix"
export WINEDEBUG=-all
unset DISPLAY
wineserver=/usr/lib/wine/wineserver64
mkdir -p "$WINEPREFIX"
stop_wine() { "$wineserver" -k >/dev/null 2>&1 || true; }
trap stop_wine EXIT
# Wine's background services would inherit CTest's pipes and keep it waiting forever: start
# the server and the first program (which creates the prefix) detached from all our streams.
"$wineserver" -p </dev/null >/dev/null 2>&1
/usr/lib/wine/wine64 cmd /c exit </dev/null >/dev/null 2>&1 || true

ctest --test-dir "$build" --output-on-failure
