#!/usr/bin/env bash
# Starts the single-node test cluster from the binaries scripts/cluster/build.sh makes:
#   start.sh          control plane only: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
#   start.sh --node   and the node: containerd, kubelet, kube-proxy, the bridge network, CoreDNS and
#                     hostPath PersistentVolumes
# Everything listens on loopback or on the cluster's own bridge; pods get no default route, no
# masquerade and no upstream DNS, so nothing in the cluster reaches an address outside it.
# Writes the admin kubeconfig to $JUDIX_CLUSTER_DIR/kubeconfig (default /tmp/judix-cluster) and
# returns once the cluster is ready. scripts/cluster/stop.sh removes everything it made.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$here/lib.sh"

with_node=false
case "${1:-}" in
  "") ;;
  --node) with_node=true ;;
  *)
    echo "usage: scripts/cluster/start.sh [--node]" >&2
    exit 2
    ;;
esac

refuse() {
  echo "cluster: not starting: $*" >&2
  exit 1
}
[[ $(id -u) -eq 0 ]] || refuse "the cluster needs root (it runs etcd, containerd and the kubelet)"
[[ ! -e "$cluster_run" ]] || refuse "$cluster_run exists (a cluster is running or was not stopped: scripts/cluster/stop.sh)"
ports=("$etcd_port" "$etcd_peer_port" "$apiserver_port" "$controller_manager_port" "$scheduler_port")
if $with_node; then
  ports+=("$kubelet_port" "$kube_proxy_health_port" "$kube_proxy_metrics_port" "$coredns_ready_port")
  ! ip link show "$bridge_name" >/dev/null 2>&1 || refuse "network interface $bridge_name exists"
  ! ip route show | grep "^${service_cidr%/*}" >/dev/null || refuse "a route to $service_cidr exists"
  [[ ! -e /run/containerd ]] || refuse "/run/containerd exists (another containerd may be running)"
fi
for port in "${ports[@]}"; do
  ! ss -Htln "sport = :$port" | grep . >/dev/null || refuse "port $port is in use"
done

build_args=()
if $with_node; then build_args=(--node); fi
binaries="$("$here/build.sh" "${build_args[@]}")"
mapfile -t built <<<"$binaries"
kube_bin="${built[0]}"
kubectl() { "$kube_bin/kubectl" --kubeconfig "$cluster_kubeconfig" "$@"; }

mkdir -p "$cluster_run"/{pki,logs,pids}
printf '%s\n' "${built[@]}" >"$cluster_run/binaries"
# From here on a failure stops whatever did start, so a failed start leaves nothing behind; since
# stopping removes the logs, it names the command that failed and shows each log's last lines first.
set -E
failed_at=
trap 'failed_at="${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR
start_failed() {
  local file
  log "start failed${failed_at:+ at $failed_at}; the last lines of each log, then stopping"
  for file in "$cluster_run"/logs/*.log; do
    if [[ -f "$file" ]]; then
      echo "--- ${file##*/}" >&2
      tail -n 15 "$file" >&2
    fi
  done
  "$here/stop.sh"
}
trap 'status=$?; if ((status)); then start_failed; fi' EXIT
pki="$cluster_run/pki"

daemon() {
  local name="$1"
  shift
  setsid "$@" >"$cluster_run/logs/$name.log" 2>&1 </dev/null &
  echo "$!" >"$cluster_run/pids/$name"
  if [[ -n "${daemon_cgroup:-}" ]]; then echo "$!" >"$daemon_cgroup/cgroup.procs"; fi
}

wait_until() {
  local what="$1" limit="$2" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      log "$what not ready after $limit s"
      return 1
    fi
    sleep 1
  done
}

# cert NAME SUBJECT [SUBJECT_ALT_NAMES]: a P-256 key and a certificate from the cluster CA.
cert() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
    -keyout "$pki/$1.key" -out "$pki/$1.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    if [[ -n "${3:-}" ]]; then echo "subjectAltName=$3"; fi
  } >"$pki/$1.ext"
  openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 7 -extfile "$pki/$1.ext" -out "$pki/$1.crt" 2>/dev/null
}

# kubeconfig FILE CERT: a kubeconfig for the API server that authenticates with pki/CERT.{crt,key}.
kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: judix
    cluster:
      server: https://127.0.0.1:$apiserver_port
      certificate-authority: $pki/ca.crt
users:
  - name: $2
    user:
      client-certificate: $pki/$2.crt
      client-key: $pki/$2.key
contexts:
  - name: judix
    context: { cluster: judix, user: $2 }
current-context: judix
EOF
}

log "certificates"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
  -subj "/CN=judix-cluster-ca" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/service-account.key"
openssl ec -in "$pki/service-account.key" -pubout -out "$pki/service-account.pub" 2>/dev/null
cert apiserver "/CN=kube-apiserver" "IP:127.0.0.1,IP:${service_cidr%.0/*}.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
cert admin "/O=system:masters/CN=judix-admin"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
cert controller-manager "/CN=system:kube-controller-manager"
cert scheduler "/CN=system:kube-scheduler"
cert kubelet "/O=system:nodes/CN=system:node:$node_name" "IP:$node_ip,DNS:$node_name"
cert kube-proxy "/CN=system:kube-proxy"
cert coredns "/CN=judix:coredns"
for user in admin controller-manager scheduler kubelet kube-proxy coredns; do
  kubeconfig "$pki/$user.kubeconfig" "$user"
done
cp "$pki/admin.kubeconfig" "$cluster_kubeconfig"

log "etcd"
daemon etcd etcd --name judix --data-dir "$cluster_run/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "judix=http://127.0.0.1:$etcd_peer_port" \
  --quota-backend-bytes 2147483648 --logger zap --log-level warn
wait_until etcd 60 curl -fsS "http://127.0.0.1:$etcd_port/health"

log "kube-apiserver"
daemon kube-apiserver "$kube_bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$apiserver_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority "$pki/ca.crt" \
  --kubelet-preferred-address-types InternalIP \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/service-account.pub" \
  --service-account-signing-key-file "$pki/service-account.key" \
  --service-cluster-ip-range "$service_cidr" \
  --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
  --profiling=false --endpoint-reconciler-type none
wait_until kube-apiserver 180 kubectl get --raw /readyz

log "kube-controller-manager and kube-scheduler"
daemon kube-controller-manager "$kube_bin/kube-controller-manager" \
  --kubeconfig "$pki/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$pki/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$pki/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$controller_manager_port" --leader-elect=false \
  --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
  --root-ca-file "$pki/ca.crt" --service-account-private-key-file "$pki/service-account.key" \
  --use-service-account-credentials --service-cluster-ip-range "$service_cidr" --profiling=false
daemon kube-scheduler "$kube_bin/kube-scheduler" \
  --kubeconfig "$pki/scheduler.kubeconfig" \
  --authentication-kubeconfig "$pki/scheduler.kubeconfig" \
  --authorization-kubeconfig "$pki/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$scheduler_port" --leader-elect=false --profiling=false
wait_until kube-controller-manager 120 curl -fsSk "https://127.0.0.1:$controller_manager_port/healthz"
wait_until kube-scheduler 120 curl -fsSk "https://127.0.0.1:$scheduler_port/healthz"
# The service-account controller creating the default account shows the controllers are at work.
wait_until "the default service account" 120 kubectl get serviceaccount default --namespace default

if $with_node; then
  # shellcheck source=scripts/cluster/node.sh
  source "$here/node.sh"
  start_node
fi

trap - EXIT ERR
log "ready; KUBECONFIG=$cluster_kubeconfig"
