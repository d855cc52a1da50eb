// The chart running for real on the test cluster's node (scripts/cluster/test-tier2.sh): values-dev
// with MongoDB external, served by an in-cluster FerretDB, in a namespace enforcing `restricted`.
// Traffic goes from this process through the api Service's cluster IP, i.e. through kube-proxy.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  deleteNamespace,
  getObjects,
  helm,
  K8sObject,
  kubeconfig,
  kubectl,
  repoRoot,
  restrictedNamespace,
  tryHelm,
  tryKubectl,
  waitFor,
} from '../support/cluster';
import { chartDir, release } from '../support/chart';
import { collectorImage, valuesArgs } from './support/release';
import { ferretdbManifest, probePodManifest, telemetrySinkManifest } from './support/manifests';
import { sleep } from '../../support/wait';

const namespace = 't2-judix';
const ran: { check: string; result: string }[] = [];
const record = (check: string, result: string): void => {
  ran.push({ check, result });
};

let base: URL;
let token: string;

interface LoadResult {
  /** End times (ms since the epoch) of the requests answered with 200. */
  answered: number[];
  failures: { at: number; failure: string }[];
}

/** Starts the request generator (support/load-generator.mjs) on its own thread. */
function startLoad(workers = 4, pauseMs = 40): { stop(): Promise<LoadResult> } {
  const worker = new Worker(join(__dirname, 'support', 'load-generator.mjs'), {
    workerData: {
      url: new URL('/api/v1/tasks', base).href,
      token,
      workers,
      pauseMs,
      timeoutMs: 10000,
    },
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const seen = await result;
      await worker.terminate();
      return seen;
    },
  };
}

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const apiPods = (): K8sObject[] =>
  getObjects('pods', namespace).filter((pod) => pod.metadata.name.startsWith(`${release}-api-`));
const ready = (pod: K8sObject): boolean =>
  !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions ?? []).some((c: K8sObject) => c.type === 'Ready' && c.status === 'True');
const apiReplicas = 2;

/**
 * Waits until the api runs exactly its replicas, every one Ready and none terminating (a finished
 * rollout still has old pods in their grace period), and returns them.
 */
const settledApiPods = (): Promise<K8sObject[]> =>
  waitFor(`${apiReplicas} Ready api pods and no terminating one`, 300, () => {
    const pods = apiPods();
    return pods.length === apiReplicas && pods.every(ready) ? pods : undefined;
  });

/** What the stand-in backend received for a trace: its spans and its log records. */
function received(traceId: string): { spans: K8sObject[]; logs: K8sObject[] } {
  const spans: K8sObject[] = [];
  const logs: K8sObject[] = [];
  const lines = kubectl(['logs', 'deployment/judix-telemetry-sink', '--namespace', namespace]);
  for (const line of lines.split('\n')) {
    if (!line.startsWith('{"resource')) continue;
    const batch = JSON.parse(line) as K8sObject;
    for (const resource of batch.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          if (span.traceId === traceId) spans.push({ ...span, resource: resource.resource });
        }
      }
    }
    for (const resource of batch.resourceLogs ?? []) {
      for (const scope of resource.scopeLogs ?? []) {
        for (const record of scope.logRecords ?? []) {
          if (record.traceId === traceId) logs.push(record);
        }
      }
    }
  }
  return { spans, logs };
}

const resourceAttribute = (span: K8sObject, key: string): unknown =>
  (span.resource?.attributes ?? []).find((a: K8sObject) => a.key === key)?.value?.stringValue;

/**
 * Runs `disrupt` under steady load, with 3 s of load before and after it, and requires that no
 * request failed and that the load kept going while the disruption ran (at least 10 requests
 * answered per second of it), so that a stalled generator cannot pass for a clean rollout.
 */
async function underLoad(check: string, disrupt: () => Promise<void>): Promise<void> {
  await settledApiPods();
  const started = Date.now();
  const load = startLoad();
  await sleep(3000);
  const disruptFrom = Date.now();
  await disrupt();
  const disruptTo = Date.now();
  await sleep(3000);
  const { answered, failures } = await load.stop();
  const second = (at: number): string => ((at - started) / 1000).toFixed(1);
  const total = answered.length + failures.length;
  const during = answered.filter((at) => at >= disruptFrom && at <= disruptTo).length;
  const window = ((disruptTo - disruptFrom) / 1000).toFixed(0);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const summary = `${total} requests in ${seconds} s (${during} during its ${window} s), ${failures.length} failed`;
  console.log(
    `${check}: ${summary}\n` +
      failures.map(({ at, failure }) => `${second(at)} s: ${failure}`).join('\n'),
  );
  record(check, summary);
  expect(failures.map(({ at, failure }) => `${second(at)} s: ${failure}`)).toEqual([]);
  expect(during).toBeGreaterThanOrEqual((10 * (disruptTo - disruptFrom)) / 1000);
}

