#!/usr/bin/env bash
# A Debian bookworm minbase root file system as a tarball, cached outside the clone and keyed by
# its packages, its hook and the host's apt sources (the only Debian mirror this machine may use).
# Usage: rootfs.sh NAME "PACKAGE..." [HOOK]; HOOK is shell text mmdebstrap runs with the root
# file system's path as $1. Prints the tarball's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/../lib.sh"
sources=(/etc/apt/sources.list.d/*.sources)
hook="${3:-true}"

key="$(printf '%s\n' "$2" "$hook" | cat - "${sources[@]}" | sha256sum | cut -c1-12)"
out="$cluster_cache/rootfs-bookworm-$1-$key.tar"
if [[ ! -f "$out" ]]; then
  log "assembling a Debian bookworm root file system ($1: $2), once"
  # shellcheck disable=SC2016 # expanded by mmdebstrap, with the root file system as $1
  mmdebstrap --quiet --variant=minbase --include="${2// /,}" --customize-hook="$hook" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$out.$$.tar" "${sources[@]}"
  mv "$out.$$.tar" "$out"
fi
echo "$out"
