#!/usr/bin/env bash
# Type-checks and runs the TypeScript client test (tools/client-test) against
# a freshly built server on a free loopback port with a throwaway database.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d tools/node_modules ] || npm ci --prefix tools --no-audit --no-fund
tools/node_modules/.bin/tsc -p tools/client-test/tsconfig.json

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)))
go build -o "$work/marketpulse" ./cmd/marketpulse
# REFRESH_ENABLED=false: the market test asserts the demo quotes, which the
# simulated provider would replace within seconds.
export DATABASE_PATH="$work/mp.db" HTTP_ADDR="127.0.0.1:$port" LOG_LEVEL=warn \
  ARGON2_MEMORY_KIB=8192 ARGON2_ITERATIONS=1 REFRESH_ENABLED=false
"$work/marketpulse" seed-demo >/dev/null
"$work/marketpulse" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/system/health" >/dev/null 2>&1 && break
  sleep 0.1
done
MARKETPULSE_URL="http://127.0.0.1:$port" node --test tools/client-test/build/tools/client-test/ || {
  echo "--- server log"; cat "$work/server.log"; exit 1; }
