# shellcheck shell=bash disable=SC2154
# The node half of the test cluster, sourced by start.sh (start_node) and stop.sh (stop_node):
# containerd, kubelet, kube-proxy, CoreDNS, the bridge network and hostPath PersistentVolumes.
# Before changing the host it records what was there (sysctls, iptables chains, shared
# directories), so stop_node removes exactly what the node added and restores the rest.

node_state="$cluster_run/node"
containerd_dir="$cluster_run/containerd"
containerd_sock="$containerd_dir/containerd.sock"
# Directories the kubelet, containerd and the CNI library use whatever they are configured with.
shared_dirs=(/var/lib/cni /run/netns /var/log/containers)
recorded_sysctls=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables
  net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom kernel.panic
  kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
iptables_tables=(filter nat mangle raw)

ctr() { command ctr --address "$containerd_sock" --namespace k8s.io "$@"; }

# cgroup v1 hierarchies (the unified one has no tasks file); pods go under this process's own
# memory cgroup, so the machine's limits on it still hold.
cgroup_hierarchies() {
  local dir
  for dir in /sys/fs/cgroup/*/; do
    if [[ -f "$dir/tasks" ]]; then echo "${dir%/}"; fi
  done
}
cgroup_base="$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)"
cgroup_base="${cgroup_base%/}/judix-cluster"

record_host() {
  mkdir -p "$node_state"
  local key dir tool table
  for key in "${recorded_sysctls[@]}"; do echo "$key=$(sysctl -n "$key")"; done >"$node_state/sysctls"
  for dir in "${shared_dirs[@]}"; do
    if [[ -e "$dir" ]]; then echo "$dir"; fi
  done >"$node_state/existing-dirs"
  find /run/netns -maxdepth 1 -type f 2>/dev/null >"$node_state/existing-netns" || true
  for tool in iptables ip6tables; do
    for table in "${iptables_tables[@]}"; do
      "$tool-save" -t "$table" 2>/dev/null | sed -n 's/^:\([^ ]*\) .*/\1/p' | sort >"$node_state/$tool-$table" || true
    done
  done
}

network_up() {
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  ip link add "$bridge_name" type bridge
  ip addr add "$node_ip/${pod_cidr#*/}" dev "$bridge_name"
  ip link set "$bridge_name" up
  # Service addresses are reached over the bridge, never through the host's default route.
  ip route add "$service_cidr" dev "$bridge_name" src "$node_ip"
  # Pods may talk to each other and to the cluster DNS on the node, nothing else: no forwarding
  # off the bridge, and no other host port.
  iptables -N JUDIX-CLUSTER-FORWARD
  iptables -A JUDIX-CLUSTER-FORWARD -i "$bridge_name" -o "$bridge_name" -j RETURN
  iptables -A JUDIX-CLUSTER-FORWARD -i "$bridge_name" -j DROP
  iptables -A JUDIX-CLUSTER-FORWARD -o "$bridge_name" -s "$pod_cidr" -j RETURN
  iptables -I FORWARD 1 -j JUDIX-CLUSTER-FORWARD
  iptables -N JUDIX-CLUSTER-INPUT
  iptables -A JUDIX-CLUSTER-INPUT -i "$bridge_name" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
  iptables -A JUDIX-CLUSTER-INPUT -i "$bridge_name" -d "$cluster_dns" -p udp --dport 53 -j RETURN
  iptables -A JUDIX-CLUSTER-INPUT -i "$bridge_name" -d "$cluster_dns" -p tcp --dport 53 -j RETURN
  iptables -A JUDIX-CLUSTER-INPUT -i "$bridge_name" -j DROP
  iptables -I INPUT 1 -j JUDIX-CLUSTER-INPUT
  mkdir -p "$cluster_run/cni/net.d"
  cat >"$cluster_run/cni/net.d/10-judix.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "judix",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$bridge_name",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$cluster_run/cni/ipam",
        "ranges": [[{ "subnet": "$pod_cidr", "rangeStart": "${pod_cidr%.0/*}.10", "gateway": "$node_ip" }]],
        "routes": [{ "dst": "$service_cidr", "gw": "$node_ip" }]
      }
    }
  ]
}
EOF
}

