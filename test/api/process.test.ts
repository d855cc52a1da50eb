// The api as a real process (`node dist/server.js`, built by `npm run build`): configuration
// errors and graceful shutdown.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { freePort, startLocalRedis, withDatabase, type Service } from '../../scripts/services';
import { Client } from '../support/app';
import { registerUser } from '../support/builders';

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
  let redis: Service;
  let child: ChildProcessWithoutNullStreams;
  let port: number;
  let logLines: { msg?: string }[] = [];

  beforeAll(async () => {
    redis = await startLocalRedis();
    port = await freePort();
    child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        MONGO_URL: withDatabase(process.env.JUDIX_TEST_MONGO_URL!, 'judix_test_shutdown'),
        REDIS_URL: redis.url,
        COOKIE_SECURE: 'false',
        SHUTDOWN_DELAY: '1s',
        SHUTDOWN_TIMEOUT: '10s',
      },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push(JSON.parse(line));
    });
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the api did not become ready');
  }, 60_000);
  afterAll(async () => {
    child.kill('SIGKILL');
    await redis.close();
  });

  const waitForLog = async (msg: string) => {
    for (let i = 0; i < 200; i++) {
      if (logLines.some((line) => line.msg === msg)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no log line "${msg}"`);
  };

  it('when SIGTERM arrives during a slow request, then it finishes, new work is refused, and the exit code is 0', async () => {
    const client = new Client(`http://127.0.0.1:${port}`);
    const user = await registerUser(client);
    const body = JSON.stringify({ title: 'slow upload that must not be lost' });

    // A request whose body arrives slowly: it is in flight when the signal comes.
    const slow = new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/tasks',
          headers: {
            authorization: `Bearer ${user.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => done({ status: res.statusCode!, text }));
        },
      );
      req.on('error', fail);
      req.write(body.slice(0, 10));
      (globalThis as { finishSlow?: () => void }).finishSlow = () => req.end(body.slice(10));
    });

    logLines = [];
    child.kill('SIGTERM');
    await waitForLog('shutting down: draining');

    const draining = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(draining.status).toBe(503);
    const served = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(served.status).toBe(200);
    expect(served.headers.get('connection')).toBe('close');

    await waitForLog('shutting down: closing listeners, finishing in-flight requests');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    (globalThis as { finishSlow?: () => void }).finishSlow!();
    const result = await slow;
    expect(result.status).toBe(201);
    expect(JSON.parse(result.text).title).toBe('slow upload that must not be lost');
    expect(await exitOf(child)).toBe(0);
    expect(logLines.map((line) => line.msg)).toContain('shutdown complete');
  });
});

describe('telemetry', () => {
  it('when an OTLP endpoint is set, then spans named after the route are exported and log lines carry their trace id', async () => {
    const received: any[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => sink.listen(0, '127.0.0.1', done));
    const redis = await startLocalRedis();
    const port = await freePort();
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        MONGO_URL: withDatabase(process.env.JUDIX_TEST_MONGO_URL!, 'judix_test_telemetry'),
        REDIS_URL: redis.url,
        COOKIE_SECURE: 'false',
        SHUTDOWN_DELAY: '10ms',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
        OTEL_SERVICE_NAME: 'judix-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
    const logs: any[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
    });
    try {
      for (let i = 0; i < 300; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const client = new Client(`http://127.0.0.1:${port}`);
      const user = await registerUser(client);
      await client.get('/api/v1/tasks', {
        token: user.token,
        headers: { 'x-request-id': 'traced-1' },
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
      const line = logs.find((l) => l.requestId === 'traced-1');
      expect(line.traceId).toBe(server.traceId);
      const children = spans().filter((s: any) => s.traceId === server.traceId && s !== server);
      expect(children.length).toBeGreaterThan(0);
      const service = received[0].resourceSpans[0].resource.attributes.find(
        (a: any) => a.key === 'service.name',
      );
      expect(service.value.stringValue).toBe('judix-test');
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
      await redis.close();
      sink.close();
    }
  });
});
