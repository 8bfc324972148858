#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A Linux etcd for the Windows lab test (tst_devlatchctl_lab_win), as a CTest fixture: Wine's
# programs reach it on loopback like any Windows client would.
#
#   etcd-fixture.sh start DIR   etcd on a free loopback port, data in DIR; DIR/endpoint
#                               holds http://127.0.0.1:PORT once it is healthy
#   etcd-fixture.sh stop DIR    SIGTERM, then SIGKILL
#
# Without etcd installed it writes no endpoint file, and the test skips.
set -euo pipefail
action=$1 dir=$2
case $action in
start)
  rm -rf "$dir"
  mkdir -p "$dir"
  if ! command -v etcd >/dev/null; then
    echo "etcd-fixture: etcd is not installed; the Windows lab test skips" >&2
    exit 0
  fi
  read -r client peer < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
  setsid etcd --name w --data-dir "$dir/data" --log-level error \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "w=http://127.0.0.1:$peer" </dev/null >"$dir/etcd.log" 2>&1 &
  echo $! >"$dir/etcd.pid"
  for _ in $(seq 200); do
    if python3 -c "import urllib.request,sys; sys.exit(0 if b'true' in urllib.request.urlopen('http://127.0.0.1:$client/health',timeout=1).read() else 1)" 2>/dev/null; then
      echo "http://127.0.0.1:$client" >"$dir/endpoint"
      echo "etcd-fixture: etcd on 127.0.0.1:$client"
      exit 0
    fi
    sleep 0.1
  done
  echo "etcd-fixture: etcd did not become healthy" >&2
  exit 1
  ;;
stop)
  if [[ -f $dir/etcd.pid ]]; then
    pid=$(cat "$dir/etcd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/etcd.pid"
  fi
  ;;
esac
