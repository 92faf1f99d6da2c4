#!/bin/sh
# One-off cluster bootstrap. Waits until every node in VALKEY_NODES answers, then:
#   - all nodes blank            -> forms them as `valkey-cli --cluster create` with VALKEY_CLUSTER_REPLICAS replicas
#                                   per primary would, by direct CLUSTER commands (direct_create); if a direct step
#                                   fails, resets the nodes and runs `--cluster create` itself
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
    [ "$waited" -lt "$((timeout * 5))" ] || { say "$node did not answer PING within ${timeout}s"; exit 1; }
    sleep 0.2
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

# The value of key $1 among the words "key=value ..." of $2.
lookup() {
  for pair in $2; do
    [ "${pair%%=*}" != "$1" ] || { echo "${pair#*=}"; return 0; }
  done
}

# Sends commands (one a line) to node $1 in one valkey-cli run; fails unless every one answers OK.
all_ok() {
  answers=$(printf '%s\n' "$2" | cli "$1" 2>&1) || { say "$1: $answers"; return 1; }
  expected=0 ok=0
  while IFS= read -r line; do [ -z "$line" ] || expected=$((expected + 1)); done <<EOF
$2
EOF
  while IFS= read -r answer; do
    case $answer in OK) ok=$((ok + 1)) ;; '') ;; *) say "$1 answered: $answer" ;; esac
  done <<EOF
$answers
EOF
  [ "$ok" = "$expected" ]
}

# Runs "$@" in the background once per word of $list (as $item) and fails if any of the runs failed.
each_in_parallel() {
  pids=""
  for item in $list; do
    "$@" &
    pids="$pids $!"
  done
  failed=0
  for pid in $pids; do wait "$pid" || failed=1; done
  return "$failed"
}

# The direct steps, each run for one node ($item).
set_epoch_and_slots() {
  index=1
  for node in $nodes; do
    [ "$node" != "$item" ] || break
    index=$((index + 1))
  done
  range=$(lookup "$item" "$ranges")
  if [ -n "$range" ]; then
    all_ok "$item" "CLUSTER SET-CONFIG-EPOCH $index${newline}CLUSTER ADDSLOTSRANGE ${range%-*} ${range#*-}"
  else
    all_ok "$item" "CLUSTER SET-CONFIG-EPOCH $index"
  fi
}
meet_later_nodes() {
  meets="" after=""
  for node in $nodes; do
    [ -z "$after" ] || meets="${meets}CLUSTER MEET ${node%:*} ${node##*:}$newline"
    [ "$node" != "$item" ] || after=1
  done
  [ -z "$meets" ] || all_ok "$item" "$meets"
}
follow_primary() {
  primary=$(lookup "$item" "$follows")
  tries=0
  until case $(cli "$item" cluster nodes 2>/dev/null) in *"$primary "*) true ;; *) false ;; esac; do
    tries=$((tries + 1))
    [ "$tries" -lt "$((timeout * 20))" ] || { say "$item did not get to know its primary $primary"; return 1; }
    sleep 0.05
  done
  all_ok "$item" "CLUSTER REPLICATE $primary"
}

# Forms the blank nodes exactly as `--cluster create` would, without its waits: valkey-cli's own plan (printed by
# `--cluster create` answered "no", which changes nothing) applied in the order of the extension's formCluster:
# config epochs and slots first (a primary still without slots 2 s after its start waits one more node timeout
# before it reports the cluster ok), then CLUSTER MEET between every pair once, then each replica follows its
# primary as soon as it knows it. Returns 2 having changed nothing when the plan cannot be read, 1 when a step failed.
direct_create() {
  # shellcheck disable=SC2086
  plan=$(echo no | valkey-cli --no-auth-warning --cluster create $nodes --cluster-replicas "$replicas" 2>&1) || true
  ids="" ranges="" follows="" address=""
  while read -r first second third _; do
    case $first in
      M:|S:) address=$third; ids="$ids $third=$second" ;;
      slots:\[*-*\]) range=${first#slots:[}; ranges="$ranges $address=${range%]}" ;;
      replicates) follows="$follows $address=$second" ;;
    esac
  done <<EOF
$plan
EOF
  for node in $nodes; do
    [ -n "$(lookup "$node" "$ids")" ] || { say "valkey-cli's plan does not name $node"; return 2; }
  done
  [ -n "$ranges" ] || { say "valkey-cli's plan assigns no slots"; return 2; }
  list=$nodes
  each_in_parallel set_epoch_and_slots || return 1
  each_in_parallel meet_later_nodes || return 1
  list=$(for pair in $follows; do echo "${pair%%=*}"; done)
  each_in_parallel follow_primary || return 1
}

# shellcheck disable=SC2086
if [ "$(count $blank)" = "$total" ]; then
  say "creating the cluster: $total nodes, $replicas replica(s) per primary"
  status=0
  direct_create || status=$?
  if [ "$status" != 0 ]; then
    if [ "$status" = 1 ]; then
      say "a direct step failed; resetting the nodes and letting valkey-cli create the cluster"
      for node in $nodes; do cli "$node" cluster reset hard >/dev/null 2>&1 || true; done
    else
      say "letting valkey-cli create the cluster"
    fi
    # shellcheck disable=SC2086
    valkey-cli --no-auth-warning --cluster create $nodes --cluster-replicas "$replicas" --cluster-yes
  fi
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
