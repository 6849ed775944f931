#!/usr/bin/env bash
# Runs every Go fuzz target briefly (FUZZTIME, default 1000x: executions, or
# a duration such as 30s) on top of its seed corpus; `go test` alone only
# replays the seeds. Used by .ci/run. A count avoids Go 1.26's spurious
# "context deadline exceeded" at the end of a timed run (golang/go#75804).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-1000x}
grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' internal cmd | while read -r file; do
  pkg="./$(dirname "$file")"
  grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/' | while read -r target; do
    echo "--- fuzz $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"
  done
done
