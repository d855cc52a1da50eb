#!/usr/bin/env bash
# The test command: installs what it needs, then runs every suite; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/node.sh
source scripts/node.sh
judix_node "$PWD"
scripts/setup.sh --test

echo "== lint and types"
npm run lint
npm run typecheck
npm run -w web lint

echo "== build (api, then the web app with its JavaScript size budget)"
npm run build
npm run -w web build

echo "== observability: the collector built from its builder manifest (cached; its tests run in jest)"
npx tsx scripts/otelcol/build.ts

echo "== api (unit, integration) and chart (jest, with coverage of src/)"
npx jest --coverage --ci

echo "== API contract (the served OpenAPI document: openapi-spec-validator, openapi-typescript, schemathesis)"
npx tsx scripts/contract/check.ts

echo "== fault injection (MongoDB and Redis frozen, killed, reset and slowed under load, through Toxiproxy)"
npx jest --config test/fault/jest.config.js --ci

echo "== web app (unit and component tests)"
npm run -w web test

echo "== browser tests (Chromium through nginx against the real api), then the screenshot script"
npm run -w web e2e
screenshots="$(mktemp -d)"
JUDIX_SCREENSHOTS_DIR="$screenshots" npm run -w web screenshots
rm -r "$screenshots"

echo "== cluster tier 1 (every chart profile on a real control plane built from pinned upstream sources)"
scripts/cluster/start.sh
(
  trap scripts/cluster/stop.sh EXIT
  npx jest --config jest.cluster.config.js --selectProjects control-plane --ci
)

echo "== cluster tier 2 (the chart on the cluster's node: images built with buildah, rolling restart under load)"
scripts/cluster/test-tier2.sh
