#!/usr/bin/env bash
# Stops the test cluster started by scripts/cluster/start.sh and removes every piece of host state
# it made: its processes (SIGTERM, then SIGKILL after a deadline: one kube-apiserver was seen to
# ignore SIGTERM for minutes), and with the node its containers, mounts, network namespaces,
# bridge, routes, iptables chains, cgroups and sysctl changes, then its directory.
# Safe to run twice, and after a start that failed half-way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/lib.sh"

if [[ ! -d "$cluster_run" ]]; then
  log "no cluster at $cluster_run"
  exit 0
fi

# stop_daemon NAME: SIGTERM, then SIGKILL when it has not exited within 20 s.
stop_daemon() {
  local file="$cluster_run/pids/$1" pid deadline
  [[ -f "$file" ]] || return 0
  pid="$(<"$file")"
  if kill -TERM "$pid" 2>/dev/null; then
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -KILL "$pid" 2>/dev/null; then log "$1 ignored SIGTERM for 20 s; killed"; fi
  fi
  rm -f "$file"
}

kube_bin="$(head -n1 "$cluster_run/binaries" 2>/dev/null || true)"
kubectl() { "$kube_bin/kubectl" --kubeconfig "$cluster_kubeconfig" "$@"; }

if [[ -d "$cluster_run/node" ]]; then
  # shellcheck source=scripts/cluster/node.sh
  source "$here/node.sh"
  stop_node
fi
for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_daemon "$name"; done
rm -rf --one-file-system "$cluster_run"
log "stopped; host state removed"
