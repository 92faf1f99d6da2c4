#!/usr/bin/env bash
# The main job on a machine without desktop VS Code: builds the extension, prepares Docker and the local images,
# and opens a real VS Code (code-server) in the browser on 127.0.0.1 with the extension installed and a workspace
# set up to use the local images. Run "Valkey: Start Cluster" from the command palette there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_node_modules
step "build and package"
npm run --silent build
npm run --silent package >/dev/null
step "Docker engine and local images"
bash scripts/setup-docker.sh
bash scripts/build-images.sh
step "code-server"
bash scripts/setup-vscode.sh
exec node scripts/open-vscode.mjs "$@"
