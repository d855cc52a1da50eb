// The api as a real process (`node dist/server.js`, built by `npm run build`): configuration
// errors, graceful shutdown and telemetry export.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { freePort, startLocalRedis, withDatabase, type Service } from '../../scripts/services';
import { Client } from '../support/app';
import { registerUser } from '../support/builders';
import { until } from '../support/wait';

const entry = resolve(__dirname, '..', '..', 'dist', 'server.js');

beforeAll(() => {
  if (!existsSync(entry)) throw new Error('dist/server.js is missing: run `npm run build` first');
});

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

interface ApiProcess {
  child: ChildProcessWithoutNullStreams;
  client: Client;
  port: number;
  /** Parsed JSON log lines from stdout, as they arrive. */
  logs: any[];
  redis: Service;
  stop(): Promise<void>;
}

/** Starts `node dist/server.js` on free ports with a Redis of its own and waits until it is ready. */
async function startApiProcess(database: string, env: Record<string, string>): Promise<ApiProcess> {
  const redis = await startLocalRedis();
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      MONGO_URL: withDatabase(process.env.JUDIX_TEST_MONGO_URL!, database),
      REDIS_URL: redis.url,
      COOKIE_SECURE: 'false',
      ...env,
    },
  });
  const logs: any[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
  });
  const stop = async () => {
    child.kill('SIGKILL');
    await exitOf(child);
    await redis.close();
  };
  for (let i = 0; i < 300; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready)
      return { child, client: new Client(`http://127.0.0.1:${port}`), port, logs, redis, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('the api did not become ready');
}

describe('configuration', () => {
  it.each([
    [{ MONGO_URL: '' }, 'Invalid configuration: MONGO_URL is required'],
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT'],
    [
      { JWT_SECRET: 'short' },
      'Invalid configuration: JWT_SECRET each key must be at least 32 bytes',
    ],
    [
      { NODE_ENV: 'production', JWT_SECRET: '' },
      'Invalid configuration: JWT_SECRET the development secret is refused when NODE_ENV=production',
    ],
    [
      { ACCESS_TOKEN_TTL: '15 minutes' },
      'Invalid configuration: ACCESS_TOKEN_TTL must be a duration such as 15m',
    ],
  ])(
    'when the environment has %p, then the process exits 1 with one line naming the variable',
    async (env, message) => {
      const child = spawn(process.execPath, [entry], {
        env: {
          PATH: process.env.PATH,
          MONGO_URL: 'mongodb://127.0.0.1:1/x',
          REDIS_URL: 'redis://127.0.0.1:1',
          ...env,
        },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      expect(await exitOf(child)).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(message);
    },
  );
});

describe('graceful shutdown', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApiProcess('judix_test_shutdown', {
      SHUTDOWN_DELAY: '1s',
      SHUTDOWN_TIMEOUT: '10s',
    });
  }, 60_000);
  afterAll(() => api.stop());

  const waitForLog = async (msg: string) => {
    for (let i = 0; i < 200; i++) {
      if (api.logs.some((line) => line.msg === msg)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no log line "${msg}"`);
  };

  it('when SIGTERM arrives during a slow request, then it finishes, new work is refused, and the exit code is 0', async () => {
    const base = `http://127.0.0.1:${api.port}`;
    const user = await registerUser(api.client);
    const body = JSON.stringify({ title: 'slow upload that must not be lost' });

    // A request whose body arrives slowly: it is in flight when the signal comes.
    const slowRequest = request({
      host: '127.0.0.1',
      port: api.port,
      method: 'POST',
      path: '/api/v1/tasks',
      headers: {
        authorization: `Bearer ${user.token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    const slowResponse = new Promise<{ status: number; text: string }>((done, fail) => {
      slowRequest.on('error', fail);
      slowRequest.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode!, text }));
      });
    });
    slowRequest.write(body.slice(0, 10));

    api.child.kill('SIGTERM');
    await waitForLog('shutting down: draining');
    const draining = await fetch(`${base}/readyz`);
    expect(draining.status).toBe(503);
    const served = await fetch(`${base}/healthz`);
    expect(served.status).toBe(200);
    expect(served.headers.get('connection')).toBe('close');

    await waitForLog('shutting down: closing listeners, finishing in-flight requests');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    slowRequest.end(body.slice(10));
    const result = await slowResponse;
    expect(result.status).toBe(201);
    expect(JSON.parse(result.text).title).toBe('slow upload that must not be lost');
    expect(await exitOf(api.child)).toBe(0);
    expect(api.logs.map((line) => line.msg)).toContain('shutdown complete');
  });
});

describe('telemetry', () => {
  it('when an OTLP endpoint is set, then spans named after the route are exported and log lines carry their trace id', async () => {
    const received: any[] = [];
    const unexpected: (string | undefined)[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(JSON.parse(body));
        else unexpected.push(req.url);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => sink.listen(0, '127.0.0.1', done));
    const api = await startApiProcess('judix_test_telemetry', {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: 'judix-test',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const user = await registerUser(api.client);
      await api.client.get('/api/v1/tasks', {
        token: user.token,
        headers: { 'x-request-id': 'traced-1' },
      });
      const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
      await api.client.get('/api/v1/users/me', {
        token: user.token,
        headers: { traceparent: `00-${caller.traceId}-${caller.spanId}-01` },
      });

      const spans = () =>
        received.flatMap((batch) =>
          batch.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)),
        );
      for (let i = 0; i < 100 && !spans().some((s: any) => s.name === 'GET /api/v1/tasks'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const server = spans().find((s: any) => s.name === 'GET /api/v1/tasks');
      expect(server).toBeDefined();
      // Lines reach stdout in pages, at most 200 ms after they are logged.
      await until(() => api.logs.some((l) => l.requestId === 'traced-1'), 5000);
      const line = api.logs.find((l) => l.requestId === 'traced-1');
      expect(line.traceId).toBe(server.traceId);
      const children = spans().filter((s: any) => s.traceId === server.traceId && s !== server);
      expect(children.length).toBeGreaterThan(0);
      const service = received[0].resourceSpans[0].resource.attributes.find(
        (a: any) => a.key === 'service.name',
      );
      expect(service.value.stringValue).toBe('judix-test');
      for (
        let i = 0;
        i < 100 && !spans().some((s: any) => s.name === 'GET /api/v1/users/me');
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(spans().find((s: any) => s.name === 'GET /api/v1/users/me')).toMatchObject({
        traceId: caller.traceId,
        parentSpanId: caller.spanId,
      });
      // Metrics are scraped and logs read from stdout: nothing else is exported by default.
      expect(unexpected).toEqual([]);
    } finally {
      await api.stop();
      sink.close();
    }
  });
});
