#!/usr/bin/env bash
# Idempotent setup for the integration tests in real VS Code (code-server 4.100.3 = VS Code 1.100.3,
# driven by Debian chromium + playwright-core). Why each step: docs/test-world.md "Real VS Code".
# Everything lands under $TMT_E2E_PREFIX (default ~/.cache/task-model-tuner/vscode-e2e), never in
# the repo. Each step is skipped when its marker exists, so a re-run takes about a second.
set -euo pipefail

# TMT_CS_VERSION=4.96.4 installs the engines floor (VS Code 1.96) beside the default, in cs-4.96.4.
CS_DEFAULT=4.100.3
CS_VERSION=${TMT_CS_VERSION:-$CS_DEFAULT}
PREFIX=${TMT_E2E_PREFIX:-$HOME/.cache/task-model-tuner/vscode-e2e}
CS_DIR=$PREFIX/cs
[ "$CS_VERSION" = "$CS_DEFAULT" ] || CS_DIR=$PREFIX/cs-$CS_VERSION
CS_MARKER=$CS_DIR/.installed-$CS_VERSION
log() { printf '[vscode-e2e setup] %s\n' "$*"; }
t0=$(date +%s)

mkdir -p "$PREFIX/tmp" "$CS_DIR"

# 1. Debian packages: chromium (browser), libkrb5-dev (code-server's kerberos addon), ripgrep (seed).
missing=()
for p in chromium libkrb5-dev ripgrep; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt: installing ${missing[*]}"
  # Another session may hold the dpkg lock (e.g. the webview tests installing chromium): wait for it.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  # dpkg's per-package chatter goes to a log; errors still stop the script (set -e) and show the log.
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >"$PREFIX/tmp/apt.log" 2>&1; then
    cat "$PREFIX/tmp/apt.log" >&2
    exit 1
  fi
fi

# 2. code-server's postinstall insists on Node 20 exactly (4.103+ wants 22).
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [ "$NODE_MAJOR" != 20 ]; then
  echo "code-server $CS_VERSION needs Node 20 (found $(node --version)); switch Node or bump code-server." >&2
  exit 1
fi

cs_ok() {
  local vm=$CS_DIR/node_modules/code-server/lib/vscode/node_modules
  [ -x "$vm/@vscode/ripgrep/bin/rg" ] && [ -f "$vm/node-pty/build/Release/pty.node" ] && [ -f "$vm/kerberos/build/Release/kerberos.node" ] &&
    compgen -G "$CS_DIR/node_modules/argon2/lib/binding/*/argon2.node" >/dev/null
}

if [ ! -f "$CS_MARKER" ] || ! cs_ok; then
  # 3. Seed @vscode/ripgrep's download cache with Debian's rg (its postinstall would go to GitHub).
  SCRATCH=$(mktemp -d "$PREFIX/tmp/seed.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
  (
    cd "$SCRATCH"
    npm pack --silent "code-server@$CS_VERSION" >/dev/null
    tar xzf code-server-*.tgz package/lib/vscode/npm-shrinkwrap.json
    RG_PKG=$(node -p "require('./package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
    rm -rf package
    npm pack --silent "@vscode/ripgrep@$RG_PKG" >/dev/null
    tar xzf vscode-ripgrep-*.tgz package/lib/postinstall.js
    RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" package/lib/postinstall.js)
    case "$(uname -m)" in aarch64|arm64) RG_TARGET=aarch64-unknown-linux-musl ;; *) RG_TARGET=x86_64-unknown-linux-musl ;; esac
    mkdir -p "$PREFIX/tmp/vscode-ripgrep-cache-$RG_PKG" rg
    cp "$(command -v rg)" rg/rg
    tar czf "$PREFIX/tmp/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" -C rg rg
    log "seeded ripgrep cache: @vscode/ripgrep $RG_PKG, $RG_TAG, $RG_TARGET"
  )

  # 4. code-server itself. A failed postinstall leaves a half-built tree, so always start clean.
  log "npm install code-server@$CS_VERSION (builds native addons; ~1-2 min)"
  rm -rf "$CS_DIR/node_modules" "$CS_DIR/package-lock.json" "$CS_MARKER"
  printf '{ "name": "tmt-e2e-code-server", "private": true }\n' > "$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    # unsafe_perm: the postinstall refuses root otherwise; yes: node-pty's postinstall runs npx node-gyp.
    export TMPDIR=$PREFIX/tmp npm_config_unsafe_perm=true npm_config_yes=true
    # node-gyp downloads Node's headers from nodejs.org (unreachable here) unless told where they are;
    # Debian's nodejs ships them under /usr/include/node.
    if [ "$(npm config get nodedir 2>/dev/null)" = "undefined" ] || [ -z "$(npm config get nodedir 2>/dev/null)" ]; then
      [ -f /usr/include/node/node_version.h ] && export npm_config_nodedir=/usr
    fi
    if [ "$CS_VERSION" = "$CS_DEFAULT" ]; then
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
    else
      # Older releases (4.96.x) pin @vscode/proxy-agent to a GitHub commit, which this machine cannot
      # reach; the registry's tarball of that version has the same integrity hash, so point at it.
      npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CS_VERSION"
      node -e '
        const fs = require("fs"); const f = process.argv[1]; const w = JSON.parse(fs.readFileSync(f, "utf8"));
        for (const [k, p] of Object.entries(w.packages)) {
          if (!String(p.resolved || "").startsWith("git+")) continue;
          const name = k.replace(/^.*node_modules\//, "");
          p.resolved = `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${p.version}.tgz`;
          console.log(`[vscode-e2e setup] ${name}@${p.version}: GitHub pin -> registry tarball`);
        }
        fs.writeFileSync(f, JSON.stringify(w, null, 2));
      ' node_modules/code-server/lib/vscode/npm-shrinkwrap.json
      npm rebuild --loglevel=error   # every install script, code-server's postinstall included
    fi
  )
  if ! cs_ok; then
    echo "code-server install is incomplete (rg, pty.node, kerberos.node or argon2.node missing); see the npm output above." >&2
    exit 1
  fi
  touch "$CS_MARKER"
fi

# 5. Versions, without writing to $HOME (code-server writes a config unless --config is given).
if [ ! -f "$PREFIX/version-check.yaml" ]; then printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$PREFIX/version-check.yaml"; fi
CS_V=$(XDG_DATA_HOME=$PREFIX/xdg-data XDG_CONFIG_HOME=$PREFIX/xdg-config XDG_CACHE_HOME=$PREFIX/xdg-cache \
  "$CS_DIR/node_modules/.bin/code-server" --config "$PREFIX/version-check.yaml" --version 2>/dev/null | head -1)
CR_V=$(/usr/bin/chromium --version 2>/dev/null | tail -1)
log "code-server: $CS_V"
log "chromium:    $CR_V"
log "prefix:      $PREFIX ($(( $(date +%s) - t0 )) s)"
