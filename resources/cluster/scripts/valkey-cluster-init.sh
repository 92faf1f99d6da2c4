#!/bin/sh
# One-off cluster bootstrap. Waits until every node in VALKEY_NODES answers, then:
#   - all nodes blank            -> `valkey-cli --cluster create` with VALKEY_CLUSTER_REPLICAS replicas per primary
#   - already formed and healthy -> says so and succeeds
#   - half-formed                -> attaches blank nodes as replicas, forgets ghost entries, runs --cluster fix,
#                                   and fails with the check's report if the cluster is still not whole.
# The password is read from the Docker secret into valkey-cli's environment (never its arguments).
set -eu

nodes=${VALKEY_NODES:?VALKEY_NODES must list the nodes as ip:port}
replicas=${VALKEY_CLUSTER_REPLICAS:-1}
timeout=${VALKEY_INIT_TIMEOUT:-120}
secret_file=${VALKEY_PASSWORD_FILE:-/run/secrets/valkey_password}

command -v valkey-cli >/dev/null 2>&1 || { echo "init: valkey-cli is not installed in this image; use a Valkey image for the init container" >&2; exit 1; }
[ -s "$secret_file" ] || { echo "init: no password at $secret_file (is the valkey_password secret set?)" >&2; exit 1; }
REDISCLI_AUTH=$(cat "$secret_file")
export REDISCLI_AUTH

say() { echo "init: $*"; }
cli() { addr=$1; shift; valkey-cli --no-auth-warning -h "${addr%:*}" -p "${addr##*:}" "$@"; }
# One CLUSTER INFO per node per check, its fields cut in the shell: this container has a tenth of a CPU,
# so every valkey-cli process counts.
cluster_info() { cli "$1" cluster info 2>/dev/null | tr -d '\r'; }
newline='
'
field() { value=${1#*"$2":}; [ "$value" != "$1" ] || return 0; echo "${value%%"$newline"*}"; }
count() { echo $#; }
# shellcheck disable=SC2086
total=$(count $nodes)

for node in $nodes; do
  waited=0
  until [ "$(cli "$node" ping 2>/dev/null)" = PONG ]; do
    waited=$((waited + 1))
    [ "$waited" -lt "$timeout" ] || { say "$node did not answer PING within ${timeout}s"; exit 1; }
    sleep 1
  done
done
say "all $total nodes answer"

blank=""
seed=""
for node in $nodes; do
  info=$(cluster_info "$node")
  if [ "$(field "$info" cluster_known_nodes)" = 1 ] && [ "$(field "$info" cluster_slots_assigned)" = 0 ]; then
    blank="$blank $node"
  elif [ -z "$seed" ] && [ "$(field "$info" cluster_slots_assigned)" != 0 ]; then
    seed=$node
  fi
done

healthy() {
  for node in $nodes; do
    info=$(cluster_info "$node")
    [ "$(field "$info" cluster_state)" = ok ] && [ "$(field "$info" cluster_known_nodes)" = "$total" ] || return 1
  done
}

# shellcheck disable=SC2086
if [ "$(count $blank)" = "$total" ]; then
  say "creating the cluster: $total nodes, $replicas replica(s) per primary"
  # shellcheck disable=SC2086
  valkey-cli --no-auth-warning --cluster create $nodes --cluster-replicas "$replicas" --cluster-yes
elif [ -z "$seed" ]; then
  say "the nodes know each other but no node serves any slot; nothing safe to repair automatically."
  say "remove the cluster's data (the valkey-data-* volumes) and start again, or assign slots by hand."
  exit 1
elif healthy && [ -z "$blank" ] && valkey-cli --no-auth-warning --cluster check "$seed" >/dev/null 2>&1; then
  say "the cluster is already formed and healthy; nothing to do"
  exit 0
else
  say "the cluster is half-formed; repairing from $seed"
  # Entries in state fail are ghosts here (every node just answered): forget them on every node.
  for ghost in $(cli "$seed" cluster nodes | awk '$3 ~ /fail/ && $3 !~ /myself/ {print $1}'); do
    say "forgetting unreachable node $ghost"
    for node in $nodes; do cli "$node" cluster forget "$ghost" >/dev/null 2>&1 || true; done
  done
  for node in $blank; do
    say "adding $node as a replica"
    valkey-cli --no-auth-warning --cluster add-node "$node" "$seed" --cluster-slave
  done
  valkey-cli --no-auth-warning --cluster check "$seed" >/dev/null 2>&1 || valkey-cli --no-auth-warning --cluster fix "$seed" --cluster-yes || true
fi

waited=0
until healthy; do
  waited=$((waited + 1))
  if [ "$waited" -ge "$((timeout * 5))" ]; then
    say "the cluster did not become healthy within ${timeout}s; its state per node:"
    for node in $nodes; do
      info=$(cluster_info "$node")
      echo "  $node state=$(field "$info" cluster_state) known=$(field "$info" cluster_known_nodes) slots=$(field "$info" cluster_slots_assigned)"
    done
    valkey-cli --no-auth-warning --cluster check "${seed:-${nodes%% *}}" || true
    exit 1
  fi
  sleep 0.2
done
set -- $nodes
valkey-cli --no-auth-warning --cluster check "$1"
say "cluster ready"
