// The smoke check's logic against list responses of the Kubernetes API (test/delivery/fixtures):
// a healthy release passes every row, and each way a release can be broken fails the right row.
import {
  clusterChecks,
  deploymentRollout,
  formatTable,
  rollouts,
  selects,
  statefulSetRollout,
  type Result,
} from '../../scripts/smoke/checks';
import { declaredObjects, latestDeployed } from '../../scripts/smoke/release';
import { parseOptions } from '../../scripts/smoke';
import { healthySnapshot, releaseSecret } from './smoke-fixtures';

const failures = (results: Result[]) =>
  results.filter((r) => !r.ok).map((r) => `${r.object}: ${r.detail}`);

describe('the release Secret', () => {
  it('when Helm stored the release, then its declared objects are read from the manifest', () => {
    const declared = declaredObjects(releaseSecret(3, 'deployed') as never);
    expect(declared).toEqual(
      expect.arrayContaining([
        'Deployment/judix-api',
        'StatefulSet/judix-mongodb',
        'HorizontalPodAutoscaler/judix-web',
        'PodDisruptionBudget/judix-mongodb',
        'Service/judix-mongodb-headless',
      ]),
    );
    expect(declared).toHaveLength(29);
  });

  it('when there are several revisions, then the newest deployed one is used', () => {
    const secrets = [
      releaseSecret(1, 'superseded'),
      releaseSecret(3, 'deployed'),
      releaseSecret(4, 'failed'),
      releaseSecret(2, 'superseded'),
    ];
    expect(latestDeployed(secrets as never)?.metadata?.name).toBe('sh.helm.release.v1.judix.v3');
    expect(latestDeployed([releaseSecret(1, 'failed')] as never)).toBeUndefined();
  });

  it('when the Secret has no release data, then it says which Secret', () => {
    expect(() => declaredObjects({ metadata: { name: 'sh.helm.release.v1.judix.v1' } })).toThrow(
      'Secret sh.helm.release.v1.judix.v1 has no release data',
    );
  });
});

describe('a healthy release', () => {
  const snapshot = healthySnapshot();

  it('when checked, then every workload, pod, HPA, PDB and Service has an ok row', () => {
    const results = [...rollouts(snapshot), ...clusterChecks(snapshot)];
    expect(failures(results)).toEqual([]);
    const count = (check: string) => results.filter((r) => r.check === check).length;
    expect([count('rollout'), count('pod'), count('hpa'), count('pdb'), count('service')]).toEqual([
      4, 8, 2, 3, 4,
    ]);
    expect(results.find((r) => r.object === 'PodDisruptionBudget/judix-mongodb')?.detail).toBe(
      'maxUnavailable 1, selects 3 pods of StatefulSet/judix-mongodb',
    );
    expect(results.find((r) => r.object === 'HorizontalPodAutoscaler/judix-api')?.detail).toBe(
      'scales Deployment/judix-api (2 pods) between 2 and 10',
    );
  });

  it('when the helm test pod has completed, then it is not counted as a pod that is not Ready', () => {
    expect(snapshot.pods.some((p) => p.metadata?.name === 'judix-test-roundtrip')).toBe(true);
    expect(clusterChecks(snapshot).map((r) => r.object)).not.toContain('Pod/judix-test-roundtrip');
  });

  it('when printed, then it is one table with aligned columns', () => {
    const table = formatTable(rollouts(snapshot)).split('\n');
    expect(table[0]).toMatch(/^CHECK\s+OBJECT\s+RESULT\s+DETAIL$/);
    expect(table[1]).toMatch(/^rollout\s+Deployment\/judix-api\s+ok\s+2\/2 updated/);
    const column = (line: string) => line.indexOf('ok');
    expect(new Set(table.slice(1).map(column)).size).toBe(1);
  });
});

describe('rollouts', () => {
  it('when a Deployment still has old or unavailable replicas, then it is not done', () => {
    const [api] = healthySnapshot().deployments;
    api!.status = { ...api!.status, updatedReplicas: 1, replicas: 3 };
    expect(deploymentRollout(api!)).toMatchObject({ done: false, failed: false });
    api!.status = { ...api!.status, updatedReplicas: 2, replicas: 2, availableReplicas: 1 };
    expect(deploymentRollout(api!)).toMatchObject({
      done: false,
      detail: '2/2 updated, 1 available, 2 total',
    });
  });

  it('when the controller has not seen the new spec yet, then it is not done', () => {
    const [api] = healthySnapshot().deployments;
    api!.metadata!.generation = 2;
    expect(deploymentRollout(api!)).toEqual({
      done: false,
      failed: false,
      detail: 'waiting for the controller to see the new spec',
    });
  });

  it('when the progress deadline passed, then the rollout has failed and waiting is pointless', () => {
    const [api] = healthySnapshot().deployments;
    api!.status!.conditions = [
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "judix-api-5f6d" has timed out progressing.',
      },
    ];
    expect(deploymentRollout(api!)).toMatchObject({ done: false, failed: true });
    expect(rollouts({ ...healthySnapshot(), deployments: [api!] })[0]).toMatchObject({
      ok: false,
      failed: true,
    });
  });

  it('when a StatefulSet is between revisions or not all members are ready, then it is not done', () => {
    const [mongodb] = healthySnapshot().statefulSets;
    expect(statefulSetRollout(mongodb!).done).toBe(true);
    mongodb!.status!.updateRevision = 'judix-mongodb-84c4f9d7b';
    expect(statefulSetRollout(mongodb!).done).toBe(false);
    mongodb!.status!.updateRevision = mongodb!.status!.currentRevision;
    mongodb!.status!.readyReplicas = 2;
    expect(statefulSetRollout(mongodb!)).toMatchObject({
      done: false,
      detail: expect.stringMatching(/^2\/3 ready/),
    });
  });
});

