#!/usr/bin/env bash
# The run command: installs what it needs, builds, then starts MongoDB-protocol, Redis, the api
# and nginx serving the web app; prints the URLs; Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
npm run build
if [[ -f web/package.json ]]; then npm run -w web build; fi
exec npx tsx scripts/run.ts
