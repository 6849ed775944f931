#!/usr/bin/env bash
# Installs Debian's Chromium (the browser of `make web-test` and
# `make screenshots`), non-interactively. Playwright's own browser download
# is not used: the tests drive /usr/bin/chromium through playwright-core.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
/usr/bin/chromium --version
