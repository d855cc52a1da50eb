#!/usr/bin/env bash
# Creates the kind cluster `judix` from scripts/kind/cluster.yaml (once; an existing one is kept)
# and installs ingress-nginx for it, so the chart's Ingress serves http://localhost.
# KIND_NODE_IMAGE picks the Kubernetes version (a kindest/node image); kind's default otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

ingress_nginx_version=controller-v1.12.1
cluster=judix

for tool in kind kubectl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not on the PATH (README: Develop on kind)" >&2; exit 1; }
done

if kind get clusters 2>/dev/null | grep -x "$cluster" >/dev/null; then
  echo "kind cluster $cluster exists; keeping it"
else
  args=(--config scripts/kind/cluster.yaml --name "$cluster" --wait 120s)
  if [[ -n "${KIND_NODE_IMAGE:-}" ]]; then args+=(--image "$KIND_NODE_IMAGE"); fi
  kind create cluster "${args[@]}"
fi

kubectl config use-context "kind-$cluster" >/dev/null
kubectl apply -f "https://raw.githubusercontent.com/kubernetes/ingress-nginx/${ingress_nginx_version}/deploy/static/provider/kind/deploy.yaml"
kubectl -n ingress-nginx rollout status deployment/ingress-nginx-controller --timeout=300s
echo "kind cluster $cluster is ready (context kind-$cluster)"
