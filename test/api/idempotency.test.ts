// Idempotency keys on task creation, against real MongoDB-protocol and Redis servers.
import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import { requestFingerprint } from '../../src/platform/idempotency';
import { startTestApp, type TestApp } from '../support/app';
import { buildTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
let redis: Redis;
let user: SignedInUser;

beforeAll(async () => {
  app = await startTestApp();
  redis = new Redis(app.redis.url);
  user = await registerUser(app.client);
}, 120_000);
afterAll(async () => {
  redis.disconnect();
  await app.close();
});

const create = (body: unknown, key?: string, who: SignedInUser = user) =>
  app.client.post('/api/v1/tasks', {
    token: who.token,
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

async function storedTitles(who: SignedInUser = user): Promise<string[]> {
  const list = await app.client.get('/api/v1/tasks?limit=100', { token: who.token });
  return list.body.data.map((task: { title: string }) => task.title);
}

const recordsOf = (who: SignedInUser) => redis.keys(`judix:idempotency:{${who.id}}:*`);
const recordOf = (who: SignedInUser, key: string) =>
  `judix:idempotency:{${who.id}}:${createHash('sha256').update(key).digest('base64url')}`;

/**
 * A create whose request budget is spent before its handler runs: the headers go out at once and
 * the body only after the api has answered its 503, so the handler then runs to completion (the
 * task is written) behind a request that already failed. Resolves with that 503 once the handler
 * has finished. The budget only has to outlast the gate, which runs before the body is read.
 */
async function createAnsweredBeforeHandled(budgetMs: number, key: string, title: string) {
  const late = await startTestApp(
    { REQUEST_TIMEOUT: `${budgetMs}ms` },
    { redis: app.redis, database: app.database },
  );
  try {
    const body = JSON.stringify({ title });
    const url = new URL('/api/v1/tasks', late.client.baseUrl);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: url.pathname,
      headers: {
        authorization: `Bearer ${user.token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'idempotency-key': key,
      },
    });
    const answered = new Promise<{ status: number; type: string; problem: any }>(
      (resolve, reject) => {
        req.on('error', reject);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              type: String(res.headers['content-type']),
              problem: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        });
      },
    );
    req.flushHeaders();
    const first = await answered;
    req.end(body);
    // The late handler has finished once the record is no longer held by it.
    for (let state = 'pending'; state === 'pending';) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = (await redis.hget(recordOf(user, key), 'state')) ?? 'pending';
    }
    return first;
  } finally {
    await late.close();
  }
}

it('when a create is retried with the same key, then the first outcome is replayed and one task is stored', async () => {
  const body = buildTask({ title: `replayed ${randomUUID()}` });
  const key = `"${randomUUID()}"`;
  const first = await create(body, key);
  const retry = await create(body, key);
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.body).toEqual(first.body);
  expect(retry.headers.get('location')).toBe(first.headers.get('location'));
  expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
  expect((await storedTitles()).filter((title) => title === body.title)).toHaveLength(1);
});

it('when the stored outcome is lost but the write was applied, then a retry finds the task instead of writing again', async () => {
  const body = buildTask({ title: `applied late ${randomUUID()}` });
  const key = randomUUID();
  const first = await create(body, key);
  // As if the first response was lost and its record released as "outcome unknown", or expired.
  await redis.del(...(await recordsOf(user)));
  const retry = await create(body, key);
  expect(retry.status).toBe(201);
  expect(retry.body.id).toBe(first.body.id);
  expect((await storedTitles()).filter((title) => title === body.title)).toHaveLength(1);
});

it('when a create is answered 503 by its budget but its write lands afterwards, then a retry with the key gets the task, and it is stored once', async () => {
  const title = `landed after its 503 ${randomUUID()}`;
  const key = randomUUID();
  const first = await createAnsweredBeforeHandled(1000, key, title);
  expect(first.status).toBe(503);
  expect(first.type).toMatch(/^application\/problem\+json/);
  expect(first.problem.detail).toMatch(/outcome of this POST is unknown.*same key/);
  expect(await storedTitles()).toContain(title);

  const retry = await create({ title }, key);
  expect(retry.status).toBe(201);
  expect(retry.body.title).toBe(title);
  expect(retry.headers.get('location')).toBe(`/api/v1/tasks/${retry.body.id}`);
  expect((await storedTitles()).filter((stored) => stored === title)).toHaveLength(1);
  const replay = await create({ title }, key);
  expect([replay.status, replay.body.id]).toEqual([201, retry.body.id]);
});

it('when a key is reused with a different body, then it is a 422 problem and nothing is written', async () => {
  const key = randomUUID();
  expect((await create(buildTask({ title: 'original' }), key)).status).toBe(201);
  const reused = await create(buildTask({ title: `different ${key}` }), key);
  expect(reused.status).toBe(422);
  expect(reused.body).toMatchObject({
    type: 'urn:judix:problem:idempotency-key-reused',
    status: 422,
  });
  expect(await storedTitles()).not.toContain(`different ${key}`);
});

it('when a duplicate arrives while the first request is in flight, then it is a 409 problem', async () => {
  const body = buildTask({ title: `in flight ${randomUUID()}` });
  const key = randomUUID();
  // The record a first request holds while it runs, where the api looks for this key.
  const digest = createHash('sha256').update(key).digest('base64url');
  await redis.hset(`judix:idempotency:{${user.id}}:${digest}`, {
    state: 'pending',
    fp: requestFingerprint('POST', '/api/v1/tasks', body),
  });
  const duplicate = await create(body, key);
  expect(duplicate.status).toBe(409);
  expect(duplicate.headers.get('retry-after')).toBe('1');
  expect(duplicate.body.type).toBe('urn:judix:problem:idempotency-key-in-flight');
  expect(await storedTitles()).not.toContain(body.title);
});

it('when two users send the same key, then each gets a task of their own', async () => {
  const other = await registerUser(app.client);
  const key = randomUUID();
  const mine = await create(buildTask({ title: 'mine' }), key);
  const theirs = await create(buildTask({ title: 'theirs' }), key, other);
  expect([mine.status, theirs.status]).toEqual([201, 201]);
  expect(theirs.body.id).not.toBe(mine.body.id);
  expect(await storedTitles(other)).toEqual(['theirs']);
});

it('when a first attempt fails validation, then a corrected retry needs a new key, and the same request fails the same way', async () => {
  const key = randomUUID();
  const invalid = await create({ title: '' }, key);
  expect(invalid.status).toBe(400);
  expect((await create({ title: '' }, key)).status).toBe(400);
  expect((await create(buildTask(), key)).status).toBe(422);
});

it.each([
  ['longer than 255 characters', 'k'.repeat(256)],
  ['an unterminated string', '"unterminated'],
  ['two words', 'two words'],
  ['an escaped quote', '"quote\\"inside"'],
  ['a separator', 'semi;colon'],
])(
  'when the key is malformed (%s), then it is a 400 problem naming the header',
  async (_case, key) => {
    const response = await create(buildTask(), key);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'Idempotency-Key', message: expect.stringContaining('1 to 255') },
    ]);
  },
);

it('when no key is sent, then every create writes a new task', async () => {
  const body = buildTask({ title: `keyless ${randomUUID()}` });
  expect((await create(body)).status).toBe(201);
  expect((await create(body)).status).toBe(201);
  expect((await storedTitles()).filter((title) => title === body.title)).toHaveLength(2);
});
