#!/bin/sh
# CTest's emulator for the Windows tests: headless wine64, quiet, in the prefix the caller set.
WINEDEBUG=-all
export WINEDEBUG
unset DISPLAY
exec /usr/lib/wine/wine64 "$@"
