// The api's telemetry through a real collector running observability/collector/collector.yaml,
// into a second collector standing in for Tempo and Loki (OTLP/HTTP in, JSON lines out): spans
// named by route with the pod's attributes, log records carrying the same trace ids, and the spans
// the api flushes after SIGTERM still delivered.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startLocalRedis, withDatabase, type Service } from '../../scripts/services';
import {
  backendConfigPath,
  readExports,
  startCollector,
  type RunningCollector,
  startSidecar,
} from './support/collector';

const entry = resolve(__dirname, '..', '..', 'dist', 'server.js');
const POD = 'judix-api-5c7d9-e2e01';

interface Attribute {
  key: string;
  value: { stringValue?: string };
}
interface Resource {
  attributes: Attribute[];
}
interface SpanExport {
  resourceSpans: {
    resource: Resource;
    scopeSpans: { spans: { traceId: string; name: string }[] }[];
  }[];
}
interface LogExport {
  resourceLogs: { resource: Resource; scopeLogs: { logRecords: { traceId?: string }[] }[] }[];
}

const attributes = (resource: Resource) =>
  Object.fromEntries(resource.attributes.map((a) => [a.key, a.value.stringValue]));

let dir: string;
let backend: RunningCollector;
let sidecar: RunningCollector;
let redis: Service;
let api: ChildProcessWithoutNullStreams;
let apiExit: Promise<number | null>;
let baseUrl: string;

const traceIds = {
  register: randomBytes(16).toString('hex'),
  late: randomBytes(16).toString('hex'),
};
const traceparent = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error('dist/server.js is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'judix-e2e-'));
  backend = await startCollector(backendConfigPath, {
    JUDIX_TRACES_FILE: join(dir, 'traces.jsonl'),
    JUDIX_LOGS_FILE: join(dir, 'logs.jsonl'),
  });
  const store = `http://127.0.0.1:${backend.otlpPort}`;
  sidecar = await startSidecar(store, { K8S_POD_NAME: POD });
  redis = await startLocalRedis();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      MONGO_URL: withDatabase(
        process.env.JUDIX_TEST_MONGO_URL!,
        `judix_e2e_${randomBytes(4).toString('hex')}`,
      ),
      REDIS_URL: redis.url,
      COOKIE_SECURE: 'false',
      SHUTDOWN_DELAY: '1ms',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sidecar.otlpPort}`,
      OTEL_LOGS_EXPORTER: 'otlp',
      // Nothing leaves the api before shutdown, so what arrives was flushed after SIGTERM.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_BLRP_SCHEDULE_DELAY: '600000',
    },
  });
  let apiErrors = '';
  api.stderr.on('data', (chunk: Buffer) => (apiErrors += chunk.toString()));
  apiExit = new Promise((done) => api.once('exit', (code) => done(code)));
  for (let i = 0; ; i++) {
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 600 || api.exitCode !== null)
      throw new Error(`the api did not become ready: ${apiErrors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);

afterAll(async () => {
  if (api?.exitCode === null) api.kill('SIGKILL');
  await sidecar?.stop();
  await backend?.stop();
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('delivers route-named spans with pod attributes and log records with their trace ids, flushed after SIGTERM', async () => {
  const register = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { traceparent: traceparent(traceIds.register), 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'E2E',
      email: `e2e-${randomBytes(4).toString('hex')}@example.test`,
      password: `pw-${randomBytes(8).toString('hex')}`,
    }),
  });
  expect(register.status).toBe(201);
  const { accessToken } = (await register.json()) as { accessToken: string };
  const late = await fetch(`${baseUrl}/api/v1/tasks`, {
    headers: { traceparent: traceparent(traceIds.late), authorization: `Bearer ${accessToken}` },
  });
  expect(late.status).toBe(200);

  await new Promise((r) => setTimeout(r, 2000));
  expect(readExports(join(dir, 'traces.jsonl'))).toEqual([]);

  api.kill('SIGTERM');
  expect(await apiExit).toBe(0);
  // The sidecar outlives the api (a native sidecar stops after it) and drains on its own SIGTERM.
  expect(await sidecar.stop()).toBe(0);
  await new Promise((r) => setTimeout(r, 1000));

  const spans = (readExports(join(dir, 'traces.jsonl')) as SpanExport[]).flatMap((e) =>
    e.resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((span) => ({ ...span, resource: attributes(rs.resource) })),
      ),
    ),
  );
  const named = (traceId: string) => spans.filter((s) => s.traceId === traceId).map((s) => s.name);
  expect(named(traceIds.register)).toContain('POST /api/v1/auth/register');
  expect(named(traceIds.late)).toContain('GET /api/v1/tasks');
  for (const span of spans.filter((s) => Object.values(traceIds).includes(s.traceId))) {
    expect(span.resource).toMatchObject({
      'service.name': 'judix-api',
      'service.namespace': 'judix',
      'deployment.environment.name': 'test',
      'k8s.pod.name': POD,
      'k8s.namespace.name': 'judix',
      'k8s.node.name': 'node-1',
    });
  }

  const logs = (readExports(join(dir, 'logs.jsonl')) as LogExport[]).flatMap((e) =>
    e.resourceLogs.flatMap((rl) =>
      rl.scopeLogs.flatMap((sl) =>
        sl.logRecords.map((record) => ({ ...record, resource: attributes(rl.resource) })),
      ),
    ),
  );
  for (const traceId of [traceIds.register, traceIds.late]) {
    const records = logs.filter((record) => record.traceId === traceId);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]!.resource['k8s.pod.name']).toBe(POD);
  }
}, 180_000);
