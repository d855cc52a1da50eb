// The dashboard's day series: tasks completed per local day over the last 30 days, and open tasks
// due per local day over the next 7. Expected days come from Intl, not from the api's own code.
import { startTestApp, type TestApp } from '../support/app';
import { createProject, createTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface DayCount {
  date: string;
  count: number;
}
interface Series {
  completedByDay: DayCount[];
  dueByDay: DayCount[];
  completedLast7Days: number;
  dueToday: number;
}

const statsOf = async (user: SignedInUser, query: Record<string, string> = {}) => {
  const response = await app.client.get(`/api/v1/tasks/stats?${new URLSearchParams(query)}`, {
    token: user.token,
  });
  expect(response.status).toBe(200);
  return response.body as Series;
};

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
const dateIn = (instant: Date | number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);
/** A UTC calendar date `days` after today's, at the given UTC hour. */
const utcDay = (days: number, hour = 12) => {
  const today = new Date();
  return new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour),
  );
};
const countOn = (series: DayCount[], date: string) =>
  series.find((day) => day.date === date)?.count;
const counts = (series: DayCount[]) => series.map((day) => day.count);

/** Adds done tasks completed at the given instants, through the import (the only way to date one). */
async function importCompleted(user: SignedInUser, completedAt: string[], projectId?: string) {
  const response = await app.client.post('/api/v1/tasks/import', {
    token: user.token,
    body: {
      tasks: completedAt.map((at, index) => ({
        title: `Done ${index}`,
        status: 'done',
        completedAt: at,
        ...(projectId ? { projectId } : {}),
      })),
    },
  });
  expect(response.body).toMatchObject({ imported: completedAt.length, rejectedCount: 0 });
}

