#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a static Qt 6.4.2 (qtbase) for x86_64-w64-mingw32 from Debian's own source package,
# with Debian's patches and Debian's host tools (moc, rcc, uic from qt6-base-dev-tools), into a
# cache outside any build tree, and prints the install prefix as the last line of its output.
#
#   cmake/build-qt-mingw.sh            # build when missing, print the prefix
#   cmake/build-qt-mingw.sh --print    # print the prefix it would use, build nothing
#
# The cache is ${XDG_CACHE_HOME:-~/.cache}/devlatch/qt-6.4.2-mingw64-static-<hash>; <hash> covers
# this script's configuration and the cross toolchain, so changing either builds a new one.
# Idempotent and non-interactive; safe to interrupt: it builds into a temporary directory and
# renames the installed tree into place only when complete, and a lock serialises two runs.
# ~18 minutes and ~2.5 GB of temporary space on 2 cores; the result is ~100 MB.
set -euo pipefail

# All in a function: bash reads it whole before running it, so editing this file during the
# 18-minute build cannot change what the running build does next.
main() {

  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  qt_version=6.4.2
  triplet=x86_64-w64-mingw32
  toolchain="$repo/cmake/mingw-w64.cmake"

  # Only what devlatch uses (Core, Gui, Widgets, Network, Test, the windows platform plugin).
  # Two traps in Debian's tarball (README, "Building for Windows"): it drops 3rdparty/wintab, so tablet
  # events must be off; with Direct2D off, the 6.4.2 tray links only with DirectWrite off too.
  qt_options=(
    -DBUILD_SHARED_LIBS=OFF
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DQT_BUILD_BENCHMARKS=OFF
    -DQT_BUILD_TOOLS_WHEN_CROSSCOMPILING=OFF
    -DFEATURE_sql=OFF -DFEATURE_opengl=OFF -DFEATURE_opengles2=OFF -DFEATURE_dbus=OFF
    -DFEATURE_printsupport=OFF -DFEATURE_concurrent=OFF -DFEATURE_xml=OFF -DFEATURE_vulkan=OFF
    -DFEATURE_ssl=OFF -DFEATURE_openssl=OFF -DFEATURE_schannel=OFF -DFEATURE_zstd=OFF
    -DFEATURE_icu=OFF -DFEATURE_freetype=OFF -DFEATURE_harfbuzz=OFF -DFEATURE_jpeg=OFF
    -DFEATURE_gif=OFF -DFEATURE_tabletevent=OFF -DFEATURE_direct2d=OFF -DFEATURE_directwrite=OFF
    -DFEATURE_directwrite3=OFF -DFEATURE_networklistmanager=OFF -DFEATURE_qmake=OFF
    -DFEATURE_dynamicgl=OFF
    -DFEATURE_system_png=OFF -DFEATURE_system_zlib=OFF -DFEATURE_system_pcre2=OFF
    -DFEATURE_system_doubleconversion=OFF
  )

  log() { printf 'build-qt-mingw: %s\n' "$*" >&2; }

  compiler_version=$("$triplet-g++-posix" --version 2>/dev/null | head -n 1 || echo "not installed")
  # The toolchain's settings count, not its comments.
  hash=$( { printf '%s\n' "$qt_version" "${qt_options[@]}" "$compiler_version"; grep -v '^[[:space:]]*\(#\|$\)' "$toolchain"; } \
          | sha256sum | cut -c1-12)
  cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/devlatch
  prefix=$cache_root/qt-$qt_version-mingw64-static-$hash

  if [[ ${1:-} == --print ]]; then echo "$prefix"; exit 0; fi
  if [[ -f $prefix/lib/cmake/Qt6/Qt6Config.cmake ]]; then echo "$prefix"; exit 0; fi

  # 1. Packages: the cross compiler (its version is part of the hash: recompute after install),
  #    Debian's host tools, and what unpacking a Debian source package needs.
  "$repo/.ci/ensure-packages" g++-mingw-w64-x86-64-posix qt6-base-dev-tools qt6-base-dev \
    ninja-build dpkg-dev cmake >&2
  new_compiler_version=$("$triplet-g++-posix" --version | head -n 1)
  if [[ $new_compiler_version != "$compiler_version" ]]; then exec "$0" "$@"; fi

  mkdir -p "$cache_root"
  exec 9>"$cache_root/qt-build.lock"
  if ! flock -n 9; then
    log "another build of Qt is running; waiting for it"
    flock 9
  fi
  if [[ -f $prefix/lib/cmake/Qt6/Qt6Config.cmake ]]; then echo "$prefix"; exit 0; fi

  # Whatever an interrupted run left behind (we hold the lock: no run is using it).
  rm -rf "$cache_root"/qt-*.partial "$cache_root"/qt-work
  work=$cache_root/qt-work
  partial=$prefix.partial
  mkdir -p "$work"
  started=$SECONDS

  # 2. Debian's source, from the same mirror the machine installs its packages from.
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  cd "$work"
  if ! apt-get source --print-uris qt6-base >/dev/null 2>&1; then
    sources=/etc/apt/sources.list.d/debian.sources
    uri=$(awk '/^URIs:/ {print $2; exit}' "$sources" 2>/dev/null || true)
    suite=$(awk '/^Suites:/ {print $2; exit}' "$sources" 2>/dev/null || true)
    [[ -n $uri && -n $suite ]] || { log "no Debian mirror found in $sources to fetch qt6-base's source from"; exit 1; }
    log "adding a deb-src entry for $uri $suite (Debian's qt6-base source)"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$uri" "$suite" | "${as_root[@]}" tee /etc/apt/sources.list.d/devlatch-deb-src.sources >/dev/null
    "${as_root[@]}" apt-get update -qq
  fi
  log "fetching Debian's qt6-base source (~46 MB)"
  apt-get source --download-only -qq qt6-base >&2
  dsc=$(ls qt6-base_"$qt_version"*.dsc | head -n 1)
  dpkg-source --no-check -x "$dsc" source >/dev/null   # applies Debian's patches

  # 3. Configure, build, install into the partial prefix, then rename it into place.
  log "configuring qtbase $qt_version for $triplet (static)"
  cmake -S source -B build -G Ninja -Wno-dev \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$partial" \
    -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    "${qt_options[@]}" >"$work/configure.log" 2>&1 \
    || { tail -n 40 "$work/configure.log" >&2; log "configure failed (log: $work/configure.log)"; exit 1; }
  log "building (~18 min on 2 cores; progress every 100 steps)"
  if ! cmake --build build --parallel "$(nproc)" 2>&1 | tee "$work/build.log" \
      | awk '/^\[[0-9]+\/[0-9]+\]/ { split(substr($1, 2), n, "/"); if (n[1] % 100 == 0 || n[1] == n[2]) { printf "build-qt-mingw: step %s\n", substr($1, 2, length($1) - 2) > "/dev/stderr"; fflush("/dev/stderr") } }'; then
    grep -m 20 -B2 -A8 'error' "$work/build.log" >&2 || true
    log "build failed (log: $work/build.log)"
    exit 1
  fi
  cmake --install build >/dev/null
  # Qt's installed CMake files refer to the prefix they were installed to by relative paths
  # only, so the tree can move; checked once here so a moved tree that breaks fails loudly.
  if grep -rlq -- "$partial" "$partial/lib/cmake"; then
    log "note: absolute install paths in Qt's CMake files; rewriting them for the final prefix"
    grep -rl -- "$partial" "$partial/lib/cmake" | xargs sed -i "s|$partial|$prefix|g"
  fi
  mv "$partial" "$prefix"
  rm -rf "$work"
  log "done in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s: $(du -sh "$prefix" | cut -f1) in $prefix"
  echo "$prefix"
}

main "$@"
