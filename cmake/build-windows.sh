#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# devlatch for 64-bit Windows, cross-compiled with mingw-w64 against the static Qt that
# cmake/build-qt-mingw.sh builds once into ~/.cache/devlatch (the first run takes ~20 min).
#
#   cmake/build-windows.sh [BUILD_DIR [TARGET...]]        (default: build/windows, all)
#
# Produces BUILD_DIR/app/cli/devlatchctl.exe and BUILD_DIR/app/tray/devlatch.exe (static:
# no DLLs beside them), the NSIS installer BUILD_DIR/devlatch-<version>-win64-setup.exe and the
# Windows tests (tests/windows/run-wine-tests.sh runs them). Idempotent and non-interactive.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
build=${1:-build/windows}
shift $(($# > 0 ? 1 : 0))

"$repo/.ci/ensure-packages" g++-mingw-w64-x86-64-posix nsis cmake ninja-build ccache qt6-base-dev-tools \
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
qt=$("$repo/cmake/build-qt-mingw.sh" | tail -n 1)

# The Qt (and toolchain) of an existing cache cannot change: start over if they differ.
if [[ -f $build/CMakeCache.txt ]] && ! grep -q "^CMAKE_PREFIX_PATH:[A-Z]*=$qt\$" "$build/CMakeCache.txt"; then
  echo "build-windows: $build was configured otherwise; configuring it from scratch"
  rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
# The configuration is CMakePresets.json's "windows"; only the Qt's place comes from here.
DEVLATCH_QT_MINGW=$qt cmake --preset windows -B "$build" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$build" -j2 "${targets[@]}"
