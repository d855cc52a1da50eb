import { startTestApp, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
let user: SignedInUser;
beforeAll(async () => {
  app = await startTestApp();
  user = await registerUser(app.client);
});
afterAll(() => app.close());

interface Task {
  id: string;
  title: string;
  status: string;
  dueDate: string | null;
  recurrence: Record<string, unknown> | null;
  version: number;
}

const complete = (owner: SignedInUser, id: string) =>
  app.client.patch(`/api/v1/tasks/${id}`, { token: owner.token, body: { status: 'done' } });
/** The owner's open tasks with this title, soonest due first. */
const openSeries = async (owner: SignedInUser, title: string): Promise<Task[]> => {
  const response = await app.client.get(
    `/api/v1/tasks?q=${encodeURIComponent(title)}&status=todo&sort=dueDate&limit=100`,
    { token: owner.token },
  );
  return (response.body.data as Task[]).filter((task) => task.title === title);
};
const wallClock = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone }).slice(0, 16);

describe('a repeating task', () => {
  it('when created, then the rule is answered with its defaults', async () => {
    const task = await createTask(app.client, user, {
      dueDate: '2026-12-07T08:00:00Z',
      recurrence: { frequency: 'weekly', weekdays: ['fr', 'mo', 'mo'] },
    });
    expect(task.recurrence).toEqual({
      frequency: 'weekly',
      interval: 1,
      weekdays: ['mo', 'fr'],
      timeZone: 'UTC',
      until: null,
      count: null,
    });
  });

  it('when completed, then exactly one next occurrence is created, due on the next day of the rule', async () => {
    const title = `weekly-${Date.now()}`;
    const first = await createTask(app.client, user, {
      title,
      description: 'water the plants',
      priority: 'high',
      tags: ['home'],
      dueDate: '2026-12-04T08:00:00Z',
      recurrence: { frequency: 'weekly', weekdays: ['mo', 'fr'], count: 3 },
    });
    expect((await complete(user, first.id)).status).toBe(200);
    const [second, ...more] = await openSeries(user, title);
    expect(more).toEqual([]);
    expect(second).toMatchObject({
      description: 'water the plants',
      priority: 'high',
      tags: ['home'],
      status: 'todo',
      dueDate: '2026-12-07T08:00:00.000Z',
      version: 1,
      recurrence: { frequency: 'weekly', weekdays: ['mo', 'fr'], count: 2 },
    });

    // Completing the same occurrence again (a retry, or after reopening it) adds nothing.
    expect((await complete(user, first.id)).status).toBe(200);
    await app.client.patch(`/api/v1/tasks/${first.id}`, {
      token: user.token,
      body: { status: 'todo' },
    });
    await complete(user, first.id);
    expect((await openSeries(user, title)).map((task) => task.id)).toEqual([second!.id]);

    await complete(user, second!.id);
    const [third] = await openSeries(user, title);
    expect(third).toMatchObject({ dueDate: '2026-12-11T08:00:00.000Z', recurrence: { count: 1 } });
    await complete(user, third!.id);
    expect(await openSeries(user, title)).toEqual([]);
  });

  it("keeps its local time across a daylight-saving change in the rule's time zone", async () => {
    const title = `dst-${Date.now()}`;
    const first = await createTask(app.client, user, {
      title,
      dueDate: '2026-03-28T08:00:00Z',
      recurrence: { frequency: 'daily', timeZone: 'Europe/Berlin' },
    });
    await complete(user, first.id);
    const [next] = await openSeries(user, title);
    expect(next!.dueDate).toBe('2026-03-29T07:00:00.000Z');
    expect(wallClock(next!.dueDate!, 'Europe/Berlin')).toBe('2026-03-29 09:00');
  });

  it('with an until date, then the last occurrence has no successor', async () => {
    const title = `until-${Date.now()}`;
    const first = await createTask(app.client, user, {
      title,
      dueDate: '2026-01-31T10:00:00Z',
      recurrence: { frequency: 'monthly', on: { monthDay: -1 }, until: '2026-03-01T00:00:00Z' },
    });
    await complete(user, first.id);
    const [february] = await openSeries(user, title);
    expect(february!.dueDate).toBe('2026-02-28T10:00:00.000Z');
    await complete(user, february!.id);
    expect(await openSeries(user, title)).toEqual([]);
  });

  it('when completed in bulk, then each gets one successor', async () => {
    const title = `bulk-repeat-${Date.now()}`;
    const tasks = [];
    for (const dueDate of ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z']) {
      tasks.push(
        await createTask(app.client, user, {
          title,
          dueDate,
          recurrence: { frequency: 'yearly' },
        }),
      );
    }
    const ids = tasks.map((task) => task.id);
    const body = { ids, operation: { type: 'setStatus', status: 'done' } };
    await app.client.post('/api/v1/tasks/bulk', { token: user.token, body });
    await app.client.post('/api/v1/tasks/bulk', { token: user.token, body });
    expect((await openSeries(user, title)).map((task) => task.dueDate)).toEqual([
      '2027-12-01T09:00:00.000Z',
      '2027-12-02T09:00:00.000Z',
    ]);
  });

  it('when its rule is changed, then the next occurrence follows the new rule', async () => {
    const title = `edit-rule-${Date.now()}`;
    const first = await createTask(app.client, user, {
      title,
      dueDate: '2026-12-01T09:00:00Z',
      recurrence: { frequency: 'daily' },
    });
    const edited = await app.client.patch(`/api/v1/tasks/${first.id}`, {
      token: user.token,
      body: { recurrence: { frequency: 'monthly', on: { week: 2, weekday: 'tu' } } },
    });
    expect(edited.body.recurrence).toMatchObject({ frequency: 'monthly' });
    await complete(user, first.id);
    expect((await openSeries(user, title))[0]!.dueDate).toBe('2026-12-08T09:00:00.000Z');
  });

  it('when the rule is removed, then completing it creates nothing', async () => {
    const title = `stop-${Date.now()}`;
    const first = await createTask(app.client, user, {
      title,
      dueDate: '2026-12-01T09:00:00Z',
      recurrence: { frequency: 'daily' },
    });
    await app.client.patch(`/api/v1/tasks/${first.id}`, {
      token: user.token,
      body: { recurrence: null, status: 'done' },
    });
    expect(await openSeries(user, title)).toEqual([]);
  });
});

