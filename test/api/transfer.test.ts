import { startTestApp, type TestApp } from '../support/app';
import { createTask, registerUser, type SignedInUser } from '../support/builders';
import { until } from '../support/wait';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface Task {
  id: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  dueDate: string | null;
  tags: string[];
  recurrence: unknown;
  createdAt: string;
  completedAt: string | null;
  remindAt: string | null;
  remindedAt: string | null;
}

const JUDIX_HEADER =
  'title,description,status,priority,due_date,remind_at,tags,repeat,repeat_time_zone,completed_at,created_at';

const exportAs = (user: SignedInUser, format: 'json' | 'csv') =>
  app.client.get(`/api/v1/tasks/export?format=${format}`, { token: user.token });
const importFile = (
  user: SignedInUser,
  file: { csv: string } | { json: unknown },
  query = '',
  headers: Record<string, string> = {},
) =>
  'csv' in file
    ? app.client.post(`/api/v1/tasks/import${query}`, {
        token: user.token,
        rawBody: file.csv,
        headers: { 'content-type': 'text/csv', ...headers },
      })
    : app.client.post(`/api/v1/tasks/import${query}`, {
        token: user.token,
        body: file.json,
        headers,
      });

/** The fields an export and import carry over: not what differs between accounts. */
const COMPARED = [
  'title',
  'description',
  'status',
  'priority',
  'dueDate',
  'tags',
  'recurrence',
  'completedAt',
  'remindAt',
] as const;

