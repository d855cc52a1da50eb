import { MongoClient, ObjectId } from 'mongodb';
import { withDatabase } from '../../scripts/services';
import { startTestApp, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
let mongo: MongoClient;
/** The user of the tests that need only one; each test makes its own tasks. */
let user: SignedInUser;
beforeAll(async () => {
  app = await startTestApp();
  mongo = await MongoClient.connect(withDatabase(process.env.JUDIX_TEST_MONGO_URL!, app.database));
  user = await registerUser(app.client);
});
afterAll(async () => {
  await mongo.close();
  await app.close();
});

const UNKNOWN_ID = 'b'.repeat(24);

const send = (user: SignedInUser, body: unknown) =>
  app.client.post('/api/v1/tasks/bulk', { token: user.token, body });
const bulk = (user: SignedInUser, ids: string[], operation: Record<string, unknown>) =>
  send(user, { ids, operation });
/** Creates one task per set of overrides, in order. */
const createTasks = async (user: SignedInUser, ...overrides: Record<string, unknown>[]) => {
  const tasks = [];
  for (const fields of overrides) tasks.push(await createTask(app.client, user, fields));
  return tasks;
};
const read = async (user: SignedInUser, id: string) =>
  (await app.client.get(`/api/v1/tasks/${id}`, { token: user.token })).body;
const stored = (id: string) =>
  mongo
    .db()
    .collection('tasks')
    .findOne({ _id: new ObjectId(id) });
const resultsOf = (ids: string[], status: string) => ids.map((id) => ({ id, status }));

describe('operations', () => {
  it('when the status is set, then changed tasks get a new version and completedAt, the others are unchanged', async () => {
    const [open, done] = await createTasks(user, {}, { status: 'done' });
    const response = await bulk(user, [open.id, done.id], { type: 'setStatus', status: 'done' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { id: open.id, status: 'updated' },
        { id: done.id, status: 'unchanged' },
      ],
    });
    expect(await read(user, open.id)).toMatchObject({
      status: 'done',
      version: 2,
      completedAt: expect.any(String),
    });
    expect(await read(user, done.id)).toMatchObject({ version: 1, completedAt: done.completedAt });
    const reopened = await bulk(user, [open.id], { type: 'setStatus', status: 'todo' });
    expect(reopened.body.results).toEqual(resultsOf([open.id], 'updated'));
    expect(await read(user, open.id)).toMatchObject({ status: 'todo', completedAt: null });
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metrics).toMatch(/judix_tasks_completed_total [1-9]/);
  });

  it('when the priority is set, then the priority sort follows it', async () => {
    const [low, medium] = await createTasks(
      user,
      { title: 'bulk-prio-a', priority: 'low' },
      { title: 'bulk-prio-b' },
    );
    const response = await bulk(user, [low.id, medium.id], {
      type: 'setPriority',
      priority: 'high',
    });
    expect(response.body.results).toEqual(resultsOf([low.id, medium.id], 'updated'));
    const list = await app.client.get('/api/v1/tasks?sort=-priority&q=bulk-prio', {
      token: user.token,
    });
    expect(list.body.data.map((t: { priority: string }) => t.priority)).toEqual(['high', 'high']);
    expect((await stored(low.id))?.priorityRank).toBe(3);
  });

  it('when a tag is added and removed, then tags change once and tasks without it are unchanged', async () => {
    const [plain, tagged] = await createTasks(user, { tags: ['home'] }, { tags: ['work'] });
    const added = await bulk(user, [plain.id, tagged.id], { type: 'addTag', tag: ' WORK ' });
    expect(added.status).toBe(200);
    expect(added.body.results).toEqual([
      { id: plain.id, status: 'updated' },
      { id: tagged.id, status: 'unchanged' },
    ]);
    expect(await read(user, plain.id)).toMatchObject({ tags: ['home', 'work'], version: 2 });
    const removed = await bulk(user, [plain.id, tagged.id], { type: 'removeTag', tag: 'home' });
    expect(removed.body.results).toEqual([
      { id: plain.id, status: 'updated' },
      { id: tagged.id, status: 'unchanged' },
    ]);
    expect(await read(user, plain.id)).toMatchObject({ tags: ['work'], version: 3 });
    expect(await read(user, tagged.id)).toMatchObject({ tags: ['work'], version: 1 });
  });

  it('when a task already has the most tags, then adding one is rejected for it alone', async () => {
    const full = await createTask(app.client, user, {
      tags: Array.from({ length: 20 }, (_, i) => `t${i}`),
    });
    const roomy = await createTask(app.client, user, { tags: ['t0'] });
    const response = await bulk(user, [full.id, roomy.id], { type: 'addTag', tag: 'extra' });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { id: full.id, status: 'rejected', reason: expect.stringContaining('20 tags') },
      { id: roomy.id, status: 'updated' },
    ]);
    expect((await read(user, full.id)).tags).toHaveLength(20);
    expect((await read(user, full.id)).version).toBe(1);
    const present = await bulk(user, [full.id], { type: 'addTag', tag: 't3' });
    expect(present.body.results).toEqual(resultsOf([full.id], 'unchanged'));
  });

  it('when the due date is set and cleared, then the due-date filters and sort follow it', async () => {
    const [first, second] = await createTasks(user, {}, { dueDate: '2031-05-01T00:00:00Z' });
    const set = await bulk(user, [first.id, second.id], {
      type: 'setDue',
      dueAt: '2031-05-01T02:00:00+02:00',
    });
    expect(set.body.results).toEqual([
      { id: first.id, status: 'updated' },
      { id: second.id, status: 'unchanged' },
    ]);
    expect((await read(user, first.id)).dueDate).toBe('2031-05-01T00:00:00.000Z');
    const due = await app.client.get('/api/v1/tasks?dueAfter=2031-04-30T00:00:00Z', {
      token: user.token,
    });
    expect(due.body.data.map((t: { id: string }) => t.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const cleared = await bulk(user, [first.id, second.id], { type: 'setDue', dueAt: null });
    expect(cleared.body.results).toEqual(resultsOf([first.id, second.id], 'updated'));
    expect((await read(user, second.id)).dueDate).toBeNull();
    expect((await stored(second.id))?.dueSort).toEqual(new Date('9999-12-31T00:00:00.000Z'));
  });

  it('when tasks are deleted, then they are gone and a second delete finds nothing', async () => {
    const [first, second] = await createTasks(user, {}, {});
    const ids = [first.id, second.id];
    const response = await bulk(user, ids, { type: 'delete' });
    expect(response.body.results).toEqual(resultsOf(ids, 'deleted'));
    expect((await app.client.get(`/api/v1/tasks/${first.id}`, { token: user.token })).status).toBe(
      404,
    );
    const again = await bulk(user, ids, { type: 'delete' });
    expect(again.body.results).toEqual(resultsOf(ids, 'not_found'));
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metrics).toMatch(/judix_tasks_deleted_total [2-9]/);
  });

  it('when a single edit follows a bulk one, then If-Match with the new ETag succeeds and the old one is a 412', async () => {
    const task = await createTask(app.client, user);
    await bulk(user, [task.id], { type: 'setPriority', priority: 'low' });
    const editAs = (etag: string, title: string) =>
      app.client.patch(`/api/v1/tasks/${task.id}`, {
        token: user.token,
        headers: { 'if-match': etag },
        body: { title },
      });
    const stale = await editAs('"1"', 'stale');
    expect([stale.status, stale.headers.get('etag')]).toEqual([412, '"2"']);
    const fresh = await editAs('"2"', 'fresh');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ title: 'fresh', priority: 'low', version: 3 });
  });
});

