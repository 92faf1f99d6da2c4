#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs and starts what it needs (Docker engine, local images,
# code-server, Chromium), then runs type check, unit, integration, extension-host and UI tests.
# Parts can be skipped for a quicker loop: SKIP_INTEGRATION=1, SKIP_EXTENSION=1. A test that hangs fails after
# TEST_TIMEOUT_MS (20 minutes) instead of holding the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$(date +%s)
timeout_ms=${TEST_TIMEOUT_MS:-1200000}

install_node_modules
step "type check, lint and build"
npm run --silent typecheck
npm run --silent lint
npm run --silent build
npx tsc -p .

step "unit tests"
node --test out/test/unit/

if [ "${SKIP_INTEGRATION:-0}" != 1 ] || [ "${SKIP_EXTENSION:-0}" != 1 ]; then
  step "Docker engine and local images"
  bash scripts/setup-docker.sh
  bash scripts/build-images.sh
  bash scripts/clean-test-clusters.sh
  # Whatever happens below, the engine is left without test clusters: a later run may share its disk.
  trap 'bash scripts/clean-test-clusters.sh >/dev/null 2>&1 || true' EXIT
fi

if [ "${SKIP_INTEGRATION:-0}" != 1 ]; then
  step "OpenSSH server and network namespaces for the remote-engine tests"
  bash scripts/setup-remote.sh
  step "integration tests (real Docker, real Valkey)"
  node --test --test-concurrency=1 --test-timeout="$timeout_ms" out/test/integration/
fi

if [ "${SKIP_EXTENSION:-0}" != 1 ]; then
  step "real VS Code: code-server, Chromium"
  bash scripts/setup-vscode.sh
  step "extension-host tests (mocha inside code-server's extension host)"
  node out/test/extension/run.js
  step "UI checks (Chromium driving code-server, packaged .vsix installed)"
  npm run --silent package
  node --test --test-concurrency=1 --test-timeout="$timeout_ms" out/test/ui/
fi

step "all tests passed in $(( $(date +%s) - started )) s"
