import Redis from 'ioredis';
import { createLogger } from '../../src/platform/logger';
import { ReminderQueue } from '../../src/reminders/queue';
import { startTestApp, twoReplicas, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';
import { sleep, until } from '../support/wait';
import { streamsClosedAfterEach, type EventStreamClient } from '../support/sse';

/** Two api replicas on one Redis and one database, each running its reminder scheduler. */
let a: TestApp;
let b: TestApp;
twoReplicas((replicas) => ({ a, b } = replicas));
const open = streamsClosedAfterEach();

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

const reminded = (stream: EventStreamClient) =>
  stream.events.filter((event) => event.event === 'reminder.due');

const getTask = async (user: SignedInUser, id: string) =>
  (await a.client.get(`/api/v1/tasks/${id}`, { token: user.token })).body;

const patch = (user: SignedInUser, id: string, body: unknown) =>
  a.client.patch(`/api/v1/tasks/${id}`, { token: user.token, body });

/** What both replicas' `judix_reminders_fired_total` add up to. */
async function firedOnBoth(): Promise<number> {
  const counts = await Promise.all(
    [a, b].map(async (replica) => {
      const metric = await replica.metrics.registry.getSingleMetric('judix_reminders_fired_total');
      return (await metric!.get()).values[0]?.value ?? 0;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

describe('reminders', () => {
  it('fires once at its time, on every stream of the owner and on no other user’s', async () => {
    const [user, other] = [await registerUser(a.client), await registerUser(a.client)];
    const [onA, onB, others] = [await open(a, user), await open(b, user), await open(a, other)];
    const before = await firedOnBoth();
    const task = await createTask(b.client, user, {
      title: 'Call the dentist',
      remindAt: inMs(800),
    });
    expect(task.remindAt).not.toBeNull();
    expect(task.remindedAt).toBeNull();

    const [event] = await Promise.all(
      [onA, onB].map((stream) => stream.next((e) => e.event === 'reminder.due', 10_000)),
    );
    const fired = event!.data.task;
    expect(fired).toMatchObject({
      id: task.id,
      version: task.version + 1,
      remindAt: task.remindAt,
    });
    expect(Date.parse(fired.remindedAt)).toBeGreaterThanOrEqual(Date.parse(task.remindAt));
    expect(await getTask(user, task.id)).toEqual(fired);

    await sleep(2500);
    expect(reminded(onA)).toHaveLength(1);
    expect(reminded(onB)).toHaveLength(1);
    expect(reminded(others)).toHaveLength(0);
    expect((await firedOnBoth()) - before).toBe(1);
    const lateness = await a.metrics.registry.getSingleMetricAsString(
      'judix_reminder_lateness_seconds',
    );
    expect(lateness).toMatch(/judix_reminder_lateness_seconds_count \d+/);
  });

  it('with two replicas, 200 reminders due within a few seconds each fire exactly once', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    const before = await firedOnBoth();
    const tasks = Array.from({ length: 200 }, (_, i) => ({
      title: `reminder ${i}`,
      remindAt: inMs(1000 + (i % 20) * 100),
    }));
    const imported = await b.client.post('/api/v1/tasks/import', {
      token: user.token,
      body: { tasks },
    });
    expect(imported.body.imported).toBe(200);

    await until(async () => reminded(stream).length >= 200, 30_000);
    await sleep(2500);
    const ids = reminded(stream).map((event) => event.data.task.id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect((await firedOnBoth()) - before).toBe(200);
    const pending = await a.models.tasks.countDocuments({
      owner: user.id,
      remindedAt: null,
    });
    expect(pending).toBe(0);
  });

  it('a reminder moved later fires at the new time, not the old one; one moved earlier fires early', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    const later = await createTask(a.client, user, { title: 'later', remindAt: inMs(1000) });
    const earlier = await createTask(a.client, user, { title: 'earlier', remindAt: inMs(60_000) });
    const movedTo = inMs(4000);
    expect((await patch(user, later.id, { remindAt: movedTo })).status).toBe(200);
    expect((await patch(user, earlier.id, { remindAt: inMs(500) })).status).toBe(200);

    const first = await stream.next((e) => e.event === 'reminder.due', 10_000);
    expect(first.data.task.title).toBe('earlier');
    await sleep(2000);
    expect(reminded(stream).map((e) => e.data.task.title)).toEqual(['earlier']);
    const second = await stream.next(
      (e) => e.event === 'reminder.due' && e.data.task.title === 'later',
      10_000,
    );
    expect(Date.parse(second.data.task.remindedAt)).toBeGreaterThanOrEqual(Date.parse(movedTo));
  });

  it('a reminder removed, a deleted task’s, and a done task’s do not fire', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    const cleared = await createTask(a.client, user, { title: 'cleared', remindAt: inMs(1000) });
    const deleted = await createTask(a.client, user, { title: 'deleted', remindAt: inMs(1000) });
    const bulkDeleted = await createTask(a.client, user, { title: 'bulk', remindAt: inMs(1000) });
    const done = await createTask(a.client, user, { title: 'done', remindAt: inMs(1000) });
    const control = await createTask(a.client, user, { title: 'control', remindAt: inMs(1500) });
    await patch(user, cleared.id, { remindAt: null });
    await a.client.delete(`/api/v1/tasks/${deleted.id}`, { token: user.token });
    await a.client.post('/api/v1/tasks/bulk', {
      token: user.token,
      body: { ids: [bulkDeleted.id], operation: { type: 'delete' } },
    });
    await patch(user, done.id, { status: 'done' });
    // Each is off the schedule at once, not only skipped when its time comes.
    const redis = new Redis(a.redis.url);
    const [due] = new ReminderQueue(redis, createLogger('silent'), () => a.database).keys;
    const scores = await Promise.all(
      [cleared, deleted, bulkDeleted, done, control].map((task) => redis.zscore(due!, task.id)),
    );
    redis.disconnect();
    expect(scores.map((score) => score !== null)).toEqual([false, false, false, false, true]);

    await stream.next((e) => e.event === 'reminder.due' && e.data.task.id === control.id, 10_000);
    await sleep(1500);
    expect(reminded(stream).map((e) => e.data.task.title)).toEqual(['control']);
    expect(await getTask(user, cleared.id)).toMatchObject({ remindAt: null, remindedAt: null });
    expect(await getTask(user, done.id)).toMatchObject({ remindedAt: null });

    // Reopened after its time, the done task is reminded at once.
    await a.client.post('/api/v1/tasks/bulk', {
      token: user.token,
      body: { ids: [done.id], operation: { type: 'setStatus', status: 'todo' } },
    });
    await stream.next((e) => e.event === 'reminder.due' && e.data.task.id === done.id, 10_000);
  });

  it('sending the same time again does not re-arm a fired reminder; another time does', async () => {
    const user = await registerUser(a.client);
    const stream = await open(a, user);
    const task = await createTask(a.client, user, { title: 'twice', remindAt: inMs(300) });
    await stream.next((e) => e.event === 'reminder.due', 10_000);
    const same = await patch(user, task.id, { remindAt: task.remindAt, title: 'twice!' });
    expect(same.body.remindedAt).not.toBeNull();
    await sleep(2000);
    expect(reminded(stream)).toHaveLength(1);

    const again = await patch(user, task.id, { remindAt: inMs(300) });
    expect(again.body.remindedAt).toBeNull();
    await until(async () => reminded(stream).length === 2, 10_000);
  });

  it('the next occurrence of a repeating task is reminded as long before its due date', async () => {
    const user = await registerUser(a.client);
    const task = await createTask(a.client, user, {
      title: 'weekly review',
      dueDate: '2030-01-07T17:00:00.000Z',
      remindAt: '2030-01-07T16:30:00.000Z',
      recurrence: { frequency: 'weekly' },
    });
    await patch(user, task.id, { status: 'done' });
    const list = await a.client.get('/api/v1/tasks?status=todo', { token: user.token });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      dueDate: '2030-01-14T17:00:00.000Z',
      remindAt: '2030-01-14T16:30:00.000Z',
      remindedAt: null,
    });
  });

  it('refuses a reminder that is not a date-time, naming the field', async () => {
    const user = await registerUser(a.client);
    for (const remindAt of ['tomorrow', '2026-13-01T00:00:00Z', 5, '2026-12-01']) {
      const response = await a.client.post('/api/v1/tasks', {
        token: user.token,
        body: { title: 'bad reminder', remindAt },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'remindAt' })]);
    }
    expect((await a.client.get('/api/v1/tasks', { token: user.token })).body.data).toEqual([]);
  });
});

