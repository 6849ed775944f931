#!/usr/bin/env bash
# Installs Debian's PostgreSQL server, non-interactively, when initdb is
# missing. Used by .ci/run and by `make test`; internal/testpg starts its
# own throwaway clusters from these binaries.
# Prints one line: the directory of initdb and postgres, and their version.
set -euo pipefail

# find_bindir prints the directory holding initdb and postgres, as testpg
# looks for it: initdb on PATH (through symlinks), else the newest
# /usr/lib/postgresql/<major>/bin.
find_bindir() {
  local p dir
  if p=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$p")")
    if [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! bindir=$(find_bindir); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends postgresql
  # The package starts a cluster of its own as a system service; tests
  # start theirs.
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      $SUDO pg_ctlcluster --force "$version" "$name" stop >/dev/null 2>&1 || true
    done
  fi
  bindir=$(find_bindir)
fi
echo "install-postgres: $bindir: $("$bindir/postgres" --version)"
