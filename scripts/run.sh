#!/usr/bin/env bash
# The README's run command: install what is missing, build, and start Switchyard on its
# embedded defaults — web app on http://127.0.0.1:${PORT:-3000}, PGlite in ./.data.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ensure-system.sh
source "$repo_root/scripts/ensure-system.sh"

cd "$repo_root"
export SWITCHYARD_DATA_DIR="${SWITCHYARD_DATA_DIR:-$repo_root/.data}"
# Also start an agent for this machine (it only reads; set 0 to skip).
export SWITCHYARD_LOCAL_AGENT="${SWITCHYARD_LOCAL_AGENT:-1}"
log "building"
pnpm --silent build >/dev/null
log "starting on http://${HOST:-127.0.0.1}:${PORT:-3000} (data: $SWITCHYARD_DATA_DIR)"
cd apps/web
NODE_ENV=production exec node --import tsx server.ts
