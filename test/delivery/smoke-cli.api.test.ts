// scripts/smoke.ts end to end: the real @kubernetes/client-node reads the fixtures' list responses
// from a loopback server standing in for the Kubernetes API, and the round trip runs against the
// real api (on the suite's MongoDB-protocol server and its own Redis). No cluster is needed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundTrip } from '../../scripts/smoke/roundtrip';
import { startTestApp, type TestApp } from '../support/app';
import { list, releaseSecret, type ListName } from './smoke-fixtures';
import { repoRoot, type Doc } from './support';

const routes: Record<string, ListName | 'secrets'> = {
  '/api/v1/namespaces/judix/secrets': 'secrets',
  '/apis/apps/v1/namespaces/judix/deployments': 'deployments',
  '/apis/apps/v1/namespaces/judix/statefulsets': 'statefulSets',
  '/api/v1/namespaces/judix/pods': 'pods',
  '/apis/autoscaling/v2/namespaces/judix/horizontalpodautoscalers': 'hpas',
  '/apis/policy/v1/namespaces/judix/poddisruptionbudgets': 'pdbs',
  '/api/v1/namespaces/judix/services': 'services',
  '/apis/discovery.k8s.io/v1/namespaces/judix/endpointslices': 'endpointSlices',
  '/apis/networking.k8s.io/v1/namespaces/judix/ingresses': 'ingresses',
};

/** Answers list requests with the fixtures, each passed through `edit` first. */
function kubernetesApi(edit: (name: string, body: Doc) => void = () => undefined) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    requests.push(`${req.method} ${url.pathname}?${url.searchParams}`);
    const name = routes[url.pathname];
    if (req.method !== 'GET' || !name) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 }));
      return;
    }
    const body =
      name === 'secrets'
        ? {
            kind: 'SecretList',
            apiVersion: 'v1',
            metadata: {},
            items: [releaseSecret(1, 'deployed')],
          }
        : list(name);
    edit(name, body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise<{ server: Server; url: string; requests: string[] }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
      }),
    ),
  );
}

function runSmoke(
  kubeconfig: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(repoRoot, 'scripts', 'smoke.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/smoke.ts', () => {
  const release = ['--release', 'judix', '--namespace', 'judix'];
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'judix-smoke-'));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function withCluster<T>(
    edit: Parameters<typeof kubernetesApi>[0],
    run: (kubeconfig: string, requests: string[]) => Promise<T>,
  ) {
    const api = await kubernetesApi(edit);
    const kubeconfig = join(dir, `config-${Date.now()}`);
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: test, cluster: { server: "${api.url}", insecure-skip-tls-verify: true } }]`,
        'users: [{ name: test, user: { token: test-token } }]',
        'contexts: [{ name: test, context: { cluster: test, user: test } }]',
        'current-context: test',
        '',
      ].join('\n'),
    );
    try {
      return await run(kubeconfig, api.requests);
    } finally {
      api.server.close();
    }
  }

  it('when the release is healthy and the api answers, then every row is ok and it exits 0', async () => {
    await withCluster(undefined, async (kubeconfig, requests) => {
      const { code, stdout, stderr } = await runSmoke(kubeconfig, [
        ...release,
        '--url',
        app.client.baseUrl,
        '--timeout',
        '60',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^CHECK\s+OBJECT\s+RESULT\s+DETAIL$/m);
      for (const row of [
        /rollout\s+StatefulSet\/judix-mongodb\s+ok/,
        /pod\s+Pod\/judix-mongodb-2\s+ok\s+Ready, no restarts/,
        /hpa\s+HorizontalPodAutoscaler\/judix-web\s+ok/,
        /pdb\s+PodDisruptionBudget\/judix-api\s+ok/,
        /service\s+Service\/judix-redis\s+ok\s+1 ready endpoint/,
        /roundtrip\s+POST \/api\/v1\/auth\/register\s+ok\s+201/,
        /roundtrip\s+GET \/api\/v1\/tasks\s+ok\s+200 in \d+ ms, the new task is listed/,
        /roundtrip\s+DELETE \/api\/v1\/tasks\/:id\s+ok\s+204 in \d+ ms, gone from the list/,
        /roundtrip\s+DELETE \/api\/v1\/users\/me\s+ok/,
      ])
        expect(stdout).toMatch(row);
      expect(stdout).toMatch(/smoke check passed: \d+ checks on release judix/);
      expect(requests).toContain(
        'GET /api/v1/namespaces/judix/secrets?labelSelector=owner%3Dhelm%2Cname%3Djudix',
      );
      expect(requests).toContain(
        'GET /api/v1/namespaces/judix/pods?labelSelector=app.kubernetes.io%2Finstance%3Djudix',
      );
    });
  }, 180_000);

  it('when a pod restarted, then it exits 1 and names the pod and the reason', async () => {
    const edit = (name: string, body: Doc) => {
      if (name === 'pods') body.items[2].status.containerStatuses[0].restartCount = 1;
    };
    await withCluster(edit, async (kubeconfig) => {
      const { code, stderr } = await runSmoke(kubeconfig, [
        ...release,
        '--url',
        app.client.baseUrl,
        '--timeout',
        '60',
      ]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/smoke check failed: 1 of \d+ checks/);
      expect(stderr).toMatch(/pod Pod\/judix-web-\S+: web restarted 1×/);
    });
  }, 180_000);

  it('when no URL is given, then the Ingress host and its TLS decide it', async () => {
    await withCluster(undefined, async (kubeconfig) => {
      const { code, stdout } = await runSmoke(kubeconfig, [...release, '--timeout', '1']);
      expect(code).toBe(1);
      expect(stdout).toMatch(/roundtrip\s+GET https:\/\/localhost\/api\/v1\/openapi\.json\s+FAIL/);
    });
  }, 180_000);
});

describe('the round trip', () => {
  it('when nothing answers at the URL, then it fails with the reason instead of hanging', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
    server.close();
    const results = await roundTrip(`http://127.0.0.1:${port}`, 3);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ check: 'roundtrip', ok: false });
    expect(results[0]!.detail).toMatch(/does not route to the api: .*ECONNREFUSED/);
  }, 60_000);
});