describe('ownership', () => {
  it.each([
    ['a change', { type: 'setStatus', status: 'in_progress' }, 'updated'],
    ['a delete', { type: 'delete' }, 'deleted'],
  ])(
    "when %s names own, another user's and unknown ids, then only the own tasks are touched",
    async (_label, operation, outcome) => {
      const owner = await registerUser(app.client);
      const other = await registerUser(app.client);
      const mine = await createTask(app.client, owner);
      const theirs = await createTask(app.client, other, { tags: ['keep'] });
      const before = await stored(theirs.id);
      const response = await bulk(owner, [theirs.id, mine.id, UNKNOWN_ID], operation);
      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([
        { id: theirs.id, status: 'not_found' },
        { id: mine.id, status: outcome },
        { id: UNKNOWN_ID, status: 'not_found' },
      ]);
      expect(await stored(theirs.id)).toEqual(before);
      expect(await read(other, theirs.id)).toEqual(theirs);
    },
  );
});

describe('the cache', () => {
  it('when a bulk change succeeds, then the cached list and stats show it at once', async () => {
    const user = await registerUser(app.client);
    const [first, second] = await createTasks(user, {}, {});
    const list = () => app.client.get('/api/v1/tasks?status=done', { token: user.token });
    const stats = () => app.client.get('/api/v1/tasks/stats', { token: user.token });
    expect((await list()).body.data).toEqual([]);
    expect((await stats()).body.byStatus.done).toBe(0);
    await bulk(user, [first.id, second.id], { type: 'setStatus', status: 'done' });
    expect((await list()).body.data).toHaveLength(2);
    expect((await stats()).body.byStatus.done).toBe(2);
    await bulk(user, [first.id], { type: 'delete' });
    expect((await list()).body.data.map((t: { id: string }) => t.id)).toEqual([second.id]);
    expect((await stats()).body.total).toBe(1);
  });
});

