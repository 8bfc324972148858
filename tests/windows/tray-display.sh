#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The X server and Wine prefix of the Windows tray test (tst_tray_win), as a CTest fixture:
#
#   tray-display.sh start DISPLAY PREFIX    Xvfb on DISPLAY, then PREFIX's wineserver and first
#                                           program with that display, so Wine's explorer
#                                           runs its "Wine System Tray" window there
#   tray-display.sh stop DISPLAY PREFIX     the wineserver and the X server end
#
# Everything started is detached from CTest's output pipes (CTest would wait for them).
set -euo pipefail
action=$1 display=$2 prefix=$3
wine64=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64
pidfile=$prefix.xvfb.pid
export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=$display

case $action in
start)
  socket=/tmp/.X11-unix/X${display#:}
  if [[ -e $socket ]]; then
    echo "tray-display: display $display is taken ($socket exists); the Windows tray test needs it" >&2
    exit 1
  fi
  setsid Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp </dev/null >/dev/null 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 100); do [[ -e $socket ]] && break; sleep 0.1; done
  [[ -e $socket ]] || { echo "tray-display: Xvfb did not start on $display" >&2; exit 1; }
  mkdir -p "$prefix"
  "$wineserver" -p </dev/null >/dev/null 2>&1
  "$wine64" cmd /c exit </dev/null >/dev/null 2>&1 || true
  echo "tray-display: Xvfb on $display, Wine prefix $prefix"
  ;;
stop)
  "$wineserver" -k </dev/null >/dev/null 2>&1 || true
  [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  ;;
esac
