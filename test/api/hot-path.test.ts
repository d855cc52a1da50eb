// The cached read's path without Redis: the gate answers from the user's tracked local state and
// from leased rate-limit points. Two replicas on a Redis of their own, so its command counts are
// theirs alone.
import Redis from 'ioredis';
import { startLocalRedis, type Service } from '../../scripts/services';
import { startTestApp, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';
import { until } from '../support/wait';

let service: Service;
let redis: Redis;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  service = await startLocalRedis();
  redis = new Redis(service.url);
  a = await startTestApp({ RATE_LIMIT_MAX: '100000' }, { redis: service });
  b = await startTestApp({ RATE_LIMIT_MAX: '100000' }, { redis: service, database: a.database });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  redis?.disconnect();
  await service?.close();
});

/** Calls of each Redis command so far, from INFO commandstats. */
async function commandCalls(): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  return Object.fromEntries(
    [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, calls]) => [
      name!.toLowerCase(),
      Number(calls),
    ]),
  );
}

const titles = async (app: TestApp, user: SignedInUser) => {
  const response = await app.client.get('/api/v1/tasks', { token: user.token });
  expect(response.status).toBe(200);
  return response.body.data.map((task: { title: string }) => task.title);
};

/** Until a replica's user-state copy has registered with Redis and answers from memory. */
async function warm(app: TestApp, user: SignedInUser) {
  await until(async () => {
    await titles(app, user);
    const before = (await commandCalls()).hmget ?? 0;
    await titles(app, user);
    return ((await commandCalls()).hmget ?? 0) === before;
  });
}

describe('the cached read path', () => {
  it('when a list is read again and again, then Redis sees neither a user-state read nor one script call per request', async () => {
    const user = await registerUser(a.client);
    await createTask(a.client, user, { title: 'Water the plants' });
    await warm(a, user);
    const before = await commandCalls();
    for (let n = 0; n < 200; n++) await titles(a, user);
    const after = await commandCalls();
    expect((after.hmget ?? 0) - (before.hmget ?? 0)).toBe(0);
    // The rate limiter takes its points in growing leases: 1, 2, 4, … 64.
    const scripts = (after.evalsha ?? 0) - (before.evalsha ?? 0);
    expect(scripts).toBeGreaterThan(0);
    expect(scripts).toBeLessThanOrEqual(12);
  });

  it('when a task is created on one replica, then the next list on the other shows it', async () => {
    const user = await registerUser(a.client);
    await warm(b, user);
    for (let n = 1; n <= 20; n++) {
      await createTask(a.client, user, { title: `Task ${n}` });
      expect(await titles(b, user)).toContain(`Task ${n}`);
    }
  });

  it('when the user signs out everywhere on one replica, then the access token stops working on the other at once', async () => {
    const user = await registerUser(a.client);
    await warm(b, user);
    const out = await a.client.post('/api/v1/auth/logout-all', { token: user.token });
    expect(out.status).toBe(204);
    expect((await b.client.get('/api/v1/tasks', { token: user.token })).status).toBe(401);
  });

  it('when the invalidation connection drops, then reads go to Redis until it is back, and writes are seen throughout', async () => {
    const user = await registerUser(a.client);
    await warm(b, user);
    // Kills every subscribed connection, the user-state listeners among them.
    await redis.client('KILL', 'TYPE', 'pubsub');
    await createTask(a.client, user, { title: 'While reconnecting' });
    expect(await titles(b, user)).toContain('While reconnecting');
    await warm(b, user);
    await createTask(a.client, user, { title: 'After reconnecting' });
    expect(await titles(b, user)).toContain('After reconnecting');
  });
});

describe('the leased global rate limit', () => {
  let limitedA: TestApp;
  let limitedB: TestApp;
  beforeAll(async () => {
    const env = { RATE_LIMIT_MAX: '60', RATE_LIMIT_WINDOW: '1m' };
    limitedA = await startTestApp(env, { redis: service });
    limitedB = await startTestApp(env, { redis: service, database: limitedA.database });
  });
  afterAll(async () => {
    await limitedB?.close();
    await limitedA?.close();
  });

  it('when one client sends 150 requests at once to one replica, then exactly the limit is admitted', async () => {
    const user = await registerUser(limitedA.client);
    const statuses = await Promise.all(
      Array.from({ length: 150 }, () =>
        limitedA.client.get('/api/v1/tasks', { token: user.token }),
      ),
    ).then((responses) => responses.map((response) => response.status));
    // Registering counted against the client's address, not the user.
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(90);
  });

  it('when one client spreads a burst over two replicas, then together they never admit more than the limit', async () => {
    const user = await registerUser(limitedA.client);
    const statuses: number[] = [];
    for (let n = 0; n < 50; n++) {
      const [onA, onB] = await Promise.all(
        [limitedA, limitedB].map((app) => app.client.get('/api/v1/tasks', { token: user.token })),
      );
      statuses.push(onA!.status, onB!.status);
    }
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeLessThanOrEqual(60);
    // Each replica may hold back at most an eighth of what was left when it took its lease.
    expect(admitted).toBeGreaterThanOrEqual(60 - 2 * Math.ceil(60 / 8));
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
  });
});

describe('a hung Redis', () => {
  it('when Redis stops answering with its connections open, then the local copy stops and requests get 503 within two budgets', async () => {
    // Redis commands time out after half the budget; the tracker pings every second.
    const budgeted = await startTestApp({ REQUEST_TIMEOUT: '2s' }, { redis: service });
    try {
      const user = await registerUser(budgeted.client);
      await warm(budgeted, user);
      await service.controls!.signal('SIGSTOP');
      try {
        const started = Date.now();
        await until(async () => {
          const response = await budgeted.client.get('/api/v1/tasks', { token: user.token });
          return response.status === 503;
        }, 10_000);
        expect(Date.now() - started).toBeLessThan(4_000);
      } finally {
        await service.controls!.signal('SIGCONT');
      }
      await until(async () => (await titles(budgeted, user).catch(() => undefined)) !== undefined);
    } finally {
      await budgeted.close();
    }
  });
});
