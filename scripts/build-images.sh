#!/usr/bin/env bash
# Builds the local images the tests and the offline quick start use, since no image registry is reachable:
# a real Valkey 9 (Debian's valkey-server/valkey-tools) and a real redis_exporter (Debian's
# prometheus-redis-exporter, with the entrypoint of the official image). Each is skipped when its tag already exists; FORCE=1 rebuilds.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
VALKEY_TAG=${LOCAL_VALKEY_IMAGE:-valkey-cluster-vscode/valkey:9-local}
EXPORTER_TAG=${LOCAL_EXPORTER_IMAGE:-valkey-cluster-vscode/redis-exporter:local}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-forky}

log() { echo "[build-images] $*"; }
have_image() { [ "${FORCE:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! command -v mmdebstrap >/dev/null 2>&1; then
  log "installing mmdebstrap"
  apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

# build TAG DOCKERFILE_CHANGE PACKAGES: a minimal Debian root with the packages, imported as an image.
build() {
  local tag=$1 change=$2 packages=$3 work
  work=$(mktemp -d)
  log "building $tag from Debian $SUITE ($packages)"
  # The suite's Release file may be past its Valid-Until date on a snapshot mirror.
  mmdebstrap --quiet --variant=essential --include="$packages" \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    "$SUITE" "$work/rootfs.tar" "$MIRROR"
  docker import -c "$change" "$work/rootfs.tar" "$tag" >/dev/null
  rm -rf "$work"
}

have_image "$VALKEY_TAG" && log "$VALKEY_TAG present" || build "$VALKEY_TAG" 'CMD ["valkey-server"]' valkey-server,valkey-tools
have_image "$EXPORTER_TAG" && log "$EXPORTER_TAG present" || build "$EXPORTER_TAG" 'ENTRYPOINT ["/usr/bin/prometheus-redis-exporter"]' prometheus-redis-exporter
docker run --rm "$VALKEY_TAG" valkey-server --version
