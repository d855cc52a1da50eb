#!/usr/bin/env bash
# Installs what the run and test commands need on a fresh Debian machine: the system packages
# (when missing, and when running as root or with password-less sudo) and the npm workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need redis-server redis-server
need nginx nginx
if [[ "${1:-}" == "--test" ]]; then
  need chromium chromium
  need shellcheck shellcheck
  need prometheus prometheus
  need promtool prometheus
  # The contract tier installs its pinned Python tools into a venv.
  python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
  # The cluster tier (scripts/cluster): etcd for its control plane; with --node, the node's parts.
  need etcd etcd-server
  if [[ "${2:-}" == "--node" ]]; then
    need containerd containerd
    need runc runc
    need buildah buildah
    need mmdebstrap mmdebstrap
    need conntrack conntrack
    need iptables iptables
    [[ -x /usr/lib/cni/bridge ]] || packages+=(containernetworking-plugins)
  fi
fi

if ((${#packages[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      echo "Missing: ${packages[*]}. Install them with: sudo apt-get install ${packages[*]}" >&2
      exit 1
    fi
  fi
  echo "Installing Debian packages: ${packages[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
fi

# nginx and prometheus from Debian start system instances (ports 80 and 9090); Judix's tests run
# their own, so stop those.
for unit in nginx prometheus; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
    systemctl stop "$unit" || true
  fi
done

if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
