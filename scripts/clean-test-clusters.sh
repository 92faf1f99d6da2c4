#!/usr/bin/env bash
# Removes what earlier test or benchmark runs may have left on this Docker engine (containers, networks and
# volumes of the test projects), so a run never trips over a stale valkey-node-N or a taken subnet.
set -euo pipefail
for project in valkey-it valkey-errors valkey-console valkey-resilience valkey-changes valkey-silent valkey-remote valkey-compose valkey-formation valkey-keys valkey-loop valkey-ext valkey-ui valkey-bench valkey-scale valkey-scale-bench; do
  label="label=com.docker.compose.project=$project"
  containers=$(docker ps -aq --filter "$label")
  [ -z "$containers" ] || docker rm -f $containers >/dev/null
  networks=$(docker network ls -q --filter "$label")
  [ -z "$networks" ] || docker network rm $networks >/dev/null
  volumes=$(docker volume ls -q --filter "$label")
  [ -z "$volumes" ] || docker volume rm $volumes >/dev/null
done
echo "[clean] test clusters removed"
