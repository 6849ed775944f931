#!/usr/bin/env bash
# Measures the server's memory: idle RSS after a `make run`-like start (the
# full demo data set, default settings) and a login flood (N concurrent
# logins of one account, the login throttles lifted): peak RSS (VmHWM),
# RSS afterwards, the answers' status codes and their latency percentiles.
#
#   scripts/memory-figures.sh [BINARY] [LOGINS]     (default: build ./cmd/marketpulse; 200)
#
# Extra server settings come from the environment (e.g. MEMORY_LIMIT=0).
# Not a test: it prints figures for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
bin=${1:-}
logins=${2:-200}
if [ -z "$bin" ]; then
  bin="$work/marketpulse"
  go build -o "$bin" ./cmd/marketpulse
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)))
url="http://127.0.0.1:$port"
export DATABASE_PATH="$work/mp.db" HTTP_ADDR="127.0.0.1:$port" LOG_LEVEL=warn \
  LOGIN_ATTEMPTS_PER_MINUTE=100000 LOGIN_BURST=100000 RATE_LIMIT_RPS=100000 RATE_LIMIT_BURST=100000
"$bin" seed-demo >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 200); do
  curl -fsS "$url/api/system/health" >/dev/null 2>&1 && break
  sleep 0.1
done
rss() { awk -v k="$1:" '$1 == k { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/status"; }

sleep 5 # let start-up work (warm-up, the first flush) finish
echo "idle after start: VmRSS $(rss VmRSS), VmHWM $(rss VmHWM)"

body='{"email":"flood@example.com","password":"correct horse battery","displayName":"Flood"}'
curl -fsS -o /dev/null "$url/api/auth/register" -H 'Content-Type: application/json' -d "$body"
login='{"email":"flood@example.com","password":"correct horse battery"}'
for i in $(seq 1 "$logins"); do
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' "$url/api/auth/login" \
    -H 'Content-Type: application/json' -d "$login" >"$work/login.$i" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
cat "$work"/login.* >"$work/logins"
echo "$logins concurrent logins: peak VmHWM $(rss VmHWM), VmRSS after $(rss VmRSS)"
echo "  status codes: $(cut -d' ' -f1 "$work/logins" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
sort -n -k2 "$work/logins" | awk '{ t[NR] = $2 } END {
  printf "  latency p50 %.2f s, p90 %.2f s, max %.2f s\n", t[int(NR*0.5)+1], t[int(NR*0.9)+1], t[NR] }'
for code in 200 503; do
  grep "^$code " "$work/logins" | sort -n -k2 | awk -v c="$code" '{ t[NR] = $2 } END {
    if (NR) printf "  %s: %d, p50 %.2f s, max %.2f s\n", c, NR, t[int(NR*0.5)+1], t[NR] }'
done
sleep 10
echo "10 s after the flood: VmRSS $(rss VmRSS)"
