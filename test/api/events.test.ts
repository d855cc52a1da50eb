import Redis from 'ioredis';
import { startTestApp, twoReplicas, type TestApp } from '../support/app';
import { createTask, registerUser } from '../support/builders';
import { openEventStream, streamsClosedAfterEach, type EventStreamClient } from '../support/sse';
import { until } from '../support/wait';

/** Two api replicas on one Redis and one database, as behind a load balancer. */
let a: TestApp;
let b: TestApp;
twoReplicas((replicas) => ({ a, b } = replicas));
const open = streamsClosedAfterEach();

const changes = (stream: EventStreamClient) =>
  stream.events.filter((event) => event.id !== undefined);

describe('live updates across replicas', () => {
  it('a client streaming from replica A gets every kind of change made through replica B', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    const task = await createTask(b.client, user, { title: 'from b' });
    expect((await stream.next((e) => e.event === 'task.created')).data).toEqual({ task });

    const updated = await b.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { title: 'renamed' },
    });
    expect((await stream.next((e) => e.event === 'task.updated')).data.task).toEqual(updated.body);
    await b.client.post('/api/v1/tasks/bulk', {
      token: user.token,
      body: { ids: [task.id], operation: { type: 'setPriority', priority: 'high' } },
    });
    expect((await stream.next((e) => e.event === 'tasks.bulk')).data).toEqual({
      operation: { type: 'setPriority', priority: 'high' },
      results: [{ id: task.id, status: 'updated' }],
    });
    await b.client.post('/api/v1/tasks/import', {
      token: user.token,
      rawBody: 'title\r\nimported\r\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect((await stream.next((e) => e.event === 'tasks.imported')).data).toEqual({ imported: 1 });
    await b.client.delete(`/api/v1/tasks/${task.id}`, { token: user.token });
    expect((await stream.next((e) => e.event === 'task.deleted')).data).toEqual({ id: task.id });

    const ids = changes(stream).map((event) => event.id!);
    expect(ids).toHaveLength(5);
    expect([...ids].sort(compareIds)).toEqual(ids);
  });

  it("another user's changes never arrive", async () => {
    const [user, other] = [await registerUser(a.client), await registerUser(a.client)];
    const stream = await open(a, user);
    await createTask(b.client, other, { title: 'not yours' });
    await createTask(b.client, user, { title: 'yours' });
    await stream.next((e) => e.event === 'task.created');
    expect(changes(stream).map((event) => event.data.task.title)).toEqual(['yours']);
  });

  it('a signed-out session is announced on the other sessions', async () => {
    const user = await registerUser(a.client);
    const second = await a.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const stream = await open(b, user);
    const sessions = await a.client.get('/api/v1/auth/sessions', { token: user.token });
    const other = sessions.body.data.find((s: { current: boolean }) => !s.current);
    expect(second.status).toBe(200);
    await a.client.delete(`/api/v1/auth/sessions/${other.id}`, { token: user.token });
    expect((await stream.next((e) => e.event === 'session.revoked')).data).toEqual({
      id: other.id,
    });
  });
});

describe('resuming with Last-Event-ID', () => {
  it('replays exactly the missed events, in order, then the live ones', async () => {
    const user = await registerUser(a.client);
    const first = await open(a, user);
    await createTask(b.client, user, { title: 'seen' });
    const seen = await first.next((e) => e.event === 'task.created');
    first.close();
    for (const title of ['missed 1', 'missed 2', 'missed 3']) {
      await createTask(a.client, user, { title });
    }
    const resumed = await open(b, user, seen.id);
    const replayed = changes(resumed).map((event) => event.data.task.title);
    expect(replayed).toEqual(['missed 1', 'missed 2', 'missed 3']);
    expect(resumed.events.findIndex((e) => e.event === 'ready')).toBe(3);
    await createTask(a.client, user, { title: 'live' });
    await resumed.next((e) => e.event === 'task.created' && e.data.task.title === 'live');
    expect(changes(resumed).map((event) => event.data.task.title)).toEqual([
      'missed 1',
      'missed 2',
      'missed 3',
      'live',
    ]);
  });

  it.each([
    ['an id that was never issued', '1-0'],
    ['a malformed id', 'yesterday'],
  ])('%s gets a reset', async (_name, id) => {
    const user = await registerUser(a.client);
    await createTask(a.client, user);
    const stream = await open(a, user, id);
    expect(stream.events.map((event) => event.event)).toEqual(['reset', 'ready']);
  });

  it('an id trimmed from the replay window gets a reset', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    await createTask(a.client, user, { title: 'oldest' });
    const oldest = await stream.next((e) => e.event === 'task.created');
    const redis = new Redis(a.redis.url);
    await redis.xtrim(`judix:events:{${user.id}}`, 'MAXLEN', 0);
    redis.disconnect();
    const resumed = await open(b, user, oldest.id);
    expect(resumed.events.map((event) => event.event)).toEqual(['reset', 'ready']);
  });
});

describe('limits', () => {
  it('an eleventh stream for one user on one replica is a 429, and closing one makes room', async () => {
    const user = await registerUser(a.client);
    const ten = [];
    for (let i = 0; i < 10; i++) ten.push(await open(a, user));
    const refused = await openEventStream(a.client.baseUrl, user.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await open(b, user)).status).toBe(200);
    ten[0]!.close();
    await until(() => a.events.open === 9, 5000);
    expect((await open(a, user)).status).toBe(200);
  });

  it('needs a signed-in user', async () => {
    const response = await fetch(`${a.client.baseUrl}/api/v1/events`);
    expect(response.status).toBe(401);
  });
});

describe('shutdown', () => {
  it('a replica that shuts down ends its streams, and the client resumes on the other without losing an event', async () => {
    const replica = await startTestApp({}, { redis: a.redis, database: a.database });
    try {
      const user = await registerUser(a.client);
      const stream = await open(replica, user);
      await createTask(a.client, user, { title: 'before' });
      const before = await stream.next((e) => e.event === 'task.created');
      replica.events.close();
      await stream.ended;
      await createTask(a.client, user, { title: 'while away' });
      const resumed = await open(b, user, before.id);
      expect(changes(resumed).map((event) => event.data.task.title)).toEqual(['while away']);
      const refused = await openEventStream(replica.client.baseUrl, user.token);
      expect(refused.status).toBe(503);
    } finally {
      await replica.close();
    }
  });
});

describe('metrics', () => {
  it('count open streams and events published and delivered', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    await createTask(a.client, user);
    await stream.next((e) => e.event === 'task.created');
    const text = await (await fetch(a.metricsUrl)).text();
    expect(text).toMatch(/judix_event_streams_open [1-9]/);
    expect(text).toMatch(/judix_events_published_total\{type="task.created"\} [1-9]/);
    expect(text).toMatch(/judix_events_delivered_total [1-9]/);
    expect(text).toMatch(/judix_event_replay_resets_total \d/);
  });
});

function compareIds(x: string, y: string) {
  const [xm, xs] = x.split('-').map(Number) as [number, number];
  const [ym, ys] = y.split('-').map(Number) as [number, number];
  return xm - ym || xs - ys;
}
