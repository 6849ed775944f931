#!/usr/bin/env bash
# Installs valkey-server from Debian bookworm-backports, non-interactively.
# Used by .ci/run and by `make test` when valkey-server is missing.
set -euo pipefail

if command -v valkey-server >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Reuse the Debian mirror this machine is already configured with.
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  mirror=$(grep -hsE '^\s*URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n 1 || true)
  if [ -z "$mirror" ]; then
    mirror=$(grep -hsE '^\s*deb\s' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n 1 || true)
  fi
  if [ -z "$mirror" ]; then
    echo "install-valkey: no Debian mirror found in /etc/apt sources" >&2
    exit 1
  fi
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" \
    | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports valkey-server
# The package enables a system service; tests start their own servers.
$SUDO systemctl disable --now valkey-server >/dev/null 2>&1 || true
$SUDO pkill -x valkey-server >/dev/null 2>&1 || true
command -v valkey-server >/dev/null
valkey-server --version
