#!/usr/bin/env bash
# The run command: installs what it needs, builds, then starts MongoDB-protocol, Redis, the api
# and nginx serving the web app; prints the URLs. Ctrl-C, or SIGINT or SIGTERM sent to this
# command's PID, stops everything it started. JUDIX_NO_BUILD=1 skips the builds.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step runs in the background and is waited for, so a signal is handled at once (bash runs
# traps only between foreground commands) and stops the step instead of leaving it running.
step_pid=
stop_step() {
  trap - INT TERM
  if [[ -n "$step_pid" ]]; then
    kill -TERM "$step_pid" 2>/dev/null || true
    wait "$step_pid" || true
  fi
  exit "$1"
}
trap 'stop_step 130' INT
trap 'stop_step 143' TERM
step() {
  "$@" &
  step_pid=$!
  wait "$step_pid"
  step_pid=
}

# shellcheck source=scripts/node.sh
source scripts/node.sh
judix_node "$PWD"
step scripts/setup.sh
if [[ "${JUDIX_NO_BUILD:-}" != 1 ]]; then
  step npm run build
  if [[ -f web/package.json ]]; then step npm run -w web build; fi
fi
# node itself takes this PID (no npx or tsx wrapper in between), so signals reach run.ts directly.
exec node --import tsx scripts/run.ts
