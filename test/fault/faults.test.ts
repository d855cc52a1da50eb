// Fault injection against the real api and real servers: each dependency is frozen (SIGSTOP),
// killed (SIGKILL) and slowed or cut through a TCP fault proxy while a steady mixed load runs.
// Every request must be answered within the budget plus a small margin, with 200/201/204 or a
// 503 problem (a retried create may also see a 409 problem while its first attempt is in
// flight), never a 500 or a hang; the api recovers within seconds of the fault ending; and the
// creates clients retried with their idempotency keys are stored exactly once each.
import { MongoClient } from 'mongodb';
import { startLocalMongo, startLocalRedis, type Service } from '../../scripts/services';
import { startTestApp, type TestApp } from '../support/app';
import { registerUser, type SignedInUser } from '../support/builders';
import { runLoad, type LoadResult } from './load';
import { Toxiproxy, type Proxy } from './toxiproxy';

const BUDGET_MS = 2000;
const MARGIN_MS = 1000;
const RECOVERY_MS = 15_000;
const CLIENTS = 6;
const STEADY_MS = 2000;
/** Runs only the faults whose label contains this (e.g. `JUDIX_FAULT=redis`), when debugging one. */
const ONLY = process.env.JUDIX_FAULT ?? '';
const FAULT_MS = 5000;

let mongo: Service;
let redis: Service;
let toxiproxy: Toxiproxy;
let mongoProxy: Proxy;
let redisProxy: Proxy;
let app: TestApp;
let users: SignedInUser[];
const table: string[] = [];

const hostPort = (url: string) => new URL(url).host;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [mongo, redis, toxiproxy] = await Promise.all([
    startLocalMongo(),
    startLocalRedis(),
    Toxiproxy.start(),
  ]);
  mongoProxy = await toxiproxy.proxy('mongodb', hostPort(mongo.url));
  redisProxy = await toxiproxy.proxy('redis', hostPort(redis.url));
  app = await startTestApp(
    { REQUEST_TIMEOUT: `${BUDGET_MS}ms`, LOG_LEVEL: 'warn' },
    {
      mongoUrl: `mongodb://${mongoProxy.listen}/`,
      redis: { kind: 'proxied', url: `redis://${redisProxy.listen}`, close: async () => undefined },
    },
  );
  // Password hashing on a loaded machine can exceed the budget: the clients sign up through a
  // second api with a generous one, on the same servers and keys.
  const signUp = await startTestApp(
    { REQUEST_TIMEOUT: '30s', LOG_LEVEL: 'warn' },
    { mongoUrl: mongo.url, redis, database: app.database },
  );
  users = [];
  for (let i = 0; i < CLIENTS; i++) users.push(await registerUser(signUp.client));
  await signUp.close();
}, 180_000);

afterAll(async () => {
  process.stderr.write(
    `\nFault injection (budget ${BUDGET_MS} ms, ${CLIENTS} clients)\n${table.join('\n')}\n`,
  );
  await app?.close();
  await Promise.all([mongo?.close(), redis?.close(), toxiproxy?.close()]);
});

async function stored(label: string): Promise<Map<string, number>> {
  const client = new MongoClient(mongo.url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const rows = await client
      .db(app.database)
      .collection('tasks')
      .find({ title: { $regex: `^${label} ` } }, { projection: { title: 1 } })
      .toArray();
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.title, (counts.get(row.title) ?? 0) + 1);
    return counts;
  } finally {
    await client.close();
  }
}

function summarise(
  name: string,
  result: LoadResult,
  faultEnd: number,
  counts: Map<string, number>,
) {
  const { samples } = result;
  const unexpected = samples.filter(
    (s) =>
      ![200, 201, 204].includes(s.status) &&
      !(s.status === 503 && s.problem) &&
      !(s.status === 409 && s.problem && s.retry),
  );
  const after = samples.filter((s) => s.at >= faultEnd);
  const lastFailure = after.filter((s) => s.status >= 300).sort((a, b) => b.at - a.at)[0];
  const recoveryMs = lastFailure ? lastFailure.at + lastFailure.ms - faultEnd : 0;
  const maxMs = Math.max(...samples.map((s) => s.ms));
  const statuses = [...new Set(samples.map((s) => s.status))]
    .sort()
    .map((status) => `${status}×${samples.filter((s) => s.status === status).length}`)
    .join(' ');
  const storedTotal = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const duplicated = [...counts.values()].filter((n) => n > 1).length;
  const lost = result.acknowledged.filter((title) => !counts.has(title)).length;
  table.push(
    `${name.padEnd(40)} requests ${String(samples.length).padStart(4)}  ${statuses.padEnd(28)} max ${String(maxMs).padStart(5)} ms  recovery ${String(recoveryMs).padStart(5)} ms  writes acknowledged ${result.acknowledged.length} / stored ${storedTotal}`,
  );
  return { unexpected, recoveryMs, maxMs, storedTotal, duplicated, lost };
}

