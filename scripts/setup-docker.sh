#!/usr/bin/env bash
# Makes a Docker engine reachable: installs Debian's docker.io and the Compose v2 plugin when missing,
# and starts dockerd (as root) when no engine answers. Safe to run again: it does only what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
CACHE_DIR=${VALKEY_VSC_CACHE:-$HOME/.cache/valkey-cluster-vscode}
mkdir -p "$CACHE_DIR"

log() { echo "[setup-docker] $*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get -o DPkg::Lock::Timeout=600 update -qq; apt_updated=1; fi
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}

if docker info >/dev/null 2>&1; then
  log "engine already reachable"
else
  if ! command -v dockerd >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "dockerd is not installed and this is not root: install Docker, then run again" >&2; exit 1; }
    log "installing docker.io"
    apt_install docker.io iptables
  fi
  [ "$(id -u)" = 0 ] || { echo "no Docker engine answers and only root can start dockerd here: start Docker, then run again" >&2; exit 1; }
  log "starting dockerd"
  setsid dockerd >"$CACHE_DIR/dockerd.log" 2>&1 < /dev/null &
  # Its pid, so this dockerd (and only this one) can be stopped by it later.
  echo $! > "$CACHE_DIR/dockerd.pid"
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -30 "$CACHE_DIR/dockerd.log" >&2; echo "dockerd did not start (log: $CACHE_DIR/dockerd.log)" >&2; exit 1; }
  log "engine up"
fi

# Compose v2 is used to prove the bundled folder works with plain `docker compose`, and as the benchmark baseline.
if ! docker compose version >/dev/null 2>&1; then
  plugin_dir=/usr/local/lib/docker/cli-plugins
  if [ ! -x "$CACHE_DIR/docker-compose" ]; then
    log "fetching the Compose v2 plugin from Debian forky"
    work=$(mktemp -d)
    mkdir -p "$work/lists/partial" "$work/archives/partial"
    echo "deb http://deb.debian.org/debian forky main" > "$work/sources.list"
    apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=-" -o "Dir::State::Lists=$work/lists"
              -o "Dir::Cache::Archives=$work/archives" -o "Acquire::Check-Valid-Until=false" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
    apt-get "${apt_opts[@]}" update -qq
    (cd "$work" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
    dpkg -x "$work"/docker-compose_*.deb "$work/x"
    cp "$work/x/usr/libexec/docker/cli-plugins/docker-compose" "$CACHE_DIR/docker-compose"
    rm -rf "$work"
  fi
  mkdir -p "$plugin_dir"
  ln -sf "$CACHE_DIR/docker-compose" "$plugin_dir/docker-compose"
fi
log "$(docker compose version)"
