#!/usr/bin/env bash
# make api-diff [BASE=rev]: fails when openapi.yaml has a breaking change
# since BASE (default HEAD~1, the previous commit) that docs/api-changes.md
# does not accept. oasdiff, pinned below, finds the breaking changes (level
# ERR); an accepted one has a line in docs/api-changes.md of the form
#   - `<id>` `<METHOD> <path>`: why, and for whom
# (or `<id>` `<section>` for a change outside any operation). See that file.
set -euo pipefail
cd "$(dirname "$0")/.."

OASDIFF_VERSION=v1.39.0
base=${1:-HEAD~1}
doc=docs/api-changes.md

if ! git rev-parse --verify -q "$base^{commit}" >/dev/null; then
  if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    echo "api-diff: skipped: $base is not in this shallow clone; fetch it (git fetch --deepen=1) to compare" >&2
  else
    echo "api-diff: skipped: no $base to compare with (the first commit has no previous openapi.yaml)" >&2
  fi
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! git show "$base:openapi.yaml" >"$work/base.yaml" 2>/dev/null; then
  echo "api-diff: skipped: $base has no openapi.yaml" >&2
  exit 0
fi

# --fail-on ERR exits 1 when there is a breaking change; any other failure
# (a spec that does not load, exit 102) ends the script here.
rc=0
go run "github.com/oasdiff/oasdiff@$OASDIFF_VERSION" breaking "$work/base.yaml" openapi.yaml \
  --format json --fail-on ERR >"$work/changes.json" 2>"$work/stderr" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  cat "$work/stderr" >&2
  echo "api-diff: oasdiff failed (exit $rc)" >&2
  exit "$rc"
fi
# One "id where" key per breaking change: where is "METHOD path", or the
# section for a change outside an operation.
jq -r '.[] | select(.level == 3)
  | "\(.id) \(if (.path // "") != "" then "\(.operation) \(.path)" else .section end)"' \
  "$work/changes.json" | sort -u >"$work/breaking"
# The accepted keys: the first two code spans of each "- `id` `where`" line.
sed -nE 's/^- `([a-z0-9-]+)` `([^`]+)`.*/\1 \2/p' "$doc" | sort -u >"$work/accepted"

unaccepted=$(comm -23 "$work/breaking" "$work/accepted")
total=$(wc -l <"$work/breaking")
if [ -n "$unaccepted" ]; then
  echo "api-diff: openapi.yaml has breaking changes since $base that $doc does not accept:" >&2
  jq -r '.[] | select(.level == 3) | "  \(.id) \(.operation // "") \(.path // .section): \(.text)"' \
    "$work/changes.json" >&2
  echo "Unaccepted (add a line per change to $doc if it is intended):" >&2
  sed -E 's/^([^ ]+) (.*)$/  - `\1` `\2`: <why, and what clients must do>/' <<<"$unaccepted" >&2
  exit 1
fi
echo "api-diff: openapi.yaml vs $base: $total breaking change(s), all accepted in $doc"