cgroups_up() {
  local hierarchy path part
  : >"$node_state/cgroups"
  while read -r hierarchy; do
    path="$hierarchy"
    for part in ${cgroup_base//\// }; do
      path="$path/$part"
      [[ -d "$path" ]] && continue
      mkdir "$path"
      echo "$path" >>"$node_state/cgroups"
      # A new cpuset cgroup has no CPUs or memory nodes until it is given its parent's.
      if [[ -f "$path/cpuset.cpus" ]]; then
        cat "$(dirname "$path")/cpuset.cpus" >"$path/cpuset.cpus"
        cat "$(dirname "$path")/cpuset.mems" >"$path/cpuset.mems"
      fi
    done
  done < <(cgroup_hierarchies)
  # The daemons go into a pids cgroup of their own, so stop_node finds every process they
  # started (containerd's shims included) even when one of them died without cleaning up.
  daemon_cgroup="/sys/fs/cgroup/pids$cgroup_base/daemons"
  mkdir "$daemon_cgroup"
}

# image_archive NAME TAG BINARY ARCHIVE: a one-binary image (the binary as /NAME, run as an
# unprivileged user) written as an OCI archive.
image_archive() {
  local storage container
  storage="$(mktemp -d "$cluster_run/buildah.XXXXXX")"
  local buildah=(buildah --storage-driver vfs --root "$storage/root" --runroot "$storage/run")
  container="$("${buildah[@]}" from scratch)"
  "${buildah[@]}" copy --quiet "$container" "$3" "/$1" >/dev/null
  "${buildah[@]}" config --entrypoint "[\"/$1\"]" --user 65535:65535 "$container"
  "${buildah[@]}" commit --quiet "$container" "judix.local/$1:$2" >/dev/null
  "${buildah[@]}" push --quiet "judix.local/$1:$2" "oci-archive:$4.partial:judix.local/$1:$2"
  mv "$4.partial" "$4"
  rm -rf "$storage"
}

# import_image ARCHIVE NAME: loads an OCI archive into the CRI's image store under NAME only.
# `ctr images import` also adds an import-… reference, which the CRI lookup trips over.
import_image() {
  ctr images import --base-name "${2%:*}" "$1" >/dev/null
  local ref
  while read -r ref; do
    if [[ "$ref" != "$2" ]]; then ctr images rm "$ref" >/dev/null; fi
  done < <(ctr images ls --quiet | grep -E "^(import-|${2%:*}:)" || true)
  # grep reads the whole list: with -q it could stop early, and ctr, cut off, would fail the
  # pipeline (pipefail) although the image is there.
  ctr images ls --quiet | grep -xF -- "$2" >/dev/null
}

containerd_up() {
  local pause_tag pause_archive
  pause_tag="$(basename "$pause_bin")"
  pause_tag="${pause_tag#pause-}"
  mkdir -p "$containerd_dir"
  cat >"$containerd_dir/config.toml" <<EOF
version = 2
root = "$containerd_dir/root"
state = "$containerd_dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$containerd_sock"
[ttrpc]
  address = "$containerd_sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$containerd_dir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "judix.local/pause:$pause_tag"
  # The machine withholds CAP_SYS_RESOURCE; without this every pod sandbox fails to start.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$containerd_dir/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$cluster_run/cni/net.d"
EOF
  daemon containerd containerd --config "$containerd_dir/config.toml"
  wait_until containerd 60 ctr version
  pause_archive="$cluster_cache/pause-image-$pause_tag.tar"
  [[ -f "$pause_archive" ]] || image_archive pause "$pause_tag" "$pause_bin/pause" "$pause_archive"
  import_image "$pause_archive" "judix.local/pause:$pause_tag"
}

kubelet_up() {
  printf 'nameserver %s\n' "$cluster_dns" >"$cluster_run/resolv.conf"
  cat >"$cluster_run/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $((kubelet_port - 2))
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $pki/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $pki/kubelet.crt
tlsPrivateKeyFile: $pki/kubelet.key
containerRuntimeEndpoint: unix://$containerd_sock
cgroupDriver: cgroupfs
cgroupRoot: $cgroup_base
# The machines have cgroup v1 only.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [$cluster_dns]
resolvConf: $cluster_run/resolv.conf
podLogsDir: $cluster_run/pod-logs
serializeImagePulls: false
evictionHard: { memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%, nodefs.inodesFree: 2% }
imageGCHighThresholdPercent: 100
maxPods: 50
EOF
  daemon kubelet "$kube_bin/kubelet" --config "$cluster_run/kubelet.yaml" \
    --kubeconfig "$pki/kubelet.kubeconfig" --root-dir "$cluster_run/kubelet" \
    --node-ip "$node_ip" --hostname-override "$node_name"
  wait_until "node $node_name" 180 node_ready
}

node_ready() {
  [[ "$(kubectl get node "$node_name" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

proxy_up() {
  cat >"$cluster_run/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $pki/kube-proxy.kubeconfig }
hostnameOverride: $node_name
mode: iptables
clusterCIDR: $pod_cidr
healthzBindAddress: 127.0.0.1:$kube_proxy_health_port
metricsBindAddress: 127.0.0.1:$kube_proxy_metrics_port
nodePortAddresses: [$node_ip/32]
# Zero leaves the host's connection-tracking settings as they are.
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
EOF
  daemon kube-proxy "$kube_bin/kube-proxy" --config "$cluster_run/kube-proxy.yaml"
  wait_until kube-proxy 60 curl -fsS "http://127.0.0.1:$kube_proxy_health_port/healthz"
}

dns_up() {
  kubectl apply -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "judix:coredns" }
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "judix:coredns" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "judix:coredns" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "judix:coredns" }]
EOF
  # No forward plugin: names outside cluster.local get no answer.
  cat >"$cluster_run/Corefile" <<EOF
.:53 {
    bind $cluster_dns
    errors
    ready 127.0.0.1:$coredns_ready_port
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $pki/coredns.kubeconfig judix
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
}
EOF
  daemon coredns "$coredns_bin/coredns" -conf "$cluster_run/Corefile"
  wait_until coredns 60 curl -fsS "http://127.0.0.1:$coredns_ready_port/ready"
}

storage_up() {
  local i
  {
    cat <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: judix-local
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
EOF
    for i in 1 2 3 4 5 6; do
      mkdir -p "$cluster_run/volumes/$i"
      # Pods run as arbitrary non-root users and hostPath volumes ignore fsGroup.
      chmod 1777 "$cluster_run/volumes/$i"
      cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: judix-local-$i }
spec:
  capacity: { storage: 100Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: judix-local
  hostPath: { path: $cluster_run/volumes/$i, type: Directory }
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [$node_name] }]
EOF
    done
  } | kubectl apply -f - >/dev/null
}

