#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The X server and Wine prefix of the Windows tray test (tst_tray_win), as a CTest fixture:
#
#   tray-display.sh start PREFIX         Xvfb on a free display (Xvfb picks it: -displayfd),
#                                        then PREFIX's wineserver and first program with that
#                                        display, so Wine's explorer runs its "Wine System
#                                        Tray" window there; the display goes to PREFIX.display
#   tray-display.sh run PREFIX CMD...    CMD with DISPLAY set to that display
#   tray-display.sh stop PREFIX          the wineserver and the X server end
#
# Everything started is detached from CTest's output pipes (CTest would wait for them).
set -euo pipefail
action=$1 prefix=$2
shift 2
wine64=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64
pidfile=$prefix.xvfb.pid
displayfile=$prefix.display
export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

case $action in
start)
  mkdir -p "$(dirname "$prefix")"
  # Xvfb writes its display number to the FIFO once it accepts connections.
  fifo=$prefix.displayfd
  rm -f "$fifo" "$displayfile"
  mkfifo "$fifo"
  setsid Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fifo" </dev/null >/dev/null 2>&1 &
  echo $! >"$pidfile"
  number=
  read -r -t 30 number <"$fifo" || true
  rm -f "$fifo"
  [[ $number =~ ^[0-9]+$ ]] || { echo "tray-display: Xvfb did not start within 30 s" >&2; exit 1; }
  echo ":$number" >"$displayfile"
  export DISPLAY=:$number
  mkdir -p "$prefix"
  "$wineserver" -p </dev/null >/dev/null 2>&1
  "$wine64" cmd /c exit </dev/null >/dev/null 2>&1 || true
  echo "tray-display: Xvfb on $DISPLAY, Wine prefix $prefix"
  ;;
run)
  [[ -s $displayfile ]] || { echo "tray-display: no display: tray_display_start did not run" >&2; exit 1; }
  DISPLAY=$(cat "$displayfile") exec "$@"
  ;;
stop)
  "$wineserver" -k </dev/null >/dev/null 2>&1 || true
  [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile" "$displayfile"
  ;;
esac
