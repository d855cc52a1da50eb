// What the benchmark writes before it measures: its users, the listed user's tasks, and the users
// whose event streams the streams step holds open. Everything goes through the api, as a client's
// requests would.
import { randomBytes } from 'node:crypto';

export const TASKS = 20;

interface Reply {
  status: number;
  text: string;
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function expectStatus(what: string, expected: number, reply: Promise<Reply>) {
  const { status, text } = await reply;
  if (status !== expected) throw new Error(`${what}: expected ${expected}, got ${status}: ${text}`);
  return text;
}

export interface User {
  token: string;
  userId: string;
}

export async function register(apiUrl: string, who: string): Promise<User> {
  const text = await expectStatus(
    `registering the ${who}`,
    201,
    call(apiUrl, 'POST', '/api/v1/auth/register', undefined, {
      name: `Bench ${who}`,
      email: `bench-${who}-${randomBytes(4).toString('hex')}@example.com`,
      password: randomBytes(18).toString('base64url'),
    }),
  );
  const { accessToken, user } = JSON.parse(text) as { accessToken: string; user: { id: string } };
  return { token: accessToken, userId: user.id };
}

const priorities = ['low', 'medium', 'high'] as const;
const statuses = ['todo', 'in_progress', 'done'] as const;

/** A task like a person writes one, so that pages and documents have a realistic size. */
export function taskInput(n: number) {
  return {
    title: `Prepare the quarterly review deck, part ${n}`,
    description:
      'Collect the numbers from the sales and support dashboards, draft the summary slide, and ' +
      'ask the team leads to check their sections before Thursday.',
    priority: priorities[n % priorities.length],
    status: statuses[n % statuses.length],
    dueDate: new Date(Date.UTC(2030, 0, 1 + n, 17)).toISOString(),
    tags: ['work', `project-${n % 4}`],
  };
}

export interface Seeded {
  /** The user whose TASKS tasks every list target reads. */
  reader: User;
  /** The user the create target writes as, so the reader keeps its TASKS tasks. */
  writer: User;
  taskIds: string[];
  /** The cached page, byte for byte: the bare servers answer with it. */
  page: string;
}

/** Registers the reader and the writer, creates the reader's tasks and fills the list's cache. */
export async function seedTasks(apiUrl: string): Promise<Seeded> {
  const reader = await register(apiUrl, 'reader');
  const writer = await register(apiUrl, 'writer');
  const taskIds: string[] = [];
  for (let n = 1; n <= TASKS; n++) {
    const text = await expectStatus(
      'creating a task',
      201,
      call(apiUrl, 'POST', '/api/v1/tasks', reader.token, taskInput(n)),
    );
    taskIds.push((JSON.parse(text) as { id: string }).id);
  }
  // The first read fills the cache; the second is the cached page every target serves.
  await expectStatus('listing tasks', 200, call(apiUrl, 'GET', '/api/v1/tasks', reader.token));
  const page = await expectStatus(
    'listing tasks',
    200,
    call(apiUrl, 'GET', '/api/v1/tasks', reader.token),
  );
  const listed = (JSON.parse(page) as { data: unknown[] }).data.length;
  if (listed !== TASKS) throw new Error(`the list returned ${listed} tasks, not ${TASKS}`);
  return { reader, writer, taskIds, page };
}

/** Checks that another api process answers the reader's list with the very same page. */
export async function expectSamePage(what: string, apiUrl: string, seeded: Seeded): Promise<void> {
  const page = await expectStatus(
    `listing tasks on the ${what}`,
    200,
    call(apiUrl, 'GET', '/api/v1/tasks', seeded.reader.token),
  );
  if (page !== seeded.page) throw new Error(`the ${what} returned a different page`);
}

/**
 * Registers `count` users, four at a time (as many as libuv's default thread pool hashes at
 * once), and returns their access tokens.
 */
export async function registerUsers(apiUrl: string, prefix: string, count: number) {
  const tokens: string[] = [];
  let registered = 0;
  const registrar = async () => {
    while (registered < count) {
      const n = registered++;
      tokens[n] = (await register(apiUrl, `${prefix}-${n}`)).token;
    }
  };
  await Promise.all(Array.from({ length: 4 }, registrar));
  return tokens;
}