/** Every task of the user, oldest first, without what differs between accounts. */
async function tasksOf(user: SignedInUser) {
  const tasks: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data: Task[]; nextCursor: string | null } } = await app.client.get(
      `/api/v1/tasks?sort=createdAt&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: user.token },
    );
    tasks.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return tasks.map((task) => Object.fromEntries(COMPARED.map((field) => [field, task[field]])));
}

/** Tasks that exercise every column: quoting, line breaks, formulas, tags, repeat rules. */
async function seed(user: SignedInUser) {
  const fields = [
    { title: 'Plain task' },
    {
      title: '=HYPERLINK("http://evil.test","click")',
      description: 'line one\nline "two", with a comma',
      tags: ['work', 'a,b', 'semi;colon'],
      priority: 'high',
    },
    { title: "'already quoted", description: '-starts with a dash', tags: ['+plus'] },
    { title: 'Grüße 🚀 — naïve', status: 'done' },
    {
      title: 'Every second Tuesday',
      dueDate: '2026-12-08T09:30:00+01:00',
      recurrence: {
        frequency: 'monthly',
        on: { week: 2, weekday: 'tu' },
        timeZone: 'Europe/Berlin',
        count: 5,
      },
    },
    {
      title: 'Weekdays until spring',
      dueDate: '2026-12-01T07:00:00Z',
      remindAt: '2030-12-01T06:45:00Z',
      status: 'in_progress',
      recurrence: {
        frequency: 'weekly',
        weekdays: ['mo', 'tu', 'we', 'th', 'fr'],
        until: '2027-03-01T00:00:00Z',
      },
    },
  ];
  for (const task of fields) await createTask(app.client, user, task);
}

describe('export', () => {
  it('as JSON: a document with every task, oldest first, as a file to download', async () => {
    const user = await registerUser(app.client);
    await seed(user);
    const response = await exportAs(user, 'json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="judix-tasks-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.body).toMatchObject({ format: 'judix.tasks', version: 1 });
    expect(response.body.tasks.map((task: Task) => task.title)).toEqual([
      'Plain task',
      '=HYPERLINK("http://evil.test","click")',
      "'already quoted",
      'Grüße 🚀 — naïve',
      'Every second Tuesday',
      'Weekdays until spring',
    ]);
    expect(Object.keys(response.body.tasks[0]).sort()).toEqual([
      'completedAt',
      'createdAt',
      'description',
      'dueDate',
      'priority',
      'recurrence',
      'remindAt',
      'status',
      'tags',
      'title',
    ]);
  });

  it('as CSV: RFC 4180 with a byte-order mark, formulas neutralised, repeat rules as RRULE', async () => {
    const user = await registerUser(app.client);
    await seed(user);
    const response = await exportAs(user, 'csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/filename="judix-tasks-.*\.csv"/);
    // fetch's text() drops a byte-order mark; the bytes keep it.
    const raw = await fetch(`${app.client.baseUrl}/api/v1/tasks/export?format=csv`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = response.text;
    expect(text.split('\r\n')[0]).toBe(JUDIX_HEADER);
    expect(text).toContain(
      `"'=HYPERLINK(""http://evil.test"",""click"")","line one\nline ""two"", with a comma",todo,high,,,"work\na,b\nsemi;colon"`,
    );
    expect(text).toContain(`''already quoted,'-starts with a dash,todo,medium,,,'+plus,`);
    expect(text).toContain('FREQ=MONTHLY;BYDAY=2TU;COUNT=5,Europe/Berlin');
    expect(text).toContain('"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270301T000000Z",UTC');
    expect(text).toContain('in_progress,medium,2026-12-01T07:00:00.000Z,2030-12-01T06:45:00.000Z,');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('carries a reminder still to fire, and not one that has fired', async () => {
    const user = await registerUser(app.client);
    const pending = await createTask(app.client, user, { remindAt: '2030-06-01T08:00:00Z' });
    await createTask(app.client, user, { remindAt: '2020-06-01T08:00:00Z' });
    await until(async () => {
      const tasks = (await app.client.get('/api/v1/tasks', { token: user.token })).body.data;
      return tasks.some((task: Task) => task.remindedAt !== null);
    });
    const json = (await exportAs(user, 'json')).body.tasks.map((task: Task) => task.remindAt);
    expect(json).toEqual([pending.remindAt, null]);
    const csv = (await exportAs(user, 'csv')).text.split('\r\n').slice(1, 3);
    expect(csv.map((line) => line.split(',')[5])).toEqual([pending.remindAt, '']);
  });

  it("has only the caller's tasks", async () => {
    const [owner, other] = [await registerUser(app.client), await registerUser(app.client)];
    await createTask(app.client, owner, { title: 'mine only' });
    const response = await exportAs(other, 'json');
    expect(response.body.tasks).toEqual([]);
    expect((await exportAs(other, 'csv')).text).toBe(`${JUDIX_HEADER}\r\n`);
  });

  it('refuses an unknown format', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.get('/api/v1/tasks/export?format=xlsx', {
      token: user.token,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('format');
  });
});

describe('export, then import into another account', () => {
  it.each(['json', 'csv'] as const)('as %s gives the same tasks', async (format) => {
    const [from, to] = [await registerUser(app.client), await registerUser(app.client)];
    await seed(from);
    const file = await exportAs(from, format);
    const response = await importFile(
      to,
      format === 'csv' ? { csv: file.text } : { json: file.body },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      format: `judix-${format}`,
      imported: 6,
      rejectedCount: 0,
      rejected: [],
      dryRun: false,
    });
    expect(await tasksOf(to)).toEqual(await tasksOf(from));
  });

  // About 35 s on FerretDB and two cores: four times 10,000 tasks written or read.
  it('keeps 10,000 tasks, streamed out and back', async () => {
    const [from, to] = [await registerUser(app.client), await registerUser(app.client)];
    const tasks = Array.from({ length: 10_000 }, (_, index) => ({
      title: `Task ${index}`,
      tags: [`batch-${index % 7}`],
      dueDate: new Date(Date.UTC(2027, 0, 1) + index * 60_000).toISOString(),
    }));
    const seeded = await importFile(from, { json: { tasks } });
    expect(seeded.body).toMatchObject({ imported: 10_000, rejectedCount: 0 });
    const csv = await exportAs(from, 'csv');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(10_001);
    const imported = await importFile(to, { csv: csv.text });
    expect(imported.body).toMatchObject({ imported: 10_000, rejectedCount: 0 });
    const json = await exportAs(to, 'json');
    expect(json.body.tasks).toHaveLength(10_000);
    expect(json.body.tasks[9_999]).toMatchObject({ title: 'Task 9999', tags: ['batch-3'] });
  }, 180_000);
});

describe('import, row by row', () => {
  // Any subset of the columns will do: this file has no `remind_at`.
  const file = [
    JUDIX_HEADER.replace('remind_at,', ''),
    'Good one,,,,,,,,,',
    'Wrong columns,todo',
    `Bad status,,finished,,,,,,,`,
    `${'x'.repeat(5000)},,,,,,,,,`,
    'No due date,,,,,,FREQ=DAILY,,,',
    'Bad rule,,,,2026-12-01T09:00:00Z,,FREQ=HOURLY,,,',
    '"Second good one, quoted",,done,low,2026-12-01T09:00:00Z,,,,2026-11-30T10:00:00Z,',
  ].join('\r\n');

  it('imports the valid rows and reports each rejected one by line and column', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv: file });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 2, rejectedCount: 5 });
    expect(response.body.rejected).toEqual([
      {
        line: 3,
        errors: [{ path: 'line', message: 'has 2 fields where the first line names 10' }],
      },
      { line: 4, errors: [{ path: 'status', message: expect.any(String) }] },
      { line: 5, errors: [{ path: 'title', message: expect.stringContaining('200') }] },
      { line: 6, errors: [{ path: 'repeat', message: 'a repeating task needs a due date' }] },
      {
        line: 7,
        errors: [{ path: 'repeat', message: 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY' }],
      },
    ]);
    expect(await tasksOf(user)).toEqual([
      expect.objectContaining({ title: 'Good one', status: 'todo', priority: 'medium' }),
      expect.objectContaining({
        title: 'Second good one, quoted',
        status: 'done',
        priority: 'low',
        completedAt: '2026-11-30T10:00:00.000Z',
      }),
    ]);
  });

  it('with atomic=true, imports nothing when a row is invalid: 422 listing line and field', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv: file }, '?atomic=true');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      type: 'urn:judix:problem:import-rejected',
      detail: expect.stringContaining('5 rows are invalid'),
    });
    expect(response.body.errors).toContainEqual({ path: '4.status', message: expect.any(String) });
    expect(await tasksOf(user)).toEqual([]);
  });

  it('with dryRun=true, reports and previews without writing', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv: file }, '?dryRun=true');
    expect(response.body).toMatchObject({ dryRun: true, imported: 2, rejectedCount: 5 });
    expect(response.body.preview).toEqual([
      {
        title: 'Good one',
        status: 'todo',
        priority: 'medium',
        dueDate: null,
        tags: [],
        repeats: false,
      },
      {
        title: 'Second good one, quoted',
        status: 'done',
        priority: 'low',
        dueDate: '2026-12-01T09:00:00.000Z',
        tags: [],
        repeats: false,
      },
    ]);
    expect(await tasksOf(user)).toEqual([]);
  });

  it('reports JSON rows by their position, with the field paths', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, {
      json: {
        tasks: [{ title: 'ok' }, { title: '' }, 'not an object', { title: 'x', owner: 'someone' }],
      },
    });
    expect(response.body).toMatchObject({ imported: 1, rejectedCount: 3 });
    expect(response.body.rejected.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(response.body.rejected[0].errors[0].path).toBe('title');
  });

  it('lists the first 100 rejected rows and counts them all', async () => {
    const user = await registerUser(app.client);
    const rows = Array.from({ length: 150 }, () => ({ title: '   ' }));
    const response = await importFile(user, { json: { tasks: rows } });
    expect(response.body.rejectedCount).toBe(150);
    expect(response.body.rejected).toHaveLength(100);
  });
});

describe('malformed files get a clear error and nothing is imported', () => {
  it.each([
    [
      'an unclosed quote',
      `${JUDIX_HEADER}\r\nok,,,,,,,,,\r\n"never closed,,,,,,,,,\r\nmore,,,,,,,,,`,
      400,
      'malformed-csv',
      'line 3',
    ],
    [
      'text after a closing quote',
      `${JUDIX_HEADER}\r\n"a"b,,,,,,,,,`,
      400,
      'malformed-csv',
      'line 2',
    ],
    ['unknown columns', 'title,owner\r\nx,y', 400, 'invalid-input', 'line 1'],
    ['no title column', 'description\r\nx', 400, 'invalid-input', 'line 1'],
    ['a repeated column', 'title,title\r\nx,y', 400, 'invalid-input', 'line 1'],
    ['an empty file', '', 400, 'invalid-input', 'body'],
    ['a blank file', '\r\n\r\n', 400, 'invalid-input', 'line 1'],
  ])('%s', async (_name, csv, status, type, path) => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ type: `urn:judix:problem:${type}` });
    expect(response.body.errors[0].path).toBe(path);
    expect(await tasksOf(user)).toEqual([]);
  });

  it('a JSON body that is not an import document is a 400', async () => {
    const user = await registerUser(app.client);
    for (const json of [[{ title: 'a' }], { tasks: 'x' }, { tasks: [], extra: 1 }]) {
      const response = await importFile(user, { json });
      expect(response.status).toBe(400);
    }
  });

  it('another media type is a 415 naming the accepted ones', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/tasks/import', {
      token: user.token,
      rawBody: 'title\nx',
      headers: { 'content-type': 'application/vnd.ms-excel' },
    });
    expect(response.status).toBe(415);
    expect(response.body.detail).toBe('Send the body as application/json or text/csv, in UTF-8.');
  });

  it('a file over 5 MiB is a 413', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv: `title\r\n${'x'.repeat(5 * 1024 * 1024)}` });
    expect(response.status).toBe(413);
    expect(await tasksOf(user)).toEqual([]);
  });

  it('more than 10,000 rows is a 400', async () => {
    const user = await registerUser(app.client);
    const csv = `title\r\n${'t\r\n'.repeat(10_001)}`;
    const response = await importFile(user, { csv });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'tasks', message: 'at most 10000 tasks' }]);
    const json = await importFile(user, {
      json: { tasks: Array.from({ length: 10_001 }, () => ({ title: 't' })) },
    });
    expect(json.status).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  it('a retried upload adds nothing twice and gets the first answer; another file with the key is a 422', async () => {
    const user = await registerUser(app.client);
    const csv = `title\r\nfirst\r\nsecond\r\n`;
    const key = { 'Idempotency-Key': `import-${Date.now()}` };
    const first = await importFile(user, { csv }, '', key);
    const again = await importFile(user, { csv }, '', key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await tasksOf(user)).map((task) => task.title)).toEqual(['first', 'second']);
    const other = await importFile(user, { csv: `title\r\nthird\r\n` }, '', key);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:judix:problem:idempotency-key-reused');
  });

  it('a key used for a dry run does not replay it for the real import', async () => {
    const user = await registerUser(app.client);
    const csv = `title\r\nonly\r\n`;
    const key = { 'Idempotency-Key': `dry-${Date.now()}` };
    await importFile(user, { csv }, '?dryRun=true', key);
    const real = await importFile(user, { csv }, '', key);
    expect(real.status).toBe(422);
  });
});

