#!/usr/bin/env bash
# Stops the API and worker started by scripts/up.sh (SIGTERM: they drain and exit).
cd "$(dirname "$0")/.."
for name in api worker; do
  pidfile=".run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    [ "${1:-}" = "--quiet" ] || echo "stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