start_node() {
  coredns_bin="${built[1]}"
  pause_bin="${built[2]}"
  log "node: network, cgroups, containerd, kubelet, kube-proxy, CoreDNS, volumes"
  record_host
  network_up
  cgroups_up
  containerd_up
  kubelet_up
  proxy_up
  dns_up
  storage_up
}

# remove_added_chains TOOL: deletes the iptables chains (and the rules jumping to them) that the
# node added since record_host, leaving every chain that was there before.
remove_added_chains() {
  local tool="$1" table chain rule added
  for table in "${iptables_tables[@]}"; do
    [[ -f "$node_state/$tool-$table" ]] || continue
    mapfile -t added < <(comm -13 "$node_state/$tool-$table" \
      <("$tool-save" -t "$table" 2>/dev/null | sed -n 's/^:\([^ ]*\) .*/\1/p' | sort))
    ((${#added[@]})) || continue
    for chain in "${added[@]}"; do "$tool" -t "$table" -F "$chain"; done
    while read -r rule; do
      eval "$tool -t $table ${rule/#-A/-D}"
    done < <("$tool" -t "$table" -S | grep -E -- "^-A .* -j ($(
      IFS='|'
      echo "${added[*]}"
    ))( |$)" || true)
    for chain in "${added[@]}"; do "$tool" -t "$table" -X "$chain"; done
  done
}

# kill_cgroup_processes: SIGKILL to every process left in the cluster's cgroups.
kill_cgroup_processes() {
  local hierarchy pids round
  for round in $(seq 1 50); do
    pids="$(while read -r hierarchy; do
      if [[ -d "$hierarchy$cgroup_base" ]]; then find "$hierarchy$cgroup_base" -name cgroup.procs -exec cat {} +; fi
    done < <(cgroup_hierarchies) | sort -u)"
    [[ -n "$pids" ]] || return 0
    ((round == 1)) && log "killing $(wc -w <<<"$pids") processes left in the cluster's cgroups"
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.2
  done
}

stop_node() {
  log "node: removing pods, processes and host state"
  stop_daemon kube-scheduler
  stop_daemon kube-controller-manager
  if [[ -f "$cluster_run/pids/kubelet" ]] && kubectl get --raw /readyz >/dev/null 2>&1; then
    kubectl delete pods --all --all-namespaces --grace-period 5 --timeout 60s >/dev/null 2>&1 || true
  fi
  local name dir mount netns line
  for name in kubelet kube-proxy coredns; do stop_daemon "$name"; done
  if [[ -S "$containerd_sock" ]]; then
    while read -r name; do
      ctr tasks kill --signal SIGKILL "$name" >/dev/null 2>&1 || true
    done < <(ctr tasks ls --quiet 2>/dev/null || true)
  fi
  stop_daemon containerd
  kill_cgroup_processes
  # Mounts under the cluster's directory (secrets, projected volumes, container root file
  # systems) and the pod network namespaces, deepest first.
  while read -r mount; do
    umount "$mount" 2>/dev/null || umount -l "$mount"
  done < <(findmnt -rno TARGET | grep -E "^($cluster_run/|/run/netns/)" | sort -r)
  while read -r netns; do
    grep -qxF "$netns" "$node_state/existing-netns" 2>/dev/null || rm -f "$netns"
  done < <(find /run/netns -maxdepth 1 -type f -name 'cni-*' 2>/dev/null)
  # The kubelet also makes the cluster's cgroups in the unified (v2) hierarchy of this hybrid setup.
  if [[ -d "/sys/fs/cgroup/unified$cgroup_base" ]]; then
    find "/sys/fs/cgroup/unified$cgroup_base" -depth -type d -exec rmdir {} + 2>/dev/null || true
  fi
  if [[ -f "$node_state/cgroups" ]]; then
    while read -r dir; do
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done < <(tac "$node_state/cgroups")
  fi
  ip link del "$bridge_name" 2>/dev/null || true
  remove_added_chains iptables
  remove_added_chains ip6tables
  if [[ -f "$node_state/sysctls" ]]; then
    while read -r line; do sysctl -qw "$line" || true; done <"$node_state/sysctls"
  fi
  find /var/log/containers -maxdepth 1 -lname "$cluster_run/*" -delete 2>/dev/null || true
  # The CNI library's cache is the cluster's alone when it made the directory; the other two may
  # have gained entries of other users since, so they go only when empty.
  if ! grep -qxF /var/lib/cni "$node_state/existing-dirs" 2>/dev/null; then rm -rf --one-file-system /var/lib/cni; fi
  for dir in /run/netns /var/log/containers; do
    if ! grep -qxF "$dir" "$node_state/existing-dirs" 2>/dev/null; then rmdir "$dir" 2>/dev/null || true; fi
  done
  rm -rf --one-file-system /run/containerd
}