describe("Todoist's CSV export", () => {
  const todoist = [
    'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT',
    'section,Errands,,,,,,,,,,',
    'task,Buy milk @shopping @home,two litres,1,1,Ann (1),,2026-12-05,en,Europe/Berlin,,',
    'note,remember the oat one,,,,,,,,,,',
    'task,Call Bob,,4,2,Ann (1),,2026-12-05 17:30,en,America/New_York,,',
    'task,Someday,,,1,Ann (1),,,en,,,',
    'task,Water plants,,2,1,Ann (1),,every monday,en,,,',
    'task,Bad priority,,7,1,Ann (1),,,en,,,',
  ].join('\n');

  it('maps labels to tags, priorities and dates, skips sections and notes, and rejects dates in words', async () => {
    const user = await registerUser(app.client);
    const response = await importFile(user, { csv: todoist });
    expect(response.body).toMatchObject({
      format: 'todoist-csv',
      imported: 3,
      skipped: 2,
      rejectedCount: 2,
    });
    expect(response.body.rejected).toEqual([
      {
        line: 7,
        errors: [
          { path: 'DATE', message: expect.stringContaining('"every monday" is not a date') },
        ],
      },
      { line: 8, errors: [{ path: 'PRIORITY', message: 'must be 1, 2, 3 or 4' }] },
    ]);
    expect(await tasksOf(user)).toEqual([
      expect.objectContaining({
        title: 'Buy milk',
        tags: ['shopping', 'home'],
        description: 'two litres',
        priority: 'high',
        dueDate: '2026-12-04T23:00:00.000Z',
      }),
      expect.objectContaining({
        title: 'Call Bob',
        priority: 'low',
        dueDate: '2026-12-05T22:30:00.000Z',
      }),
      expect.objectContaining({ title: 'Someday', priority: 'medium', dueDate: null }),
    ]);
  });
});

describe('ownership', () => {
  it("an import writes only the caller's tasks, and another user's export does not change", async () => {
    const [owner, other] = [await registerUser(app.client), await registerUser(app.client)];
    await createTask(app.client, other, { title: 'theirs' });
    const before = await exportAs(other, 'json');
    await importFile(owner, { csv: 'title\r\nmine\r\n' });
    expect((await tasksOf(owner)).map((task) => task.title)).toEqual(['mine']);
    expect((await exportAs(other, 'json')).body.tasks).toEqual(before.body.tasks);
  });

  it('needs a signed-in user', async () => {
    expect((await app.client.get('/api/v1/tasks/export')).status).toBe(401);
    expect((await app.client.post('/api/v1/tasks/import', { body: { tasks: [] } })).status).toBe(
      401,
    );
  });
});
