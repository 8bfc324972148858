# SPDX-License-Identifier: MIT
# Cross-compiles devlatch (and Qt itself, cmake/build-qt-mingw.sh) for 64-bit Windows with
# mingw-w64 (Debian: g++-mingw-w64-x86-64-posix, the posix thread model that std::thread
# needs); CTest runs the .exe files under wine64, headless. cmake/build-windows.sh configures
# a build with it; -DDEVLATCH_LOCK_ONLY=ON builds the Qt-free lock layer alone, without Qt.
#
# The tests need one WINEPREFIX shared by all their processes (named objects live in one
# wineserver) and a wineserver started before CTest: tests/windows/run-wine-tests.sh does both.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(DEVLATCH_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${DEVLATCH_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${DEVLATCH_MINGW_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${DEVLATCH_MINGW_PREFIX}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${DEVLATCH_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Static runtime: no libstdc++/libgcc/winpthread DLLs to ship, or to find under Wine.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

# add_test() of a target runs `<emulator> <exe>`: wine64 itself (Debian puts nothing on PATH
# for it), quiet and without a display, so no window or dialog can ever wait for a person.
# WINEDLLOVERRIDES keeps a new prefix from looking for Mono and Gecko.
set(DEVLATCH_WINE64 /usr/lib/wine/wine64 CACHE FILEPATH "wine64 loader that runs the Windows tests")
set(CMAKE_CROSSCOMPILING_EMULATOR
    env -u DISPLAY -u WAYLAND_DISPLAY WINEDEBUG=-all "WINEDLLOVERRIDES=mscoree,mshtml=" ${DEVLATCH_WINE64})
