#!/usr/bin/env bash
# Makes sure a Chromium for the Playwright tests exists, without ever downloading Playwright's own browsers.
# Uses $CHROMIUM_PATH when set, else Debian's /usr/bin/chromium; installs the `chromium` package with apt-get
# when it is missing and we are root; otherwise explains how to install it and fails.
set -euo pipefail

target="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$target" ]; then
  echo "chromium: $target ($("$target" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

if [ "$(id -u)" != "0" ]; then
  cat >&2 <<'MSG'
/usr/bin/chromium is missing and this script is not running as root, so it cannot install it.
Install Debian's Chromium once, then re-run:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
or point CHROMIUM_PATH at an existing Chromium/Chrome binary. (Never `npx playwright install`: its host is unreachable.)
MSG
  exit 1
fi

echo "chromium: /usr/bin/chromium missing, installing Debian's chromium package"
# Another process (a parallel test run) may hold the dpkg lock: wait for it instead of failing.
apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi
echo "chromium: /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
