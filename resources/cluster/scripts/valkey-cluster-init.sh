#!/bin/sh
# One-off cluster bootstrap. Waits until every node in VALKEY_NODES answers, then:
#   - all nodes blank            -> forms them as `valkey-cli --cluster create` with VALKEY_CLUSTER_REPLICAS replicas
#                                   per primary would, by direct CLUSTER commands (direct_create); if a direct step
#                                   fails, resets the nodes and runs `--cluster create` itself
#   - already formed and healthy -> says so and succeeds
#   - formed, not healthy        -> meets every node at its current address (nodes back on other ports), and when
#                                   that makes it whole, succeeds
#   - half-formed                -> attaches blank nodes as replicas, forgets ghost entries, runs --cluster fix,
#                                   and fails with the check's report if the cluster is still not whole.
# The password is read from the Docker secret into valkey-cli's environment (never its arguments).
# In host-announce mode (VALKEY_ANNOUNCE_CLIENT_IP set) every IPv4 client, this container too, is told the host's
# address for each node; `valkey-cli --cluster` (check, fix, add-node, create) dials those addresses and cannot work
# from here, so the script checks health with its own per-node queries and leaves repairs to a run without the mode.
# This container has a tenth of a CPU, where every process (and every $(...) subshell) costs 15-35 ms: the helpers
# below set variables instead of printing into command substitutions, and each node gets one valkey-cli per step.
set -eu

nodes=${VALKEY_NODES:?VALKEY_NODES must list the nodes as ip:port}
replicas=${VALKEY_CLUSTER_REPLICAS:-1}
timeout=${VALKEY_INIT_TIMEOUT:-120}
secret_file=${VALKEY_PASSWORD_FILE:-/run/secrets/valkey_password}
announced_client_ip=${VALKEY_ANNOUNCE_CLIENT_IP:-}

command -v valkey-cli >/dev/null 2>&1 || { echo "init: valkey-cli is not installed in this image; use a Valkey image for the init container" >&2; exit 1; }
[ -s "$secret_file" ] || { echo "init: no password at $secret_file (is the valkey_password secret set?)" >&2; exit 1; }
REDISCLI_AUTH=$(cat "$secret_file")
export REDISCLI_AUTH

say() { echo "init: $*"; }
cli() { addr=$1; shift; valkey-cli --no-auth-warning -h "${addr%:*}" -p "${addr##*:}" "$@"; }
newline='
'
cr=$(printf '\r')
# Sets $info to node $1's CLUSTER INFO (empty when it does not answer).
cluster_info() { info=$(cli "$1" cluster info 2>/dev/null) || info=""; }
# Sets $value to field $1 of $info (empty when absent).
field() {
  value=${info#*"$1":}
  if [ "$value" = "$info" ]; then value=""; return 0; fi
  value=${value%%"$newline"*}
  value=${value%"$cr"}
}
# Sets $value to the number of words in $1.
# shellcheck disable=SC2086
words() { set -- $1; value=$#; }
# Sets $value to the value of key $1 among the words "key=value ..." of $2 (empty when absent).
lookup() {
  value=""
  for pair in $2; do
    if [ "${pair%%=*}" = "$1" ]; then value=${pair#*=}; return 0; fi
  done
}
words "$nodes"
total=$value

# True when `valkey-cli --cluster` can reach the nodes at the addresses they announce (not in host-announce mode).
cluster_manager_usable() { [ -z "$announced_client_ip" ]; }
cannot_manage() {
  say "$1 needs valkey-cli --cluster, which dials the address the nodes announce to clients ($announced_client_ip, the host);"
  say "that is not reachable from inside the network. Start the cluster once without host-announce mode to repair it."
}

blank=""
seed=""
for node in $nodes; do
  waited=0
  cluster_info "$node"
  field cluster_state
  until [ -n "$value" ]; do
    waited=$((waited + 1))
    [ "$waited" -lt "$((timeout * 5))" ] || { say "$node did not answer within ${timeout}s"; exit 1; }
    sleep 0.2
    cluster_info "$node"
    field cluster_state
  done
  field cluster_known_nodes
  known=$value
  field cluster_slots_assigned
  if [ "$known" = 1 ] && [ "$value" = 0 ]; then
    blank="$blank $node"
  elif [ -z "$seed" ] && [ "$value" != 0 ]; then
    seed=$node
  fi
done
say "all $total nodes answer"

healthy() {
  for node in $nodes; do
    cluster_info "$node"
    field cluster_state
    [ "$value" = ok ] || return 1
    field cluster_known_nodes
    [ "$value" = "$total" ] || return 1
  done
}

# Sends $3 (commands, one a line) to node $1 in one valkey-cli run; fails unless all $2 of them answer OK.
all_ok() {
  answers=$(cli "$1" 2>&1 <<EOF
$3
EOF
  ) || { say "$1: $answers"; return 1; }
  ok=0
  while IFS= read -r answer; do
    case ${answer%"$cr"} in OK) ok=$((ok + 1)) ;; '') ;; *) say "$1 answered: $answer" ;; esac
  done <<EOF
$answers
EOF
  [ "$ok" = "$2" ]
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

# The direct steps, each for one node ($item).
set_epoch_and_slots() {
  index=1
  for node in $nodes; do
    [ "$node" != "$item" ] || break
    index=$((index + 1))
  done
  lookup "$item" "$ranges"
  if [ -n "$value" ]; then
    all_ok "$item" 2 "CLUSTER SET-CONFIG-EPOCH $index${newline}CLUSTER ADDSLOTSRANGE ${value%-*} ${value#*-}"
  else
    all_ok "$item" 1 "CLUSTER SET-CONFIG-EPOCH $index"
  fi
}
meet_later_nodes() {
  meets="" count=0 after=""
  for node in $nodes; do
    if [ -n "$after" ]; then
      meets="${meets}CLUSTER MEET ${node%:*} ${node##*:}$newline"
      count=$((count + 1))
    fi
    [ "$node" != "$item" ] || after=1
  done
  [ "$count" = 0 ] || all_ok "$item" "$count" "$meets"
}
follow_primary() {
  lookup "$item" "$follows"
  primary=$value
  tries=0
  until case $(cli "$item" cluster nodes 2>/dev/null) in *"$primary "*) true ;; *) false ;; esac; do
    tries=$((tries + 1))
    [ "$tries" -lt "$((timeout * 20))" ] || { say "$item did not get to know its primary $primary"; return 1; }
    sleep 0.05
  done
  all_ok "$item" 1 "CLUSTER REPLICATE $primary"
}

