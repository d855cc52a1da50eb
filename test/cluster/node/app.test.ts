// The chart running for real on the test cluster's node (scripts/cluster/test-tier2.sh): values-dev
// with MongoDB external, served by an in-cluster FerretDB, in a namespace enforcing `restricted`.
// Traffic goes from this process through the api Service's cluster IP, i.e. through kube-proxy.
import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  deleteNamespace,
  getObjects,
  helm,
  K8sObject,
  kubectl,
  restrictedNamespace,
  tryHelm,
  tryKubectl,
  waitFor,
} from '../support/cluster';
import { chartDir, release } from '../support/chart';
import { valuesArgs } from './support/release';
import { ferretdbManifest, probePodManifest } from './support/manifests';

const namespace = 't2-judix';
const ran: { check: string; result: string }[] = [];
const record = (check: string, result: string): void => {
  ran.push({ check, result });
};

let base: URL;
let token: string;

interface Load {
  stop(): Promise<{ total: number; failed: number; failures: string[] }>;
}

/** A bounded request generator: `workers` loops of GET /api/v1/tasks, each on a new connection. */
function startLoad(workers = 4, pauseMs = 40): Load {
  let running = true;
  let total = 0;
  const failures: string[] = [];
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(
        new URL('/api/v1/tasks', base),
        { agent: false, headers: { authorization: `Bearer ${token}` }, timeout: 10000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            total += 1;
            if (res.statusCode !== 200) failures.push(`HTTP ${res.statusCode}`);
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        total += 1;
        failures.push(error.message);
        resolve();
      });
      req.end();
    });
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      await once();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { total, failed: failures.length, failures };
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

async function underLoad(check: string, disrupt: () => Promise<void>): Promise<void> {
  const load = startLoad();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await disrupt();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const { total, failed, failures } = await load.stop();
  console.log(`${check}: ${total} requests, ${failed} failed`);
  record(check, `${total} requests, ${failed} failed`);
  expect(failures).toEqual([]);
  expect(total).toBeGreaterThan(50);
}

describe('the chart on a node', () => {
  beforeAll(async () => {
    restrictedNamespace(namespace);
    kubectl(['apply', '--namespace', namespace, '--filename', '-'], ferretdbManifest(namespace));
    kubectl(
      ['rollout', 'status', 'deployment/judix-ferretdb', '--namespace', namespace].concat([
        '--timeout',
        '300s',
      ]),
    );
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
    const before = apiPods().map((pod) => pod.metadata.name as string);
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
