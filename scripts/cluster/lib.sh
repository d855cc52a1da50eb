# shellcheck shell=bash disable=SC2034
# Shared by the cluster scripts (sourced): where the cluster keeps its files, its fixed addresses,
# and the cached Go build. Ports and ranges are unusual on purpose, so the cluster never meets
# another service on a shared machine.
cluster_cache="${JUDIX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/judix}"
cluster_run="${JUDIX_CLUSTER_DIR:-/tmp/judix-cluster}"
cluster_kubeconfig="$cluster_run/kubeconfig"
etcd_port=32379
etcd_peer_port=32380
apiserver_port=36443
controller_manager_port=36257
scheduler_port=36259
kubelet_port=36250
kube_proxy_health_port=36256
kube_proxy_metrics_port=36249
coredns_ready_port=36181
bridge_name=judix0
pod_cidr=10.213.0.0/24
node_ip=10.213.0.1
service_cidr=10.214.0.0/16
cluster_dns=10.213.0.1
node_name=judix-node

log() { echo "cluster: $*" >&2; }

# qualified IMAGE: the full name a short image name stands for (as buildah's FROM and the CRI
# resolve it), so locally made images are found under the names Dockerfiles and charts use.
qualified() {
  local name="$1"
  [[ "$name" == */* ]] || name="library/$name"
  [[ "${name%%/*}" == *.* || "${name%%/*}" == localhost ]] || name="docker.io/$name"
  echo "$name"
}

# go_build_key MODULE_DIR LDFLAGS PACKAGE...: what a build's cache entry is named by.
go_build_key() {
  local module="$1" ldflags="$2"
  shift 2
  {
    go version
    echo "$ldflags $*"
    find "$module" -name go.mod -o -name go.sum -o -name '*.go' | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -c1-12
}

# go_build_cached NAME MODULE_DIR LDFLAGS PACKAGE...: builds the packages of a pinned module once
# per pin into the tool cache, keyed by NAME and a hash of the Go version, the flags and every
# go.mod and go.sum of the module; built under a temporary name and renamed, so parallel runs
# never see a half-written entry. Prints the directory holding the binaries.
go_build_cached() {
  local name="$1" module="$2" ldflags="$3"
  shift 3
  local out tmp started
  out="$cluster_cache/$name-$(go_build_key "$module" "$ldflags" "$@")"
  if [[ -d "$out" ]]; then
    echo "$out"
    return
  fi
  mkdir -p "$cluster_cache"
  tmp="$(mktemp -d "$cluster_cache/.${out##*/}.XXXXXX")"
  chmod 755 "$tmp"
  log "building $name (once per pin)"
  started=$SECONDS
  if ! (cd "$module" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$tmp/" "$@"); then
    rm -rf "$tmp"
    return 1
  fi
  # A parallel build may have finished first; its entry is as good as this one.
  mv -T "$tmp" "$out" 2>/dev/null || rm -rf "$tmp"
  log "built $name in $((SECONDS - started)) s"
  echo "$out"
}
