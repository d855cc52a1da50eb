#!/usr/bin/env bash
# The test command: installs what it needs, then runs every suite; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test

echo "== lint and types"
npm run lint
npm run typecheck

echo "== build"
npm run build

echo "== api (unit, integration) and chart (jest, with coverage of src/)"
npx jest --coverage --ci
