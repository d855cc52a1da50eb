// The smoke check's verdicts on one snapshot of a release's objects, as the Kubernetes API returns
// them: rollouts finished, pods Ready without restarts, each HPA and PDB the release declares
// present and selecting pods of its workload, each Service with ready endpoints.
import type {
  V1Deployment,
  V1EndpointSlice,
  V1LabelSelector,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export interface Snapshot {
  /** `Kind/name` of every object in the release's manifest. */
  declared: string[];
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
  pods: V1Pod[];
  hpas: V2HorizontalPodAutoscaler[];
  pdbs: V1PodDisruptionBudget[];
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
}

export interface Result {
  check: string;
  object: string;
  ok: boolean;
  detail: string;
}

export interface Rollout {
  done: boolean;
  /** A rollout that can no longer finish by waiting (its progress deadline passed). */
  failed: boolean;
  detail: string;
}

type Workload =
  { kind: 'Deployment'; object: V1Deployment } | { kind: 'StatefulSet'; object: V1StatefulSet };

const nameOf = (o: { metadata?: { name?: string } }) => o.metadata?.name ?? '?';

/** The same conditions as `kubectl rollout status` for a Deployment. */
export function deploymentRollout(deployment: V1Deployment): Rollout {
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const stuck = status.conditions?.find(
    (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (stuck)
    return {
      done: false,
      failed: true,
      detail: `progress deadline exceeded: ${stuck.message ?? ''}`.trim(),
    };
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0))
    return { done: false, failed: false, detail: 'waiting for the controller to see the new spec' };
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const detail = `${updated}/${want} updated, ${available} available, ${total} total`;
  return {
    done: updated >= want && total === updated && available === updated,
    failed: false,
    detail,
  };
}

/** The same conditions as `kubectl rollout status` for a RollingUpdate StatefulSet. */
export function statefulSetRollout(statefulSet: V1StatefulSet): Rollout {
  const want = statefulSet.spec?.replicas ?? 1;
  const status = statefulSet.status ?? { replicas: 0 };
  if ((status.observedGeneration ?? 0) < (statefulSet.metadata?.generation ?? 0))
    return { done: false, failed: false, detail: 'waiting for the controller to see the new spec' };
  const ready = status.readyReplicas ?? 0;
  const partition = statefulSet.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const revisionDone =
    partition > 0 ? updated >= want - partition : status.currentRevision === status.updateRevision;
  const detail = `${ready}/${want} ready, ${updated} updated, revision ${status.updateRevision ?? '?'}`;
  return {
    done: ready >= want && updated >= want - partition && revisionDone,
    failed: false,
    detail,
  };
}

function workloads(snapshot: Snapshot): Workload[] {
  return [
    ...snapshot.deployments.map((object) => ({ kind: 'Deployment' as const, object })),
    ...snapshot.statefulSets.map((object) => ({ kind: 'StatefulSet' as const, object })),
  ];
}

export function rollouts(snapshot: Snapshot): Array<Result & { failed: boolean }> {
  return workloads(snapshot).map(({ kind, object }) => {
    const rollout = kind === 'Deployment' ? deploymentRollout(object) : statefulSetRollout(object);
    return {
      check: 'rollout',
      object: `${kind}/${nameOf(object)}`,
      ok: rollout.done,
      failed: rollout.failed,
      detail: rollout.detail,
    };
  });
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
export function selects(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return true;
  return (
    matchLabels.every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      const has = key in labels;
      if (operator === 'In') return has && values.includes(labels[key]!);
      if (operator === 'NotIn') return !has || !values.includes(labels[key]!);
      if (operator === 'Exists') return has;
      if (operator === 'DoesNotExist') return !has;
      return false;
    })
  );
}

/** Pods that serve: not Helm test hooks, not finished. */
function runningPods(snapshot: Snapshot): V1Pod[] {
  return snapshot.pods.filter(
    (pod) =>
      !pod.metadata?.annotations?.['helm.sh/hook'] &&
      !['Succeeded', 'Failed'].includes(pod.status?.phase ?? ''),
  );
}

function podsOf(snapshot: Snapshot, workload: Workload): V1Pod[] {
  return runningPods(snapshot).filter((pod) =>
    selects(workload.object.spec?.selector, pod.metadata?.labels),
  );
}

export function podChecks(snapshot: Snapshot): Result[] {
  return runningPods(snapshot).map((pod) => {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const statuses = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ];
    const restarted = statuses.filter((s) => s.restartCount > 0);
    const problems = [
      ...(ready ? [] : [`not Ready (phase ${pod.status?.phase ?? 'unknown'})`]),
      ...restarted.map((s) => `${s.name} restarted ${s.restartCount}×`),
    ];
    return {
      check: 'pod',
      object: `Pod/${nameOf(pod)}`,
      ok: problems.length === 0,
      detail: problems.length === 0 ? 'Ready, no restarts' : problems.join('; '),
    };
  });
}