describe('reminders across restarts and lost state', () => {
  /** A fresh database and Redis key space: the replicas here start and stop on their own. */
  const replicas: TestApp[] = [];
  afterEach(async () => {
    for (const replica of replicas.splice(0)) await replica.close();
  });
  const start = async (database: string, reminders = true) => {
    const replica = await startTestApp({}, { redis: a.redis, database, reminders });
    replicas.push(replica);
    return replica;
  };
  const stop = async (replica: TestApp) => {
    replicas.splice(replicas.indexOf(replica), 1);
    await replica.close();
  };
  const freshDatabase = () => `${a.database}_${Math.random().toString(36).slice(2, 8)}`;

  async function firesAfterRestart(loseSchedule: boolean) {
    const database = freshDatabase();
    const first = await start(database, false);
    const user = await registerUser(first.client);
    const task = await createTask(first.client, user, { title: 'missed', remindAt: inMs(300) });
    await sleep(1000);
    await stop(first);
    if (loseSchedule) {
      const redis = new Redis(a.redis.url);
      const queue = new ReminderQueue(redis, createLogger('silent'), () => database);
      expect(await redis.del(...queue.keys)).toBeGreaterThan(0);
      redis.disconnect();
    }

    const second = await start(database);
    await until(async () => {
      const response = await second.client.get(`/api/v1/tasks/${task.id}`, { token: user.token });
      return response.body.remindedAt !== null;
    });
    expect((await second.models.tasks.findById(task.id).lean())!.version).toBe(task.version + 1);
  }

  it('a reminder that came due while no replica ran fires when one starts', () =>
    firesAfterRestart(false));

  it('a reminder fires after a restart even when Redis lost the schedule', () =>
    firesAfterRestart(true));

  it('a reminder claimed by a replica that died fires once its claim lapses', async () => {
    const database = freshDatabase();
    const first = await start(database, false);
    const user = await registerUser(first.client);
    const task = await createTask(first.client, user, { title: 'orphaned', remindAt: inMs(100) });
    await sleep(300);
    const redis = new Redis(a.redis.url);
    const dying = new ReminderQueue(redis, createLogger('silent'), () => database);
    expect(await dying.claim(Date.now(), 1500, 10)).toEqual([task.id]);

    // The scheduler's start-up rebuild leaves a claimed reminder to its claim: only the lapse
    // hands it over.
    first.reminders.start();
    await sleep(1000);
    expect(
      (await first.client.get(`/api/v1/tasks/${task.id}`, { token: user.token })).body,
    ).toMatchObject({ remindedAt: null });
    await until(async () => {
      const response = await first.client.get(`/api/v1/tasks/${task.id}`, { token: user.token });
      return response.body.remindedAt !== null;
    });
    redis.disconnect();
  });
});
