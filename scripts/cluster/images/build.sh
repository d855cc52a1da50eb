#!/usr/bin/env bash
# Builds the images the node tier runs, with buildah (vfs storage, chroot isolation: no daemon,
# no privileges beyond root) and writes each as an OCI archive in the tool cache:
#   the api and the web app from the project's own Dockerfile and Dockerfile.web, unchanged, on
#   the local bases of bases.sh; FerretDB (the cached binary the api tests use) and Redis from
#   Debian bookworm, each on a Debian minbase root file system; the collector (the binary the
#   observability tests build from observability/collector/builder-config.yaml, laid out as the
#   contrib image is: /otelcol-contrib, uid 10001) on the same minbase.
# An archive is named by the image and a hash of its inputs, so a warm run reuses it.
# Usage: build.sh API_IMAGE WEB_IMAGE COLLECTOR_IMAGE; prints "IMAGE ARCHIVE" lines for api, web,
# ferretdb, redis and the collector.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/../lib.sh"
api_image="$1"
web_image="$2"
collector_image="$3"
storage="$cluster_cache/buildah"
buildah=(buildah --storage-driver vfs --root "$storage/root" --runroot "$storage/run")
redis_image=judix.local/redis:bookworm
ferretdb_image=judix.local/ferretdb:v1

# archive IMAGE KEY: path of the cached OCI archive for IMAGE built from inputs hashed as KEY.
archive_prefix() { echo "$cluster_cache/image-$(tr '/:' '__' <<<"$1")-"; }
archive() { echo "$(archive_prefix "$1")$2.tar"; }

# save IMAGE ARCHIVE: writes IMAGE from buildah storage to ARCHIVE and drops every other archive
# of IMAGE (older inputs), so the cache holds one per image.
save() {
  local stale
  "${buildah[@]}" push --quiet "$1" "oci-archive:$2.partial:$1"
  mv "$2.partial" "$2"
  for stale in "$(archive_prefix "$1")"*.tar; do
    if [[ "$stale" != "$2" ]]; then rm -f "$stale"; fi
  done
}

# The build context as git sees it (tracked and untracked, ignored files left out): its regular
# files, so a symbolic link (charts/judix/observability, whose target is listed itself) or a
# deleted tracked file neither fails the hash nor goes unnoticed.
context_files() {
  local file
  git ls-files -z -co --exclude-standard | while IFS= read -r -d '' file; do
    if [[ -f "$file" && ! -L "$file" ]]; then printf '%s\0' "$file"; fi
  done
}
context_key="$(cd "$repo" && context_files | xargs -0 sha256sum | sha256sum | cut -c1-12)"
bases_key="$(cat "$here/bases.sh" "$repo/Dockerfile" "$repo/Dockerfile.web" | sha256sum | cut -c1-12)"

host_ca=/etc/ssl/certs/ca-certificates.crt
npmrc="$(mktemp)"
trap 'rm -f "$npmrc"' EXIT
echo "cafile=$host_ca" >"$npmrc"

# dockerfile FILE IMAGE: the project's image from its own Dockerfile.
dockerfile() {
  local out
  out="$(archive "$2" "$context_key-$bases_key")"
  if [[ ! -f "$out" ]]; then
    "$here/bases.sh" "$storage/root" "$storage/run"
    log "building $2 from $1 with buildah"
    # RUN steps trust what the host trusts (a registry reached through a TLS-inspecting proxy
    # included); the mounts exist only while a step runs and never reach the image. The npm
    # config is root's own: `npm install --prefix` moves the global one along with the prefix.
    # RUN steps get the host's open-file limit: buildah's default of 1024 lets `npm ci` fail now
    # and then with EMFILE on a busy machine.
    (cd "$repo" && "${buildah[@]}" build --quiet --isolation chroot --pull=never --layers=false \
      --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" \
      --volume "$host_ca:$host_ca:ro" --volume "$npmrc:/root/.npmrc:ro" \
      --file "$1" --tag "$2" . >/dev/null)
    save "$2" "$out"
  fi
  echo "$2 $out"
}

# debian_image IMAGE ROOTFS TREE [BUILDAH CONFIG ARGUMENTS...]: an image of a Debian root file
# system with the files of TREE (a directory, or "" for none) added.
debian_image() {
  local image="$1" rootfs="$2" tree="$3" key out container
  shift 3
  key="$({ echo "$rootfs $*"; if [[ -n "$tree" ]]; then tar -C "$tree" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c . ; fi; } | sha256sum | cut -c1-12)"
  out="$(archive "$image" "$key")"
  if [[ ! -f "$out" ]]; then
    container="$("${buildah[@]}" from scratch)"
    "${buildah[@]}" add --quiet "$container" "$rootfs" /
    if [[ -n "$tree" ]]; then "${buildah[@]}" add --quiet "$container" "$tree" /; fi
    "${buildah[@]}" config "$@" "$container"
    "${buildah[@]}" commit --quiet --rm "$container" "$image" >/dev/null
    save "$image" "$out"
  fi
  echo "$image $out"
}

dockerfile Dockerfile "$api_image"
dockerfile Dockerfile.web "$web_image"

ferretdb="$(cd "$repo" && npx tsx -e 'console.log(require("./scripts/services/mongo").ferretBinary())')"
collector="$(cd "$repo" && npx tsx scripts/otelcol/build.ts)"
ferretdb_tree="$(mktemp -d)"
collector_tree="$(mktemp -d)"
trap 'rm -rf "$npmrc" "$ferretdb_tree" "$collector_tree"' EXIT
install -D -m 0755 "$ferretdb" "$ferretdb_tree/usr/local/bin/ferretdb"
install -D -m 0755 "$collector" "$collector_tree/otelcol-contrib"
minbase="$("$here/rootfs.sh" minbase ca-certificates)"
debian_image "$ferretdb_image" "$minbase" "$ferretdb_tree" \
  --user 65532:65532 --port 27017 \
  --entrypoint '["ferretdb", "-listen-addr", "0.0.0.0:27017", "-data-dir", "/data"]'
redis_rootfs="$("$here/rootfs.sh" redis "redis-server redis-tools")"
debian_image "$redis_image" "$redis_rootfs" "" \
  --user 999:999 --port 6379 --cmd '["redis-server"]'
debian_image "$collector_image" "$minbase" "$collector_tree" \
  --user 10001:10001 --port 4318 --entrypoint '["/otelcol-contrib"]'