# Forms the blank nodes exactly as `--cluster create` would, without its waits: valkey-cli's own plan (printed by
# `--cluster create` answered "no", which changes nothing) applied in the order of the extension's formCluster:
# config epochs and slots first (a primary still without slots 2 s after its start waits one more node timeout
# before it reports the cluster ok), then CLUSTER MEET between every pair once, then each replica follows its
# primary as soon as it knows it. Returns 2 having changed nothing when the plan cannot be read, 1 when a step failed.
direct_create() {
  # shellcheck disable=SC2086
  plan=$(valkey-cli --no-auth-warning --cluster create $nodes --cluster-replicas "$replicas" 2>&1 <<EOF
no
EOF
  ) || true
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
    lookup "$node" "$ids"
    [ -n "$value" ] || { say "valkey-cli's plan does not name $node"; return 2; }
  done
  [ -n "$ranges" ] || { say "valkey-cli's plan assigns no slots"; return 2; }
  list=$nodes
  each_in_parallel set_epoch_and_slots || return 1
  each_in_parallel meet_later_nodes || return 1
  list=""
  for pair in $follows; do list="$list ${pair%%=*}"; done
  each_in_parallel follow_primary || return 1
}

# Nodes that came back on other ports are remembered by their peers at the old ones: a MEET at a known node's
# current address makes every peer move that node's entry there (data and roles stay).
meet_every_other_node() {
  meets="" count=0
  for node in $nodes; do
    [ "$node" = "$item" ] && continue
    meets="${meets}CLUSTER MEET ${node%:*} ${node##*:}$newline"
    count=$((count + 1))
  done
  all_ok "$item" "$count" "$meets"
}
reintroduce() {
  [ -z "$blank" ] || return 1
  list=$nodes
  each_in_parallel meet_every_other_node
}
# True once the cluster is healthy, within a few node timeouts.
settles() {
  tries=0
  until healthy; do
    tries=$((tries + 1))
    [ "$tries" -lt 75 ] || return 1
    sleep 0.2
  done
}

words "$blank"
if [ "$value" = "$total" ]; then
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
    cluster_manager_usable || { cannot_manage "creating the cluster this way"; exit 1; }
    # shellcheck disable=SC2086
    valkey-cli --no-auth-warning --cluster create $nodes --cluster-replicas "$replicas" --cluster-yes
  fi
elif [ -z "$seed" ]; then
  say "the nodes know each other but no node serves any slot; nothing safe to repair automatically."
  say "remove the cluster's data (the valkey-data-* volumes) and start again, or assign slots by hand."
  exit 1
elif healthy && [ -z "$blank" ] && { ! cluster_manager_usable || valkey-cli --no-auth-warning --cluster check "$seed" >/dev/null 2>&1; }; then
  say "the cluster is already formed and healthy; nothing to do"
  exit 0
elif reintroduce && settles; then
  say "every node is back at its address (ports changed since the last run); the cluster is whole again"
else
  cluster_manager_usable || { cannot_manage "repairing a half-formed cluster"; exit 1; }
  say "the cluster is half-formed; repairing from $seed"
  # Entries in state fail are ghosts here (every node just answered and was met at its address): forget them.
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
      cluster_info "$node"
      field cluster_state
      state=$value
      field cluster_known_nodes
      known=$value
      field cluster_slots_assigned
      echo "  $node state=$state known=$known slots=$value"
    done
    ! cluster_manager_usable || valkey-cli --no-auth-warning --cluster check "${seed:-${nodes%% *}}" || true
    exit 1
  fi
  sleep 0.2
done
# shellcheck disable=SC2086
set -- $nodes
if cluster_manager_usable; then
  valkey-cli --no-auth-warning --cluster check "$1"
else
  say "every node reports the cluster ok and knows all $total nodes; clients are told $announced_client_ip (host-announce mode)"
fi
say "cluster ready"