function declaredOf(snapshot: Snapshot, kind: string): string[] {
  return snapshot.declared
    .filter((d) => d.startsWith(`${kind}/`))
    .map((d) => d.slice(kind.length + 1));
}

export function hpaChecks(snapshot: Snapshot): Result[] {
  return declaredOf(snapshot, 'HorizontalPodAutoscaler').map((name) => {
    const object = `HorizontalPodAutoscaler/${name}`;
    const hpa = snapshot.hpas.find((h) => nameOf(h) === name);
    if (!hpa)
      return {
        check: 'hpa',
        object,
        ok: false,
        detail: 'declared by the release but not in the cluster',
      };
    const spec = hpa.spec;
    if (!spec) return { check: 'hpa', object, ok: false, detail: 'has no spec' };
    const { kind, name: target } = spec.scaleTargetRef;
    const workload = workloads(snapshot).find(
      (w) => w.kind === kind && nameOf(w.object) === target,
    );
    if (!workload)
      return {
        check: 'hpa',
        object,
        ok: false,
        detail: `targets ${kind}/${target}, which the release does not have`,
      };
    const pods = podsOf(snapshot, workload).length;
    const { minReplicas = 1, maxReplicas } = spec;
    return {
      check: 'hpa',
      object,
      ok: pods > 0,
      detail: `scales ${kind}/${target} (${pods} pods) between ${minReplicas} and ${maxReplicas}`,
    };
  });
}

export function pdbChecks(snapshot: Snapshot): Result[] {
  return declaredOf(snapshot, 'PodDisruptionBudget').map((name) => {
    const object = `PodDisruptionBudget/${name}`;
    const pdb = snapshot.pdbs.find((p) => nameOf(p) === name);
    if (!pdb)
      return {
        check: 'pdb',
        object,
        ok: false,
        detail: 'declared by the release but not in the cluster',
      };
    const selected = runningPods(snapshot).filter((pod) =>
      selects(pdb.spec?.selector, pod.metadata?.labels),
    );
    const owners = workloads(snapshot).filter((w) =>
      selected.some((pod) => podsOf(snapshot, w).includes(pod)),
    );
    if (selected.length === 0) return { check: 'pdb', object, ok: false, detail: 'selects no pod' };
    if (owners.length !== 1) {
      const names = owners.map((w) => `${w.kind}/${nameOf(w.object)}`).join(', ') || 'no workload';
      return {
        check: 'pdb',
        object,
        ok: false,
        detail: `selects pods of ${names}, not of one workload`,
      };
    }
    const limit =
      pdb.spec?.minAvailable !== undefined
        ? `minAvailable ${pdb.spec.minAvailable}`
        : `maxUnavailable ${pdb.spec?.maxUnavailable}`;
    return {
      check: 'pdb',
      object,
      ok: true,
      detail: `${limit}, selects ${selected.length} pods of ${owners[0]!.kind}/${nameOf(owners[0]!.object)}`,
    };
  });
}

export function serviceChecks(snapshot: Snapshot): Result[] {
  return snapshot.services.map((service) => {
    const name = nameOf(service);
    const object = `Service/${name}`;
    if (!service.spec?.selector)
      return {
        check: 'service',
        object,
        ok: true,
        detail: 'no selector: endpoints are managed outside the release',
      };
    const endpoints = snapshot.endpointSlices
      .filter((slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] === name)
      .flatMap((slice) => slice.endpoints ?? []);
    const ready = endpoints.filter((e) => e.conditions?.ready !== false).length;
    return {
      check: 'service',
      object,
      ok: ready > 0,
      detail: `${ready} ready endpoint(s) of ${endpoints.length}`,
    };
  });
}

/** Every object the release declares and the checks can see must exist. */
export function presenceChecks(snapshot: Snapshot): Result[] {
  const present = new Set([
    ...snapshot.deployments.map((o) => `Deployment/${nameOf(o)}`),
    ...snapshot.statefulSets.map((o) => `StatefulSet/${nameOf(o)}`),
    ...snapshot.services.map((o) => `Service/${nameOf(o)}`),
  ]);
  return snapshot.declared
    .filter((d) => /^(Deployment|StatefulSet|Service)\//.test(d) && !present.has(d))
    .map((object) => ({
      check: 'exists',
      object,
      ok: false,
      detail: 'declared by the release but not in the cluster',
    }));
}

/** Everything except rollouts (which the caller waits for first). */
export function clusterChecks(snapshot: Snapshot): Result[] {
  return [
    ...presenceChecks(snapshot),
    ...podChecks(snapshot),
    ...hpaChecks(snapshot),
    ...pdbChecks(snapshot),
    ...serviceChecks(snapshot),
  ];
}

/** One aligned table, a row a result. */
export function formatTable(results: Result[]): string {
  const rows = [
    ['CHECK', 'OBJECT', 'RESULT', 'DETAIL'],
    ...results.map((r) => [r.check, r.object, r.ok ? 'ok' : 'FAIL', r.detail]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
