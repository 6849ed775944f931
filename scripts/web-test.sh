#!/usr/bin/env bash
# Runs the grid rules' unit test (web/test/layout.test.mjs), then the browser
# journey (web/test/journey.mjs) in Debian's Chromium against a freshly built server on a free loopback port with a throwaway
# database and a bootstrap admin (which pushes the "live" quote).
# SCREENSHOT_DIR, when set, receives the screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x /usr/bin/chromium ] || bash scripts/install-chromium.sh
[ -d web/node_modules ] || npm ci --prefix web --no-audit --no-fund

work=$(mktemp -d)
# The grid rules, without a browser.
web/node_modules/.bin/tsc --outDir "$work/layout" --module esnext --moduleResolution bundler --target es2022 \
  --strict --skipLibCheck web/src/layout.ts
LAYOUT_JS="$work/layout/layout.js" node --test web/test/layout.test.mjs

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)))
go build -o "$work/marketpulse" ./cmd/marketpulse
export DATABASE_PATH="$work/mp.db" HTTP_ADDR="127.0.0.1:$port" LOG_LEVEL=warn \
  ARGON2_MEMORY_KIB=8192 ARGON2_ITERATIONS=1 \
  ADMIN_EMAIL="admin-web-test@example.com" ADMIN_PASSWORD="web test admin password"
"$work/marketpulse" seed-demo >/dev/null
"$work/marketpulse" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/system/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if [ -n "${SCREENSHOT_DIR:-}" ]; then
  mkdir -p "$SCREENSHOT_DIR"
  SCREENSHOT_DIR=$(cd "$SCREENSHOT_DIR" && pwd)
  export SCREENSHOT_DIR
fi
MARKETPULSE_URL="http://127.0.0.1:$port" node web/test/journey.mjs || {
  echo "--- server log"; cat "$work/server.log"; exit 1; }
