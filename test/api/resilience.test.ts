// Dependency outages: a dedicated MongoDB-protocol server and Redis, really stopped and started.
import { startLocalMongo, startLocalRedis, type Service } from '../../scripts/services';
import { startTestApp, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';

let mongo: Service;
let redis: Service;
let app: TestApp;
let user: SignedInUser;

beforeAll(async () => {
  [mongo, redis] = await Promise.all([startLocalMongo(), startLocalRedis()]);
  app = await startTestApp({}, { redis, mongoUrl: mongo.url });
  user = await registerUser(app.client);
}, 120_000);
afterAll(async () => {
  await app.close();
  await Promise.all([mongo.close(), redis.close()]);
});

// A hang would exceed this bound and abort the request, failing the test.
const within2s = async <T>(request: (signal: AbortSignal) => Promise<T>) =>
  request(AbortSignal.timeout(2500));

async function readyz() {
  return within2s(async (signal) => {
    const response = await fetch(`${app.client.baseUrl}/readyz`, { signal });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  });
}

/** Until both dependencies answer the probe and a write succeeds (its breaker closed again). */
async function eventuallyRecovered() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await readyz();
    const healthy = body.checks.mongodb === 'ok' && body.checks.redis === 'ok';
    if (healthy && (await within2s(createViaFetch)).status === 201) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('did not recover');
}

async function createViaFetch(signal: AbortSignal) {
  const response = await fetch(`${app.client.baseUrl}/api/v1/tasks`, {
    method: 'POST',
    signal,
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'during outage' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

it('when Redis stops, then requests answer 503 quickly and /readyz reports it but stays ready; when it is back, everything recovers', async () => {
  await redis.controls!.stop();
  try {
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ mongodb: 'ok', redis: 'failing' });
    expect(ready.body.failingForSeconds).toEqual({ redis: expect.any(Number) });
    const write = await within2s(createViaFetch);
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({
      type: 'urn:judix:problem:dependency-unavailable',
      status: 503,
    });
    expect(JSON.stringify(write.body)).not.toMatch(/ECONNREFUSED|stack|ioredis/i);
  } finally {
    await redis.controls!.start();
  }
  await eventuallyRecovered();
  // Redis lost its data with the restart; the access token (a JWT) still works.
  expect((await within2s(createViaFetch)).status).toBe(201);
});

it('when the MongoDB server stops, then writes answer 503 quickly, the breaker opens and /readyz reports it; when it is back, everything recovers', async () => {
  await createTask(app.client, user, { title: 'before outage' });
  await mongo.controls!.stop();
  try {
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ mongodb: 'failing', redis: 'ok' });
    for (let i = 0; i < 5; i++) {
      const write = await within2s(createViaFetch);
      expect(write.status).toBe(503);
      expect(write.body.detail).toContain('MongoDB');
    }
    expect((await readyz()).body.circuits).toEqual({ mongodb: 'open', redis: 'closed' });
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metrics).toContain(
      'judix_dependency_circuit_state{dependency="MongoDB",state="open"} 1',
    );
    const read = await within2s((signal) =>
      fetch(`${app.client.baseUrl}/api/v1/tasks?q=before`, {
        signal,
        headers: { authorization: `Bearer ${user.token}` },
      }),
    );
    expect([200, 503]).toContain(read.status);
  } finally {
    await mongo.controls!.start();
  }
  await eventuallyRecovered();
  const list = await app.client.get('/api/v1/tasks?limit=100', { token: user.token });
  expect(list.status).toBe(200);
  expect(list.body.data.map((t: { title: string }) => t.title)).toContain('before outage');
  expect((await within2s(createViaFetch)).status).toBe(201);
});

it('when MongoDB hangs, then reads and writes answer a 503 problem within the request budget', async () => {
  const budgeted = await startTestApp(
    { REQUEST_TIMEOUT: '1s' },
    { redis, mongoUrl: mongo.url, database: app.database },
  );
  const task = await createTask(app.client, user, { title: 'before the hang' });
  mongo.controls!.signal('SIGSTOP');
  try {
    for (const [request, detail] of [
      [
        () => budgeted.client.post('/api/v1/tasks', { token: user.token, body: { title: 'hung' } }),
        /outcome of this POST is unknown.*same key/,
      ],
      [
        () => budgeted.client.get(`/api/v1/tasks/${task.id}`, { token: user.token }),
        /^(?!.*outcome)/,
      ],
    ] as const) {
      const started = Date.now();
      const response = await request();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.body.detail).toMatch(detail);
      expect(Date.now() - started).toBeLessThan(1800);
    }
  } finally {
    mongo.controls!.signal('SIGCONT');
    await budgeted.close();
  }
});

it('when a dependency fails for longer than the readiness grace, then /readyz fails until it is back', async () => {
  const strict = await startTestApp(
    { READINESS_GRACE: '1s' },
    { redis, mongoUrl: mongo.url, database: app.database },
  );
  const probe = async () => (await fetch(`${strict.client.baseUrl}/readyz`)).status;
  try {
    expect(await probe()).toBe(200);
    await redis.controls!.stop();
    expect(await probe()).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await probe()).toBe(503);
    await redis.controls!.start();
    for (let attempt = 0; attempt < 50 && (await probe()) !== 200; attempt++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await probe()).toBe(200);
  } finally {
    await redis.controls!.start();
    await strict.close();
  }
});