describe('the chart on a node', () => {
  beforeAll(async () => {
    restrictedNamespace(namespace);
    kubectl(['apply', '--namespace', namespace, '--filename', '-'], ferretdbManifest(namespace));
    kubectl(
      ['apply', '--namespace', namespace, '--filename', '-'],
      telemetrySinkManifest(collectorImage()),
    );
    for (const deployment of ['judix-ferretdb', 'judix-telemetry-sink']) {
      kubectl(
        ['rollout', 'status', `deployment/${deployment}`, '--namespace', namespace].concat([
          '--timeout',
          '300s',
        ]),
      );
    }
    helm(
      ['install', release, chartDir, '--namespace', namespace, ...valuesArgs()].concat([
        '--wait',
        '--timeout',
        '15m',
      ]),
    );
    const service = getObjects('services', namespace).find(
      (s) => s.metadata.name === `${release}-api`,
    )!;
    base = new URL(`http://${service.spec.clusterIP}:${service.spec.ports[0].port}`);
  }, 1200000);

  afterAll(() => {
    tryKubectl(['uncordon', 'judix-node']);
    tryHelm(['uninstall', release, '--namespace', namespace, '--wait']);
    deleteNamespace(namespace);
    const width = Math.max(...ran.map((row) => row.check.length), 5);
    console.log(
      [`${'check'.padEnd(width)}  result`, `${'-'.repeat(width)}  ------`]
        .concat(ran.map((row) => `${row.check.padEnd(width)}  ${row.result}`))
        .join('\n'),
    );
  });

  it('when the release is installed, then every pod is Ready', () => {
    const pods = getObjects('pods', namespace).filter((pod) => pod.status.phase !== 'Succeeded');
    expect(pods.filter((pod) => !ready(pod)).map((pod) => pod.metadata.name)).toEqual([]);
    record('every pod Ready', `${pods.length} pods`);
  });

  it('when helm test runs, then its round trip through the api Service passes', () => {
    const tested = tryHelm(['test', release, '--namespace', namespace, '--timeout', '5m']);
    expect(tested).toMatchObject({ status: 0 });
    record('helm test', 'passed');
  });

  it('when the smoke check runs against the release, then every row is ok', () => {
    // No Ingress controller here: the round trip goes to the api Service, where the Ingress sends /api.
    const api = getObjects('services', namespace).find(
      (s) => s.metadata.name === `${release}-api`,
    )!;
    const url = `http://${api.spec.clusterIP}:${api.spec.ports[0].port}`;
    const smoke = spawnSync(
      'npx',
      ['tsx', 'scripts/smoke.ts', '--release', release, '--namespace', namespace, '--url', url],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig } },
    );
    console.log(smoke.stdout + smoke.stderr);
    expect(smoke.status).toBe(0);
    const rows = smoke.stdout.match(/smoke check passed: (\d+) checks/)?.[1];
    record('smoke check (client-node)', `${rows} checks ok`);
  }, 300000);

  it('when a user registers, creates a task and lists, then the api answers through kube-proxy', async () => {
    const suffix = randomBytes(6).toString('hex');
    const registered = await call('POST', '/api/v1/auth/register', {
      name: 'cluster tier',
      email: `cluster-${suffix}@example.com`,
      password: randomBytes(18).toString('base64url'),
    });
    expect(registered.status).toBe(201);
    token = registered.body.accessToken;
    const created = await call('POST', '/api/v1/tasks', { title: `cluster ${suffix}` });
    expect(created.status).toBe(201);
    const listed = await call('GET', '/api/v1/tasks');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(created.body.id);
    record('register, create, list via Service', 'ok');
  });

  it('when an api pod gets SIGTERM, then the spans and log records it held reach the collector', async () => {
    const [pod] = await settledApiPods();
    const port = (pod!.spec.containers[0].ports as K8sObject[]).find((p) => p.name === 'http')!;
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(
      `http://${pod!.status.podIP}:${port.containerPort}/api/v1/tasks?limit=1`,
      {
        headers: {
          authorization: `Bearer ${token}`,
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
      },
    );
    expect(response.status).toBe(200);
    // The sidecar forwards within a second of receiving; the api itself holds its batch an hour.
    await sleep(5000);
    expect(received(traceId)).toEqual({ spans: [], logs: [] });

    kubectl(['delete', 'pod', pod!.metadata.name, '--namespace', namespace, '--wait=true']);
    const { spans, logs } = await waitFor('the flushed span and log records', 60, () => {
      const seen = received(traceId);
      return seen.spans.length > 0 && seen.logs.length > 0 ? seen : undefined;
    });
    const server = spans.find((span) => span.name === 'GET /api/v1/tasks');
    expect(server).toBeDefined();
    expect(resourceAttribute(server!, 'k8s.pod.name')).toBe(pod!.metadata.name);
    expect(resourceAttribute(server!, 'service.namespace')).toBe(namespace);
    record(
      'spans flushed on SIGTERM reach the collector',
      `${spans.length} spans, ${logs.length} log records of the trace`,
    );
  }, 300000);

  it('when the api is restarted under load, then no request fails', async () => {
    await underLoad('rolling restart under load', async () => {
      kubectl(['rollout', 'restart', `deployment/${release}-api`, '--namespace', namespace]);
      kubectl(
        ['rollout', 'status', `deployment/${release}-api`, '--namespace', namespace].concat([
          '--timeout',
          '600s',
        ]),
      );
    });
  }, 900000);

  it('when an api pod is deleted under load, then it is replaced and no request fails', async () => {
    const before = (await settledApiPods()).map((pod) => pod.metadata.name as string);
    await underLoad('api pod deleted under load', async () => {
      kubectl(['delete', 'pod', before[0]!, '--namespace', namespace, '--wait=false']);
      await waitFor('a replacement api pod', 600, () => {
        const pods = apiPods();
        const fresh = pods.filter((pod) => !before.includes(pod.metadata.name) && ready(pod));
        return fresh.length > 0 && !pods.some((p) => p.metadata.name === before[0])
          ? true
          : undefined;
      });
    });
  }, 900000);

  it('when a pod tries an address outside the cluster, then it fails while the cluster answers', async () => {
    const gateway = /default via (\S+)/.exec(
      spawnSync('ip', ['route', 'show', 'default'], { encoding: 'utf8' }).stdout,
    )?.[1];
    expect(gateway).toBeDefined();
    const image = getObjects('deployments', namespace).find(
      (d) => d.metadata.name === `${release}-api`,
    )!.spec.template.spec.containers[0].image as string;
    const service = `${release}-api.${namespace}.svc.cluster.local`;
    kubectl(
      ['apply', '--namespace', namespace, '--filename', '-'],
      probePodManifest(image, [`${service}:${base.port}`, `${gateway}:443`, 'example.com:443']),
    );
    const phase = await waitFor('the probe pod to finish', 300, () => {
      const pod = getObjects('pods', namespace).find((p) => p.metadata.name === 'egress-probe');
      return ['Succeeded', 'Failed'].includes(pod?.status?.phase) ? pod!.status.phase : undefined;
    });
    const results = JSON.parse(
      kubectl(['logs', 'egress-probe', '--namespace', namespace]).trim(),
    ) as Record<string, string>;
    expect(phase).toBe('Succeeded');
    expect(results[`${service}:${base.port}`]).toBe('connected');
    expect(results[`${gateway}:443`]).not.toBe('connected');
    expect(results['example.com:443']).not.toBe('connected');
    record('outside address from a pod', `refused (${Object.values(results).join(', ')})`);
  }, 600000);

  it('when the node is drained, then the api PodDisruptionBudget makes the drain wait', () => {
    const pdb = getObjects('poddisruptionbudgets', namespace).find(
      (p) => p.metadata.name === `${release}-api`,
    )!;
    const selector = Object.entries(pdb.spec.selector.matchLabels as Record<string, string>)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const drained = tryKubectl(
      ['drain', 'judix-node', '--pod-selector', selector].concat([
        '--ignore-daemonsets',
        '--delete-emptydir-data',
        '--timeout',
        '45s',
      ]),
    );
    expect(drained.status).not.toBe(0);
    expect(drained.stdout + drained.stderr).toMatch(/disruption budget/);
    expect(apiPods().filter(ready).length).toBeGreaterThanOrEqual(1);
    record('drain waits for the api PDB', 'waited, then timed out as expected');
  }, 300000);
});