describe('a repeating task needs a due date', () => {
  const problem = { status: 422, type: 'urn:judix:problem:recurrence-without-due-date' };

  it('when created without one, then 422 and nothing is stored', async () => {
    const title = `no-due-${Date.now()}`;
    const response = await app.client.post('/api/v1/tasks', {
      token: user.token,
      body: { title, recurrence: { frequency: 'daily' } },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject(problem);
    const list = await app.client.get(`/api/v1/tasks?q=${title}`, { token: user.token });
    expect(list.body.data).toEqual([]);
  });

  it('when its due date is cleared, then 422 and the task is unchanged; in bulk, rejected', async () => {
    const task = await createTask(app.client, user, {
      dueDate: '2026-12-01T09:00:00Z',
      recurrence: { frequency: 'daily' },
    });
    const response = await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { dueDate: null },
    });
    expect(response.body).toMatchObject(problem);
    const bulk = await app.client.post('/api/v1/tasks/bulk', {
      token: user.token,
      body: { ids: [task.id], operation: { type: 'setDue', dueAt: null } },
    });
    expect(bulk.body.results).toEqual([
      { id: task.id, status: 'rejected', reason: 'a repeating task needs a due date' },
    ]);
    const stored = await app.client.get(`/api/v1/tasks/${task.id}`, { token: user.token });
    expect(stored.body).toMatchObject({ dueDate: '2026-12-01T09:00:00.000Z', version: 1 });
  });

  it('when a rule is added to a task without one, then 422', async () => {
    const task = await createTask(app.client, user);
    const response = await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { recurrence: { frequency: 'yearly' } },
    });
    expect(response.body).toMatchObject(problem);
  });
});

describe('invalid rules', () => {
  it.each([
    ['an unknown frequency', { frequency: 'hourly' }, 'recurrence.frequency'],
    ['weekdays on a daily rule', { frequency: 'daily', weekdays: ['mo'] }, 'recurrence'],
    ['an interval of 0', { frequency: 'daily', interval: 0 }, 'recurrence.interval'],
    ['a day of the month of 0', { frequency: 'monthly', on: { monthDay: 0 } }, 'recurrence.on'],
    ['a sixth week', { frequency: 'monthly', on: { week: 6, weekday: 'mo' } }, 'recurrence.on'],
    [
      'an unknown time zone',
      { frequency: 'daily', timeZone: 'Mars/Olympus' },
      'recurrence.timeZone',
    ],
    ['a count of 0', { frequency: 'daily', count: 0 }, 'recurrence.count'],
    ['an until that is not a date-time', { frequency: 'daily', until: 'soon' }, 'recurrence.until'],
    ['no weekdays', { frequency: 'weekly', weekdays: [] }, 'recurrence.weekdays'],
  ])('%s is a 400 naming the field', async (_name, rule, path) => {
    const response = await app.client.post('/api/v1/tasks', {
      token: user.token,
      body: { title: 'bad rule', dueDate: '2026-12-01T09:00:00Z', recurrence: rule },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContainEqual(
      expect.stringMatching(new RegExp(`^${path.replace('.', '\\.')}`)),
    );
  });
});

describe('ownership', () => {
  it("another user cannot complete someone's repeating task, and no occurrence appears for either", async () => {
    const other = await registerUser(app.client);
    const title = `owned-${Date.now()}`;
    const task = await createTask(app.client, user, {
      title,
      dueDate: '2026-12-01T09:00:00Z',
      recurrence: { frequency: 'daily' },
    });
    expect((await complete(other, task.id)).status).toBe(404);
    expect(await openSeries(other, title)).toEqual([]);
    expect((await openSeries(user, title)).map((t) => t.id)).toEqual([task.id]);
  });
});
