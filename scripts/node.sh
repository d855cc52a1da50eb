# shellcheck shell=bash
# Sourced by the run and test commands: makes `node` a release that package.json's engines accept
# (22.22 or a later 22, or 24 and later). The machine's own Node is kept when it is one. Otherwise
# the release the api image runs (the Dockerfile's FROM line) is fetched once from the npm
# registry, which publishes it as the node-linux-<arch> package, into the tool cache, and put
# first on PATH for the rest of the command; npm stays the machine's, run by that Node.
judix_node() {
  local repo="$1" version arch cache dir
  if node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
      process.exit((major === 22 && minor >= 22) || major >= 24 ? 0 : 1)' 2>/dev/null; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "Judix needs node and npm on PATH to start (any release; it fetches the one it runs on)" >&2
    return 1
  fi
  version="$(grep -m1 -oP '^FROM\s+node:\K[0-9]+\.[0-9]+\.[0-9]+' "$repo/Dockerfile")"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *)
      echo "No Node $version package for $(uname -m); install Node 24 (or 22.22 and later)" >&2
      return 1
      ;;
  esac
  cache="${JUDIX_CACHE_DIR:-$HOME/.cache/judix}/node-$version-linux-$arch"
  if [[ ! -x "$cache/bin/node" ]]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than package.json allows:" \
      "fetching Node $version (node-linux-$arch from the npm registry) into $cache"
    dir="$(mktemp -d)"
    (cd "$dir" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar -xzf ./*.tgz)
    mkdir -p "$(dirname "$cache")"
    rm -rf "$cache"
    mv "$dir/package" "$cache"
    rm -rf "$dir"
  fi
  export PATH="$cache/bin:$PATH"
}
