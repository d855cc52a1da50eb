#!/usr/bin/env bash
# Builds what the test cluster runs from pinned Go modules, once per pin (cached outside the
# clone): the Kubernetes binaries and, with --node, CoreDNS and the pod sandbox (pause) program.
# Prints the directories holding them, one a line, in that order.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/lib.sh"

version="$(grep -oP '^\s*(require\s+)?k8s\.io/kubernetes\s+\Kv\S+' "$here/kubernetes/go.mod")"
if [[ ! "$version" =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+$ ]]; then
  echo "cluster: no exact k8s.io/kubernetes version in scripts/cluster/kubernetes/go.mod" >&2
  exit 1
fi
# Without the version stamps the binaries report v0.0.0-master and Helm's kubeVersion check fails.
stamps="-X k8s.io/component-base/version.gitVersion=$version"
stamps+=" -X k8s.io/component-base/version.gitMajor=${BASH_REMATCH[1]}"
stamps+=" -X k8s.io/component-base/version.gitMinor=${BASH_REMATCH[2]}"
stamps+=" -X k8s.io/component-base/version.gitTreeState=clean"

commands=()
for command in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
  commands+=("k8s.io/kubernetes/cmd/$command")
done
go_build_cached "kubernetes-$version" "$here/kubernetes" "-s -w $stamps" "${commands[@]}"
if [[ "${1:-}" == --node ]]; then
  go_build_cached coredns "$here/coredns" "-s -w" .
  go_build_cached pause "$here/pause" "-s -w" .
fi