describe('completedByDay', () => {
  it('when nothing was completed, then it has the 30 days ending today, oldest first, all zero', async () => {
    const user = await registerUser(app.client);
    const timeZone = 'Pacific/Auckland';
    const { completedByDay, dueByDay } = await statsOf(user, { tz: timeZone });
    expect(completedByDay).toHaveLength(30);
    expect(counts(completedByDay)).toEqual(Array(30).fill(0));
    expect(completedByDay.at(-1)!.date).toBe(dateIn(Date.now(), timeZone));
    // Consecutive calendar dates: each one day after the one before it.
    for (let i = 1; i < completedByDay.length; i++) {
      const previous = Date.parse(`${completedByDay[i - 1]!.date}T00:00:00Z`);
      expect(Date.parse(`${completedByDay[i]!.date}T00:00:00Z`) - previous).toBe(DAY);
    }
    expect(dueByDay).toHaveLength(7);
    expect(dueByDay[0]!.date).toBe(dateIn(Date.now(), timeZone));
    expect(counts(dueByDay)).toEqual(Array(7).fill(0));
  });

  it('when a task was completed yesterday morning in Auckland, then Auckland and UTC count it on different days', async () => {
    const user = await registerUser(app.client);
    const yesterday = dateIn(Date.now() - DAY, 'Pacific/Auckland');
    // An hour of Auckland's yesterday that is still the day before in UTC (before 11:00 or 12:00 there).
    let completedAt = 0;
    for (let back = HOUR; !completedAt; back += HOUR) {
      const instant = Date.now() - back;
      const inAuckland = dateIn(instant, 'Pacific/Auckland');
      if (inAuckland === yesterday && dateIn(instant, 'UTC') !== inAuckland) completedAt = instant;
    }
    await importCompleted(user, [new Date(completedAt).toISOString()]);
    const auckland = await statsOf(user, { tz: 'Pacific/Auckland' });
    expect(countOn(auckland.completedByDay, yesterday)).toBe(1);
    expect(counts(auckland.completedByDay).reduce((a, b) => a + b)).toBe(1);
    const utc = await statsOf(user);
    expect(countOn(utc.completedByDay, dateIn(completedAt, 'UTC'))).toBe(1);
    expect(countOn(utc.completedByDay, yesterday) ?? 0).toBe(0);
  });

  it('when tasks were completed more than 29 days ago or in the future, then no day counts them', async () => {
    const user = await registerUser(app.client);
    await importCompleted(user, [
      utcDay(-30).toISOString(),
      utcDay(-29, 0).toISOString(),
      utcDay(1).toISOString(),
    ]);
    const { completedByDay } = await statsOf(user);
    expect(completedByDay[0]).toEqual({ date: dateIn(utcDay(-29), 'UTC'), count: 1 });
    expect(counts(completedByDay).reduce((a, b) => a + b)).toBe(1);
  });

  it('when a task is reopened, then it is no longer counted, and done again it counts once', async () => {
    const user = await registerUser(app.client);
    const task = await createTask(app.client, user, { status: 'done' });
    const today = () => statsOf(user).then((stats) => stats.completedByDay.at(-1)!.count);
    expect(await today()).toBe(1);
    const setStatus = (status: string) =>
      app.client.patch(`/api/v1/tasks/${task.id}`, { token: user.token, body: { status } });
    await setStatus('in_progress');
    expect(await today()).toBe(0);
    expect((await statsOf(user)).completedLast7Days).toBe(0);
    await setStatus('done');
    expect(await today()).toBe(1);
  });

  it('when a repeating task is completed, then that occurrence counts and the next one is due', async () => {
    const user = await registerUser(app.client);
    const task = await createTask(app.client, user, {
      dueDate: utcDay(0).toISOString(),
      recurrence: { frequency: 'daily', timeZone: 'UTC' },
    });
    await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { status: 'done' },
    });
    const { completedByDay, dueByDay } = await statsOf(user);
    expect(completedByDay.at(-1)!.count).toBe(1);
    expect(counts(dueByDay)).toEqual([0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('dueByDay', () => {
  it('when tasks are due, then only the open ones due from today to 6 days ahead are counted', async () => {
    const user = await registerUser(app.client);
    for (const due of [
      utcDay(0, 0),
      utcDay(3),
      new Date(utcDay(7, 0).getTime() - 1),
      // Beyond the seven days, or before today:
      utcDay(7, 0),
      utcDay(9),
      utcDay(-1),
    ]) {
      await createTask(app.client, user, { dueDate: due.toISOString() });
    }
    await createTask(app.client, user, { status: 'done', dueDate: utcDay(1).toISOString() });
    await createTask(app.client, user, { status: 'in_progress', dueDate: utcDay(1).toISOString() });
    await createTask(app.client, user, { title: 'No date' });
    const { dueByDay, dueToday } = await statsOf(user, { tz: 'UTC' });
    expect(dueByDay.map((day) => day.date)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((days) => dateIn(utcDay(days), 'UTC')),
    );
    expect(counts(dueByDay)).toEqual([1, 1, 0, 1, 0, 0, 1]);
    expect(dueToday).toBe(1);
  });
});

describe('whose tasks', () => {
  it("when another user completes and schedules tasks, then this user's series stay zero", async () => {
    const user = await registerUser(app.client);
    const other = await registerUser(app.client);
    await createTask(app.client, other, { status: 'done' });
    await createTask(app.client, other, { dueDate: utcDay(1).toISOString() });
    await importCompleted(other, [utcDay(-3).toISOString()]);
    const mine = await statsOf(user);
    expect(counts(mine.completedByDay)).toEqual(Array(30).fill(0));
    expect(counts(mine.dueByDay)).toEqual(Array(7).fill(0));
    const theirs = await statsOf(other);
    expect(counts(theirs.completedByDay).reduce((a, b) => a + b)).toBe(2);
  });

  it('when the stats are scoped to a project, then the series count its tasks only', async () => {
    const user = await registerUser(app.client);
    const project = await createProject(app.client, user);
    await createTask(app.client, user, { status: 'done', projectId: project.id });
    await createTask(app.client, user, { status: 'done' });
    await importCompleted(user, [utcDay(-2).toISOString()], project.id);
    await createTask(app.client, user, { dueDate: utcDay(2).toISOString(), projectId: project.id });
    await createTask(app.client, user, { dueDate: utcDay(2).toISOString() });
    const scoped = await statsOf(user, { project: project.id });
    expect(counts(scoped.completedByDay).slice(-3)).toEqual([1, 0, 1]);
    expect(counts(scoped.dueByDay)).toEqual([0, 0, 1, 0, 0, 0, 0]);
    const all = await statsOf(user);
    expect(counts(all.completedByDay).slice(-3)).toEqual([1, 0, 2]);
    expect(counts(all.dueByDay)).toEqual([0, 0, 2, 0, 0, 0, 0]);
  });
});

describe('across a daylight-saving change', () => {
  // London's clocks went forward on 29 March 2026 and Auckland's go back on 5 April: with "now" on
  // 1 April both series hold a day that is not 24 hours long. Only Date is faked; timers stay
  // real, so the servers and clients of the test keep working.
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-04-01T12:00:00Z'),
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('when the clocks went forward, then tasks completed around midnight land on their local days', async () => {
    const user = await registerUser(app.client);
    await importCompleted(user, [
      // 23:30 on 28 March, GMT: a day of 24 hours counted back from today would call it the 29th.
      '2026-03-28T23:30:00Z',
      // 00:30 on 29 March, GMT.
      '2026-03-29T00:30:00Z',
      // 00:30 on 30 March, BST.
      '2026-03-29T23:30:00Z',
    ]);
    const { completedByDay } = await statsOf(user, { tz: 'Europe/London' });
    expect(completedByDay[0]!.date).toBe('2026-03-03');
    expect(completedByDay.at(-1)!.date).toBe('2026-04-01');
    expect(completedByDay.filter((day) => day.count > 0)).toEqual([
      { date: '2026-03-28', count: 1 },
      { date: '2026-03-29', count: 1 },
      { date: '2026-03-30', count: 1 },
    ]);
  });

  it('when the clocks go back, then tasks due around midnight land on their local days', async () => {
    const user = await registerUser(app.client);
    for (const due of [
      // 23:30 on 5 April, NZST: the 25-hour day.
      '2026-04-05T11:30:00Z',
      // 00:30 on 6 April, NZST.
      '2026-04-05T12:30:00Z',
    ]) {
      await createTask(app.client, user, { dueDate: due });
    }
    const { dueByDay } = await statsOf(user, { tz: 'Pacific/Auckland' });
    expect(dueByDay).toEqual([
      { date: '2026-04-02', count: 0 },
      { date: '2026-04-03', count: 0 },
      { date: '2026-04-04', count: 0 },
      { date: '2026-04-05', count: 1 },
      { date: '2026-04-06', count: 1 },
      { date: '2026-04-07', count: 0 },
      { date: '2026-04-08', count: 0 },
    ]);
  });
});
