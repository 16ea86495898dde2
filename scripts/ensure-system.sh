#!/usr/bin/env bash
# Installs what Switchyard needs on a fresh Debian 12 machine with Node.js 20, as root:
# system packages (apt), the pinned pnpm, and the workspace's dependencies.
# Safe to run again: it only installs what is missing. Sourced by run.sh and test.sh.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PNPM_VERSION=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$repo_root/package.json")

log() { printf '[switchyard] %s\n' "$*"; }

# System packages. docker.io brings dockerd for the lab hosts; it must never start a daemon
# in the machine's own network namespace, so service starts are refused during the install.
apt_packages=(docker.io iptables busybox-static iproute2 chromium ${SWITCHYARD_EXTRA_APT:-})
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing system packages: ${missing[*]}"
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
fi

# pnpm, exactly the version package.json pins (a newer one refuses the project).
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "installing pnpm@$PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null
fi

cd "$repo_root"
export NEXT_TELEMETRY_DISABLED=1
log "installing dependencies"
pnpm install --frozen-lockfile --reporter=silent
