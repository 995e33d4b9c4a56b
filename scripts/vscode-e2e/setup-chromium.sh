#!/usr/bin/env bash
# Debian's headless Chromium for the tests driven by playwright-core (test/webview, test/integration).
# Idempotent: does nothing when chromium is already installed. scripts/vscode-e2e/setup.sh installs it
# too (with code-server's build dependencies); this is the light version for the webview suite.
set -euo pipefail
if [ "$(dpkg-query -W -f='${Status}' chromium 2>/dev/null || true)" != "install ok installed" ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[chromium setup] apt: installing chromium"
  # Another session may hold the dpkg lock: wait for it rather than fail.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
fi
echo "[chromium setup] $(/usr/bin/chromium --version 2>/dev/null | tail -1)"
