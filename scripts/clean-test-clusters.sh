#!/usr/bin/env bash
# Removes what earlier test or benchmark runs may have left on this Docker engine (containers, networks and
# volumes of the projects in scripts/test-projects.txt), so a run never trips over a stale valkey-node-N or a
# taken subnet. A network of any other valkey-* project that no container uses is removed too: it holds no data,
# and left behind it would keep the cluster subnet taken.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
grep -v '^#' "$here/test-projects.txt" | while read -r project; do
  [ -n "$project" ] || continue
  label="label=com.docker.compose.project=$project"
  containers=$(docker ps -aq --filter "$label")
  [ -z "$containers" ] || docker rm -f $containers >/dev/null
  networks=$(docker network ls -q --filter "$label")
  [ -z "$networks" ] || docker network rm $networks >/dev/null
  volumes=$(docker volume ls -q --filter "$label")
  [ -z "$volumes" ] || docker volume rm $volumes >/dev/null
done
for network in $(docker network ls -q --filter label=com.docker.compose.project); do
  project=$(docker network inspect -f '{{index .Labels "com.docker.compose.project"}}' "$network")
  attached=$(docker network inspect -f '{{len .Containers}}' "$network")
  case "$project" in
    valkey-*) [ "$attached" != 0 ] || { docker network rm "$network" >/dev/null && echo "[clean] removed unused network of $project"; } ;;
  esac
done
echo "[clean] test clusters removed"
