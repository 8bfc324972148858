#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Windows lock layer with mingw-w64 and runs its tests under wine64, headless.
#
#   bash tests/lock/win/run-wine-tests.sh [BUILD_DIR [CTEST_ARGS...]]   (default: build/windows)
#
# Idempotent and non-interactive (CI=true, no stdin, no DISPLAY): installs wine64 and the
# mingw-w64 compiler only when missing, reuses an existing build and Wine prefix, and always
# stops the prefix's wineserver at the end. Exits with CTest's status.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$repo"
build=${1:-build/windows}
shift $(($# > 0 ? 1 : 0))   # the rest goes to ctest, e.g. -R tst_win_probe

# 1. Packages (Debian 12): only what is missing; apt-get update only when installing.
packages=(wine64 g++-mingw-w64-x86-64-posix)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "run-wine-tests: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo -n)
  fi
  echo "run-wine-tests: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq </dev/null
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

wine64=/usr/lib/wine/wine64          # Debian's wine64 puts nothing on PATH
wineserver=/usr/lib/wine/wineserver64

# 2. Configure (every time: cheap, and it repairs a build directory configured otherwise)
#    and build. The toolchain of an existing cache cannot change: start over if it differs.
toolchain="$repo/cmake/mingw-w64.cmake"
if [[ -f $build/CMakeCache.txt ]] && ! grep -q '^CMAKE_TOOLCHAIN_FILE:[A-Z]*=.*mingw-w64\.cmake$' "$build/CMakeCache.txt"; then
  echo "run-wine-tests: $build was configured without $toolchain; reconfiguring from scratch"
  rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S "$repo" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
      -DDEVLATCH_LOCK_ONLY=ON -DDEVLATCH_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2

# 3. One prefix for all test processes (named objects live in its wineserver), inside the
#    build directory so nothing leaks into $HOME and `rm -rf` of the build resets it.
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

# 4. The tests; 5. the trap stops the server; exit with CTest's status.
status=0
ctest --test-dir "$build" --output-on-failure --no-tests=error --timeout 300 "$@" </dev/null || status=$?
exit "$status"
