#!/bin/sh
# Node entrypoint: writes this node's configuration (shared config + port, bus port, announced addresses, AOF fsync
# mode and the password from the Docker secret) to a private file and starts valkey-server on it, so the password
# appears neither in process arguments nor in the container's environment.
set -eu

: "${VALKEY_PORT:?VALKEY_PORT must be set}"
shared_conf=${VALKEY_SHARED_CONF:-/usr/local/etc/valkey/valkey.conf}
secret_file=${VALKEY_PASSWORD_FILE:-/run/secrets/valkey_password}
node_conf=${VALKEY_NODE_CONF:-/tmp/valkey-node.conf}

if [ ! -s "$secret_file" ]; then
  echo "valkey-start: no password at $secret_file (is the valkey_password secret set?)" >&2
  exit 1
fi

# Quote for valkey.conf: backslash and double quote are escaped inside a double-quoted string.
quoted_password=$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$secret_file" | tr -d '\n')

umask 077
{
  echo "include $shared_conf"
  echo "port $VALKEY_PORT"
  echo "cluster-port $((VALKEY_PORT + 10000))"
  if [ -n "${VALKEY_ANNOUNCE_IP:-}" ]; then
    echo "cluster-announce-ip $VALKEY_ANNOUNCE_IP"
    echo "cluster-announce-port $VALKEY_PORT"
    echo "cluster-announce-bus-port $((VALKEY_PORT + 10000))"
  fi
  # Host-announce mode: every client connected over IPv4 (on the host or inside the network alike) is told this
  # address and port in CLUSTER SLOTS/SHARDS/NODES and MOVED/ASK; the cluster bus keeps the container address.
  if [ -n "${VALKEY_ANNOUNCE_CLIENT_IP:-}" ]; then
    echo "cluster-announce-client-ipv4 $VALKEY_ANNOUNCE_CLIENT_IP"
    echo "cluster-announce-client-port ${VALKEY_ANNOUNCE_CLIENT_PORT:-$VALKEY_PORT}"
  fi
  # everysec (the default) or always: when the AOF is fsynced (see README.md, "Durability").
  echo "appendfsync ${VALKEY_APPENDFSYNC:-everysec}"
  echo "requirepass \"$quoted_password\""
  echo "masterauth \"$quoted_password\""
} > "$node_conf"

exec valkey-server "$node_conf"
