#!/bin/sh
# Probes over the status files the reconciler writes, so no probe starts mongosh (a Node runtime):
#   probe.sh member MAX_AGE   mongod readiness: this member serves, per a heartbeat at most MAX_AGE s old
#   probe.sh heartbeat MAX_AGE   reconciler liveness: its loop wrote a heartbeat at most MAX_AGE s ago
#   probe.sh auth             reconciler readiness: the root password in the Secret matches the database
# A failing probe prints why, which Kubernetes shows in the pod's events.
set -eu
status=${STATUS_DIR:-/status}
heartbeat_age() {
  beat=$(cat "$status/heartbeat" 2>/dev/null || echo 0)
  echo $(($(date +%s) - beat))
}
fresh() {
  age=$(heartbeat_age)
  [ "$age" -le "$1" ] || { echo "reconciler heartbeat is ${age}s old"; exit 1; }
}
case "${1:-}" in
member)
  fresh "$2"
  state=$(cat "$status/member" 2>/dev/null || echo "no status yet")
  [ "$state" = ready ] || { echo "$state"; exit 1; }
  ;;
heartbeat) fresh "$2" ;;
auth)
  state=$(cat "$status/auth" 2>/dev/null || echo ok)
  [ "$state" = ok ] || { echo "$state"; exit 1; }
  ;;
*)
  echo "usage: probe.sh member|heartbeat MAX_AGE, or probe.sh auth" >&2
  exit 2
  ;;
esac