/** Each fault starts from a healthy api: both dependencies answer and both breakers are closed. */
async function healthy(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    await app.client.get('/api/v1/tasks?limit=1', { token: users[0]!.token });
    const { body } = await app.client.get('/readyz');
    const { checks, circuits } = body;
    if (
      checks.mongodb === 'ok' &&
      checks.redis === 'ok' &&
      circuits.mongodb === 'closed' &&
      circuits.redis === 'closed'
    )
      return;
    await pause(200);
  }
  throw new Error('the api did not become healthy before the fault');
}

interface Fault {
  name: string;
  label: string;
  begin: () => Promise<void> | void;
  end: () => Promise<void> | void;
  /** A slow dependency that still answers within the budget: its breaker must never open. */
  answersInTime?: boolean;
}

const faults: Fault[] = [
  {
    name: 'MongoDB frozen (SIGSTOP, SIGCONT)',
    label: 'mongo-frozen',
    begin: () => mongo.controls!.signal('SIGSTOP'),
    end: () => mongo.controls!.signal('SIGCONT'),
  },
  {
    name: 'MongoDB killed (SIGKILL, restarted)',
    label: 'mongo-killed',
    begin: () => mongo.controls!.signal('SIGKILL'),
    end: () => mongo.controls!.start(),
  },
  {
    name: 'MongoDB connections reset (proxy)',
    label: 'mongo-reset',
    begin: () => toxiproxy.addToxic(mongoProxy, 'reset_peer', { timeout: 0 }),
    end: () => toxiproxy.removeToxic(mongoProxy, 'reset_peer'),
  },
  {
    name: 'MongoDB slow, +150 ms a reply (proxy)',
    label: 'mongo-slow',
    begin: () => toxiproxy.addToxic(mongoProxy, 'latency', { latency: 150 }),
    end: () => toxiproxy.removeToxic(mongoProxy, 'latency'),
    answersInTime: true,
  },
  {
    name: 'Redis frozen (SIGSTOP, SIGCONT)',
    label: 'redis-frozen',
    begin: () => redis.controls!.signal('SIGSTOP'),
    end: () => redis.controls!.signal('SIGCONT'),
  },
  {
    name: 'Redis killed (SIGKILL, restarted)',
    label: 'redis-killed',
    begin: () => redis.controls!.signal('SIGKILL'),
    end: () => redis.controls!.start(),
  },
  {
    name: 'Redis connections reset (proxy)',
    label: 'redis-reset',
    begin: () => toxiproxy.addToxic(redisProxy, 'reset_peer', { timeout: 0 }),
    end: () => toxiproxy.removeToxic(redisProxy, 'reset_peer'),
  },
];

it.each(faults.filter((fault) => fault.label.includes(ONLY)))(
  'when $name under load, then every request is answered in time and no write is lost or doubled',
  async (fault) => {
    await healthy();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const load = runLoad(app.client, users, fault.label, stopped);
    const circuits = new Set<string>();
    const watching = (async () => {
      for (let done = false; !done; await pause(200)) {
        const { body } = await app.client.get('/readyz');
        circuits.add(body.circuits.mongodb).add(body.circuits.redis);
        done = await Promise.race([stopped.then(() => true), pause(0).then(() => false)]);
      }
    })();
    await pause(STEADY_MS);
    await fault.begin();
    await pause(FAULT_MS);
    await fault.end();
    const faultEnd = Date.now();
    await pause(RECOVERY_MS + STEADY_MS);
    stop();
    const [result] = await Promise.all([load, watching]);
    const counts = await stored(fault.label);
    const summary = summarise(fault.name, result, faultEnd, counts);

    expect(summary.unexpected).toEqual([]);
    expect(summary.maxMs).toBeLessThanOrEqual(BUDGET_MS + MARGIN_MS);
    expect(summary.recoveryMs).toBeLessThanOrEqual(RECOVERY_MS);
    expect(result.abandoned).toEqual([]);
    expect({ lost: summary.lost, duplicated: summary.duplicated }).toEqual({
      lost: 0,
      duplicated: 0,
    });
    expect(summary.storedTotal).toBe(result.acknowledged.length);
    if (fault.answersInTime) {
      expect(result.samples.filter((s) => s.status !== 200 && s.status !== 201)).toEqual([]);
    }
  },
);
