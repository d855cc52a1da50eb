import { startTestApp, type TestApp } from '../support/app';
import { expectIfMatchGuards } from '../support/concurrency';
import { buildTask, createTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('create and read', () => {
  let user: SignedInUser;
  beforeAll(async () => {
    user = await registerUser(app.client);
  });

  it('when a task is created with defaults, then it is returned with Location and ETag', async () => {
    const response = await app.client.post('/api/v1/tasks', {
      token: user.token,
      body: { title: '  Buy milk  ' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: 'Buy milk',
      description: '',
      status: 'todo',
      priority: 'medium',
      dueDate: null,
      tags: [],
      recurrence: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      completedAt: null,
      remindAt: null,
      remindedAt: null,
      projectId: expect.stringMatching(/^[0-9a-f]{24}$/),
      rank: expect.any(Number),
      version: 1,
    });
    expect(response.headers.get('location')).toBe(`/api/v1/tasks/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    const read = await app.client.get(`/api/v1/tasks/${response.body.id}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('when every field is given, then tags are lower-cased and de-duplicated and done sets completedAt', async () => {
    const task = await createTask(app.client, user, {
      description: 'details',
      status: 'done',
      priority: 'high',
      dueDate: '2030-01-02T03:04:05+02:00',
      tags: ['Home', 'home', ' ERRANDS '],
    });
    expect(task).toMatchObject({
      status: 'done',
      priority: 'high',
      dueDate: '2030-01-02T01:04:05.000Z',
      tags: ['home', 'errands'],
      completedAt: expect.any(String),
    });
  });

  it.each([
    ['a missing title', {}],
    ['an empty title', { title: '   ' }],
    ['an over-long title', { title: 't'.repeat(201) }],
    ['an over-long description', { title: 'x', description: 'd'.repeat(5001) }],
    ['an unknown status', { title: 'x', status: 'later' }],
    ['an unknown priority', { title: 'x', priority: 'urgent' }],
    ['a date without time', { title: 'x', dueDate: '2030-01-01' }],
    ['21 tags', { title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['an over-long tag', { title: 'x', tags: ['t'.repeat(33)] }],
    ['an operator object as title', { title: { $gt: '' } }],
    ['an operator object inside tags', { title: 'x', tags: [{ $ne: 'a' }] }],
    ['an unknown field', { title: 'x', owner: '0'.repeat(24) }],
    ['a JSON array body', ['x']],
  ])('when given %s, then it answers 400 and creates nothing', async (_label, body) => {
    const before = await app.client.get('/api/v1/tasks?limit=100', { token: user.token });
    const response = await app.client.post('/api/v1/tasks', { token: user.token, body });
    expect(response.status).toBe(400);
    expect(response.body.errors.length).toBeGreaterThan(0);
    const after = await app.client.get('/api/v1/tasks?limit=100', { token: user.token });
    expect(after.body.data).toHaveLength(before.body.data.length);
  });

  it('when the id is not an ObjectId, then it answers 400; when absent, 404', async () => {
    expect((await app.client.get('/api/v1/tasks/not-an-id', { token: user.token })).status).toBe(
      400,
    );
    const missing = await app.client.get(`/api/v1/tasks/${'a'.repeat(24)}`, { token: user.token });
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:judix:problem:not-found');
  });
});

describe('isolation between users', () => {
  it("when another user's task is read, updated or deleted, then it is a 404 and nothing changes", async () => {
    const owner = await registerUser(app.client);
    const intruder = await registerUser(app.client);
    const task = await createTask(app.client, owner, { title: 'private' });
    const path = `/api/v1/tasks/${task.id}`;
    expect((await app.client.get(path, { token: intruder.token })).status).toBe(404);
    expect(
      (await app.client.patch(path, { token: intruder.token, body: { title: 'mine now' } })).status,
    ).toBe(404);
    expect((await app.client.delete(path, { token: intruder.token })).status).toBe(404);
    const list = await app.client.get('/api/v1/tasks', { token: intruder.token });
    expect(list.body.data).toEqual([]);
    const stats = await app.client.get('/api/v1/tasks/stats', { token: intruder.token });
    expect(stats.body.total).toBe(0);
    const still = await app.client.get(path, { token: owner.token });
    expect(still.body).toMatchObject({ title: 'private', version: 1 });
  });
});

describe('update', () => {
  let user: SignedInUser;
  beforeAll(async () => {
    user = await registerUser(app.client);
  });

  it('when fields change, then the version increments and completedAt follows the status', async () => {
    const task = await createTask(app.client, user);
    const path = `/api/v1/tasks/${task.id}`;
    const done = await app.client.patch(path, { token: user.token, body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      version: 2,
      completedAt: expect.any(String),
    });
    expect(done.headers.get('etag')).toBe('"2"');
    const retitled = await app.client.patch(path, {
      token: user.token,
      body: { title: 'renamed' },
    });
    expect(retitled.body.completedAt).toBe(done.body.completedAt);
    const reopened = await app.client.patch(path, {
      token: user.token,
      body: { status: 'in_progress', dueDate: null },
    });
    expect(reopened.body).toMatchObject({
      status: 'in_progress',
      completedAt: null,
      dueDate: null,
      version: 4,
    });
  });

  it('when If-Match carries the current version, then it succeeds; when stale, then 412 with the current ETag', async () => {
    const task = await createTask(app.client, user);
    await expectIfMatchGuards(app.client, user.token, `/api/v1/tasks/${task.id}`, [
      { priority: 'low' },
      { priority: 'high' },
    ]);
  });

  it('when If-Match is malformed, then it answers 400', async () => {
    const task = await createTask(app.client, user);
    const response = await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      headers: { 'if-match': 'W/"1"' },
      body: { title: 'x' },
    });
    expect(response.status).toBe(400);
    const empty = await app.client.raw('PATCH', `/api/v1/tasks/${task.id}`, {
      authorization: `Bearer ${user.token}`,
      'if-match': '',
      'content-type': 'application/json',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ path: 'if-match' })]);
  });

  it('when twelve PATCHes race with the same If-Match, then exactly one succeeds', async () => {
    const task = await createTask(app.client, user);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.client.patch(`/api/v1/tasks/${task.id}`, {
          token: user.token,
          headers: { 'if-match': '"1"' },
          body: { title: `writer ${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(11);
    const final = await app.client.get(`/api/v1/tasks/${task.id}`, { token: user.token });
    expect(final.body.version).toBe(2);
  });

  it('when the patch is empty or has unknown fields, then it answers 400', async () => {
    const task = await createTask(app.client, user);
    const path = `/api/v1/tasks/${task.id}`;
    expect((await app.client.patch(path, { token: user.token, body: {} })).status).toBe(400);
    expect((await app.client.patch(path, { token: user.token, body: { version: 9 } })).status).toBe(
      400,
    );
    expect(
      (await app.client.patch(path, { token: user.token, body: { completedAt: iso(0) } })).status,
    ).toBe(400);
  });
});

describe('delete', () => {
  it('when a task is deleted, then it is gone and a second delete is a 404', async () => {
    const user = await registerUser(app.client);
    const task = await createTask(app.client, user);
    const path = `/api/v1/tasks/${task.id}`;
    expect((await app.client.delete(path, { token: user.token })).status).toBe(204);
    expect((await app.client.get(path, { token: user.token })).status).toBe(404);
    expect((await app.client.delete(path, { token: user.token })).status).toBe(404);
  });
});

describe('listing', () => {
  let user: SignedInUser;
  const titles = (response: { body: { data: { title: string }[] } }) =>
    response.body.data.map((t) => t.title);
  const list = (query: string) => app.client.get(`/api/v1/tasks?${query}`, { token: user.token });

  beforeAll(async () => {
    user = await registerUser(app.client);
    const fixtures = [
      { title: 'alpha', status: 'todo', priority: 'low', tags: ['home'], dueDate: iso(-2 * DAY) },
      {
        title: 'Bravo (draft)',
        status: 'in_progress',
        priority: 'high',
        tags: ['work'],
        dueDate: iso(3 * DAY),
      },
      {
        title: 'charlie',
        status: 'done',
        priority: 'medium',
        tags: ['work', 'home'],
        dueDate: iso(-DAY),
        description: 'a.*b',
      },
      {
        title: 'delta',
        status: 'todo',
        priority: 'high',
        tags: [],
        description: 'Contains Needle here',
      },
    ];
    for (const fixture of fixtures) await createTask(app.client, user, fixture);
  });

  it('when no query is given, then the newest come first with a null cursor', async () => {
    const response = await list('');
    expect(response.status).toBe(200);
    expect(titles(response)).toEqual(['delta', 'charlie', 'Bravo (draft)', 'alpha']);
    expect(response.body.nextCursor).toBeNull();
  });

  it.each([
    ['status=todo', ['delta', 'alpha']],
    ['status=todo&status=done', ['delta', 'charlie', 'alpha']],
    ['priority=high', ['delta', 'Bravo (draft)']],
    ['tag=HOME', ['charlie', 'alpha']],
    ['q=needle', ['delta']],
    ['q=(DRAFT)', ['Bravo (draft)']],
    ['q=a.*b', ['charlie']],
    ['q=.*', ['charlie']],
    ['q=^alpha$', []],
    ['overdue=true', ['alpha']],
    [`dueBefore=${encodeURIComponent(iso(0))}`, ['charlie', 'alpha']],
    [`dueAfter=${encodeURIComponent(iso(0))}`, ['Bravo (draft)']],
    ['sort=title', ['alpha', 'Bravo (draft)', 'charlie', 'delta']],
    ['sort=-title', ['delta', 'charlie', 'Bravo (draft)', 'alpha']],
    ['sort=priority', ['alpha', 'charlie', 'Bravo (draft)', 'delta']],
    ['sort=-priority', ['delta', 'Bravo (draft)', 'charlie', 'alpha']],
    ['sort=dueDate', ['alpha', 'charlie', 'Bravo (draft)', 'delta']],
    ['sort=createdAt', ['alpha', 'Bravo (draft)', 'charlie', 'delta']],
  ])(
    'when filtering with %s, then exactly the matching tasks come back in order',
    async (query, expected) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      expect(titles(response)).toEqual(expected);
    },
  );

  it.each([
    'status=later',
    'limit=0',
    'limit=101',
    'limit=abc',
    'sort=owner',
    'overdue=yes',
    'dueBefore=yesterday',
    'tag=a&tag=b',
    'q[$ne]=x',
    'cursor=not-a-cursor',
    'unknown=1',
  ])('when the query is %s, then it answers 400', async (query) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('when a cursor from another sort is used, then it answers 400', async () => {
    const page = await list('limit=1&sort=title');
    const response = await list(`limit=1&sort=-title&cursor=${page.body.nextCursor}`);
    expect(response.status).toBe(400);
  });
});

describe('keyset pagination', () => {
  it.each([
    '-createdAt',
    'createdAt',
    'dueDate',
    '-dueDate',
    'priority',
    '-priority',
    'title',
    '-title',
    'updatedAt',
    'rank',
    '-rank',
  ])(
    'when walking sort=%s while tasks are inserted, then every original task comes back exactly once',
    async (sort) => {
      const user = await registerUser(app.client);
      const originals = new Set<string>();
      const priorities = ['low', 'medium', 'high'];
      for (let i = 0; i < 25; i++) {
        const task = await createTask(app.client, user, {
          title: `task ${String(i % 7)}`,
          priority: priorities[i % 3],
          dueDate: i % 4 === 0 ? null : iso((i % 5) * DAY),
        });
        originals.add(task.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await app.client.get(`/api/v1/tasks?${query}`, { token: user.token });
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((t: { id: string }) => t.id));
        cursor = page.body.nextCursor;
        await createTask(app.client, user, {
          title: `inserted ${pages}`,
          priority: priorities[pages % 3],
        });
        pages += 1;
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of originals) expect(seen).toContain(id);
    },
  );
});

describe('cache and stats', () => {
  it('when a task is written, then the next list and stats reads show it', async () => {
    const user = await registerUser(app.client);
    const stats = () => app.client.get('/api/v1/tasks/stats', { token: user.token });
    expect((await stats()).body.total).toBe(0);
    expect((await app.client.get('/api/v1/tasks', { token: user.token })).body.data).toHaveLength(
      0,
    );
    const task = await createTask(app.client, user, { title: 'fresh' });
    expect((await app.client.get('/api/v1/tasks', { token: user.token })).body.data).toHaveLength(
      1,
    );
    expect((await stats()).body.total).toBe(1);
    await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { status: 'done' },
    });
    expect((await stats()).body.byStatus.done).toBe(1);
    expect(
      (await app.client.get('/api/v1/tasks?status=done', { token: user.token })).body.data,
    ).toHaveLength(1);
    await app.client.delete(`/api/v1/tasks/${task.id}`, { token: user.token });
    expect((await stats()).body.total).toBe(0);
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metrics).toMatch(
      /judix_cache_requests_total\{cache="tasks",result="miss",layer="redis"\} [1-9]/,
    );
  });

  it('when the same list is read twice, then the second read is a cache hit', async () => {
    const user = await registerUser(app.client);
    await createTask(app.client, user);
    const hits = async () => {
      const text = await (await fetch(app.metricsUrl)).text();
      return Number(
        /judix_cache_requests_total\{cache="tasks",result="hit",layer="local"\} (\d+)/.exec(
          text,
        )?.[1] ?? 0,
      );
    };
    await app.client.get('/api/v1/tasks?limit=7', { token: user.token });
    const before = await hits();
    const again = await app.client.get('/api/v1/tasks?limit=7', { token: user.token });
    expect(again.body.data).toHaveLength(1);
    expect(await hits()).toBe(before + 1);
  });

  it('when many identical reads miss at once, then the list is loaded once', async () => {
    const user = await registerUser(app.client);
    await createTask(app.client, user);
    const misses = async () => {
      const text = await (await fetch(app.metricsUrl)).text();
      const match = /judix_cache_requests_total\{cache="tasks",result="miss",layer="redis"\} (\d+)/;
      return Number(match.exec(text)?.[1] ?? 0);
    };
    const before = await misses();
    const pages = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.client.get('/api/v1/tasks?limit=9', { token: user.token }),
      ),
    );
    expect(pages.every((page) => page.status === 200 && page.body.data.length === 1)).toBe(true);
    expect(await misses()).toBe(before + 1);
  });

  it('when another replica writes, then this replica stops serving its in-process copy', async () => {
    const replica = await startTestApp({}, { redis: app.redis, database: app.database });
    try {
      const user = await registerUser(app.client);
      await createTask(app.client, user, { title: 'first' });
      const read = async (client: typeof app.client) =>
        (await client.get('/api/v1/tasks', { token: user.token })).body.data.map(
          (t: { title: string }) => t.title,
        );
      expect(await read(app.client)).toEqual(['first']);
      expect(await read(app.client)).toEqual(['first']);
      expect(await read(replica.client)).toEqual(['first']);
      const metrics = await (await fetch(replica.metricsUrl)).text();
      expect(metrics).toMatch(
        /judix_cache_requests_total\{cache="tasks",result="hit",layer="redis"\} 1/,
      );
      await createTask(replica.client, user, { title: 'second' });
      expect(await read(app.client)).toEqual(['second', 'first']);
    } finally {
      await replica.close();
    }
  });

  it('when tasks exist, then stats count them by status, priority, overdue, due today and recently completed', async () => {
    const user = await registerUser(app.client);
    // A zone where the local day has more than a minute left, so "due in 30 s" is due today.
    const minutesLeft = (timeZone: string) => {
      const [h, m] = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .format(new Date())
        .split(':')
        .map(Number);
      return 24 * 60 - (h! * 60 + m!);
    };
    const zone = ['Pacific/Kiritimati', 'Etc/GMT+12'].find(
      (candidate) => minutesLeft(candidate) > 2,
    )!;
    const laterToday = iso(30_000);
    await createTask(app.client, user, { priority: 'high', dueDate: iso(-DAY) });
    await createTask(app.client, user, { priority: 'low', dueDate: laterToday });
    await createTask(app.client, user, { status: 'done', dueDate: iso(-DAY) });
    await createTask(app.client, user, { status: 'in_progress' });
    const response = await app.client.get(`/api/v1/tasks/stats?tz=${encodeURIComponent(zone)}`, {
      token: user.token,
    });
    expect(response.status).toBe(200);
    const { completedByDay, dueByDay, ...totals } = response.body;
    expect(totals).toEqual({
      total: 4,
      byStatus: { todo: 2, in_progress: 1, done: 1 },
      byPriority: { low: 1, medium: 2, high: 1 },
      overdue: 1,
      dueToday: 1,
      completedLast7Days: 1,
    });
    // The day series agree with the counts (test/api/stats.test.ts covers them in detail).
    expect(completedByDay.at(-1)).toEqual({ date: expect.any(String), count: 1 });
    expect(dueByDay[0]).toEqual({ date: completedByDay.at(-1).date, count: 1 });
    expect(
      (await app.client.get('/api/v1/tasks/stats?tz=Mars/Olympus', { token: user.token })).status,
    ).toBe(400);
  });
});

it('when a request has no token, then every task route answers 401', async () => {
  for (const [method, path] of [
    ['GET', '/api/v1/tasks'],
    ['POST', '/api/v1/tasks'],
    ['GET', '/api/v1/tasks/stats'],
    ['GET', `/api/v1/tasks/${'a'.repeat(24)}`],
    ['PATCH', `/api/v1/tasks/${'a'.repeat(24)}`],
    ['DELETE', `/api/v1/tasks/${'a'.repeat(24)}`],
  ] as const) {
    const response = await app.client.request(
      method,
      path,
      method === 'GET' ? {} : { body: buildTask() },
    );
    expect(response.status).toBe(401);
  }
});
