#!/usr/bin/env bash
# The node tier: starts the test cluster with its node, builds (or reuses) the images, imports
# them into the node's containerd, runs test/cluster/node against it, and stops the cluster
# whatever happens, leaving no host state behind.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/lib.sh"
cd "$repo"
scripts/setup.sh --test --node

# Assignments, not process substitutions: a failing step stops the tier here (set -e).
images="$(npx tsx test/cluster/node/support/images.ts)"
read -r api_image web_image collector_image <<<"$images"
built="$(scripts/cluster/images/build.sh "$(qualified "$api_image")" "$(qualified "$web_image")" \
  "$(qualified "$collector_image")")"
mapfile -t archives <<<"$built"

"$here/start.sh" --node
trap '"$here/stop.sh"' EXIT
# shellcheck source=scripts/cluster/node.sh
source "$here/node.sh"
for line in "${archives[@]}"; do
  log "importing ${line%% *}"
  import_image "${line#* }" "${line%% *}" || {
    log "importing ${line%% *} from ${line#* } failed"
    exit 1
  }
done
npx jest --config jest.cluster.config.js --selectProjects node --ci