describe('a broken release', () => {
  it('when a container restarted, then its pod fails with the container and the count', () => {
    const snapshot = healthySnapshot();
    snapshot.pods[0]!.status!.containerStatuses![0]!.restartCount = 2;
    expect(failures(clusterChecks(snapshot))).toEqual([
      `Pod/${snapshot.pods[0]!.metadata!.name}: api restarted 2×`,
    ]);
  });

  it('when an init container restarted or a pod is not Ready, then that pod fails', () => {
    const snapshot = healthySnapshot();
    const mongodb = snapshot.pods.find((p) => p.metadata?.name === 'judix-mongodb-1')!;
    mongodb.status!.initContainerStatuses![0]!.restartCount = 1;
    mongodb.status!.conditions!.find((c) => c.type === 'Ready')!.status = 'False';
    expect(failures(clusterChecks(snapshot))).toEqual([
      'Pod/judix-mongodb-1: not Ready (phase Running); install-keyfile restarted 1×',
    ]);
  });

  it('when a declared HPA or PDB is missing from the cluster, then it fails', () => {
    const snapshot = healthySnapshot();
    snapshot.hpas = snapshot.hpas.filter((h) => h.metadata?.name !== 'judix-web');
    snapshot.pdbs = snapshot.pdbs.filter((p) => p.metadata?.name !== 'judix-api');
    expect(failures(clusterChecks(snapshot))).toEqual([
      'HorizontalPodAutoscaler/judix-web: declared by the release but not in the cluster',
      'PodDisruptionBudget/judix-api: declared by the release but not in the cluster',
    ]);
  });

  it('when an HPA targets a workload the release does not have, then it fails', () => {
    const snapshot = healthySnapshot();
    snapshot.hpas[0]!.spec!.scaleTargetRef.name = 'judix-worker';
    expect(failures(clusterChecks(snapshot))).toEqual([
      'HorizontalPodAutoscaler/judix-api: targets Deployment/judix-worker, which the release does not have',
    ]);
  });

  it('when a PDB selects no pod, or pods of several workloads, then it fails', () => {
    const snapshot = healthySnapshot();
    snapshot.pdbs[0]!.spec!.selector = { matchLabels: { 'app.kubernetes.io/component': 'apu' } };
    snapshot.pdbs[1]!.spec!.selector = { matchLabels: { 'app.kubernetes.io/instance': 'judix' } };
    expect(failures(clusterChecks(snapshot))).toEqual([
      'PodDisruptionBudget/judix-api: selects no pod',
      'PodDisruptionBudget/judix-web: selects pods of Deployment/judix-api, Deployment/judix-web, Deployment/judix-redis, StatefulSet/judix-mongodb, not of one workload',
    ]);
  });

  it('when a Service has no ready endpoint, then it fails', () => {
    const snapshot = healthySnapshot();
    const slice = snapshot.endpointSlices.find(
      (s) => s.metadata?.labels?.['kubernetes.io/service-name'] === 'judix-web',
    )!;
    for (const endpoint of slice.endpoints) endpoint.conditions = { ready: false };
    expect(failures(clusterChecks(snapshot))).toEqual([
      'Service/judix-web: 0 ready endpoint(s) of 2',
    ]);
  });

  it('when a declared Deployment is not in the cluster, then it fails', () => {
    const snapshot = healthySnapshot();
    snapshot.deployments = snapshot.deployments.filter((d) => d.metadata?.name !== 'judix-redis');
    expect(failures(clusterChecks(snapshot))).toContain(
      'Deployment/judix-redis: declared by the release but not in the cluster',
    );
  });
});

describe('label selectors', () => {
  const labels = { app: 'judix', tier: 'api' };

  it.each([
    [{ matchLabels: { app: 'judix' } }, true],
    [{ matchLabels: { app: 'other' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'web'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['api'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{}, true],
    [undefined, false],
  ])('when the selector is %j, then it selects: %s', (selector, expected) => {
    expect(selects(selector, labels)).toBe(expected);
  });
});

describe('command-line options', () => {
  it('when release and namespace are given, then they are used with the default timeout', () => {
    expect(parseOptions(['--release', 'judix', '--namespace', 'judix'])).toEqual({
      release: 'judix',
      namespace: 'judix',
      url: undefined,
      timeoutSeconds: 600,
    });
  });

  it.each([
    [['--namespace', 'judix'], '--release: a Helm release name is required'],
    [['--release', 'Judix!', '--namespace', 'judix'], '--release: a Helm release name is required'],
    [['--release', 'judix'], '--namespace: a namespace name is required'],
    [['--release', 'judix', '--namespace', 'judix', '--timeout', '0'], '--timeout'],
    [['--release', 'judix', '--namespace', 'judix', '--url', 'localhost'], '--url'],
    [['--release', 'judix', '--namespace', 'judix', '--bogus'], "Unknown option '--bogus'"],
  ])('when the arguments are %j, then it refuses them: %s', (args, message) => {
    expect(() => parseOptions(args)).toThrow(message);
  });
});
