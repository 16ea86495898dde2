#!/usr/bin/env bash
# The README's test command: install what is missing, then run every tier — static checks,
# unit, integration (real PostgreSQL, PGlite, real lab hosts) and end-to-end (real Chromium).
# Also proves that nothing changed the machine's root network namespace.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ensure-system.sh
source "$repo_root/scripts/ensure-system.sh"
cd "$repo_root"

# PostgreSQL on 127.0.0.1:5432 (trust auth for postgres on these machines); started when down.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# Our own test database; tests create and drop their throwaway databases from it.
psql -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "drop database if exists switchyard_test with (force)" -c "create database switchyard_test"
export SWITCHYARD_TEST_PG_URL="postgres://postgres@127.0.0.1:5432/switchyard_test"

rootns_before=$(mktemp)
trap 'rm -f "$rootns_before"' EXIT
pnpm --silent rootns snapshot "$rootns_before"

log "static checks: lint, format, typecheck"
pnpm --silent lint
pnpm --silent format:check
pnpm --silent build >/dev/null
pnpm --silent typecheck

log "unit tests"
pnpm --silent test:unit
log "integration tests (PostgreSQL, PGlite, lab hosts)"
pnpm --silent test:int
log "end-to-end tests (Chromium)"
pnpm --silent test:e2e

log "root network namespace"
pnpm --silent rootns check "$rootns_before"