describe('input', () => {
  let taskId: string;
  beforeAll(async () => {
    taskId = (await createTask(app.client, user)).id;
  });

  const ids = (count: number) =>
    Array.from({ length: count }, (_, i) => i.toString(16).padStart(24, '0'));

  it.each([
    ['101 ids', { ids: ids(101), operation: { type: 'delete' } }, 'ids'],
    ['no ids', { ids: [], operation: { type: 'delete' } }, 'ids'],
    ['a repeated id', { ids: [UNKNOWN_ID, UNKNOWN_ID], operation: { type: 'delete' } }, 'ids'],
    [
      'a repeated id in another case',
      { ids: [UNKNOWN_ID, UNKNOWN_ID.toUpperCase()], operation: { type: 'delete' } },
      'ids',
    ],
    ['a malformed id', { ids: ['zz'], operation: { type: 'delete' } }, 'ids.0'],
    [
      'an unknown operation',
      { ids: [UNKNOWN_ID], operation: { type: 'archive' } },
      'operation.type',
    ],
    [
      'an unknown status',
      { ids: [UNKNOWN_ID], operation: { type: 'setStatus', status: 'later' } },
      'operation.status',
    ],
    [
      'a missing priority',
      { ids: [UNKNOWN_ID], operation: { type: 'setPriority' } },
      'operation.priority',
    ],
    [
      'an over-long tag',
      { ids: [UNKNOWN_ID], operation: { type: 'addTag', tag: 't'.repeat(33) } },
      'operation.tag',
    ],
    [
      'a blank tag',
      { ids: [UNKNOWN_ID], operation: { type: 'removeTag', tag: '  ' } },
      'operation.tag',
    ],
    [
      'a date without time',
      { ids: [UNKNOWN_ID], operation: { type: 'setDue', dueAt: '2030-01-01' } },
      'operation.dueAt',
    ],
    [
      'an unknown key in the operation',
      { ids: [UNKNOWN_ID], operation: { type: 'delete', force: true } },
      'operation',
    ],
    ['an unknown key in the body', { ids: [UNKNOWN_ID], operation: { type: 'delete' }, x: 1 }, ''],
    ['no operation', { ids: [UNKNOWN_ID] }, 'operation'],
  ])('when given %s, then it answers 400 naming the field', async (_label, body, path) => {
    const response = await send(user, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('urn:judix:problem:invalid-input');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path })]),
    );
  });

  it('when the input is refused, then no task changes', async () => {
    await bulk(user, [taskId, taskId], { type: 'delete' });
    expect(await read(user, taskId)).toMatchObject({ id: taskId, version: 1 });
  });

  it('when the body is over the size limit, then it answers 413', async () => {
    const response = await send(user, {
      ids: [taskId],
      operation: { type: 'addTag', tag: 'x' },
      padding: 'x'.repeat(70_000),
    });
    expect(response.status).toBe(413);
  });

  it('when 100 ids are sent, then every one gets an answer in request order', async () => {
    const many = [...ids(99), taskId];
    const response = await bulk(user, many, { type: 'setPriority', priority: 'high' });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { id: string }) => r.id)).toEqual(many);
    expect(response.body.results.at(-1)).toEqual({ id: taskId, status: 'updated' });
  });

  it('when the request has no token, then it answers 401', async () => {
    const response = await app.client.post('/api/v1/tasks/bulk', {
      body: { ids: [taskId], operation: { type: 'delete' } },
    });
    expect(response.status).toBe(401);
    expect(response.body.type).toBe('urn:judix:problem:unauthenticated');
    expect(await read(user, taskId)).toMatchObject({ id: taskId });
  });
});
