#!/usr/bin/env bash
# What the remote-engine integration tests need besides Docker: Debian's OpenSSH server and client (a real sshd the
# tests start on 127.0.0.1 with their own keys) and iproute2 (network namespaces). Safe to run again: apt-get runs
# only when something is missing. The tests start and stop their own sshd; nothing here starts a service.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { echo "[setup-remote] $*"; }

missing=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 && command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-client)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)

if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "missing ${missing[*]} and this is not root: install them, then run again" >&2; exit 1; }
  log "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # policy-rc.d keeps the package from starting a system sshd on port 22: the tests run their own.
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; }
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$had_policy" = 1 ] || rm -f "$policy"
fi

# sshd refuses to start without its privilege separation directory (normally made by the service unit).
[ -d /run/sshd ] || { mkdir -p /run/sshd; chmod 755 /run/sshd; }
log "sshd $(/usr/sbin/sshd -V 2>&1 | head -1 || true)"
