// `npm run screenshots`: the pictures in docs/screenshots/, taken from the real app (the browser
// tests' stack: the built api and web app behind nginx) with a demo account seeded through the
// api, so they can be refreshed whenever the UI changes. JUDIX_SCREENSHOTS_DIR writes them
// elsewhere (the test command does, to check that the script still runs).
import { mkdirSync, statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { registerThroughApi, rows, submitSignIn, webUrl } from '../e2e/support';

const out =
  process.env.JUDIX_SCREENSHOTS_DIR ?? new URL('../../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const account = {
  name: 'Grace Hopper',
  email: `grace.${Date.now()}@example.com`,
  password: 'cobol compiler 1959',
};

/** An ISO date-time `days` from now at `hour` local time. */
function due(days: number, hour = 17): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(hour, 0, 0, 0);
  return date.toISOString();
}

/**
 * Creates the demo account, its projects and tasks; answers how many of them are open and the
 * project the board shows.
 */
async function seed(base: string): Promise<{ open: number; board: string }> {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Origin: base,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  const accessToken = await registerThroughApi(base, account);
  const project = async (name: string, color: string) =>
    (await call('POST', '/projects', { name, color }, accessToken)).id as string;
  const website = await project('Website relaunch', 'blue');
  const talk = await project('Conference talk', 'violet');
  const home = await project('Home', 'green');
  const tasks: Record<string, unknown>[] = [
    {
      title: 'Write the launch announcement',
      projectId: website,
      priority: 'high',
      dueDate: due(1),
      tags: ['writing'],
    },
    {
      title: 'Review the new pricing page',
      projectId: website,
      status: 'in_progress',
      dueDate: due(0),
      tags: ['review'],
    },
    {
      title: 'Fix the contact form on phones',
      projectId: website,
      priority: 'high',
      status: 'in_progress',
      tags: ['bug'],
    },
    {
      title: 'Compress the hero images',
      projectId: website,
      priority: 'low',
      tags: ['performance'],
    },
    { title: 'Set up redirects from the old URLs', projectId: website, dueDate: due(3) },
    { title: 'Move the blog to the new theme', projectId: website, status: 'done' },
    { title: 'Draft the talk outline', projectId: talk, status: 'done', tags: ['writing'] },
    { title: 'Rehearse with the team', projectId: talk, dueDate: due(6, 15), tags: ['meeting'] },
    { title: 'Book the train to the venue', projectId: talk, priority: 'high', dueDate: due(2, 9) },
    { title: 'Renew the passport', projectId: home, priority: 'high', dueDate: due(-1) },
    { title: 'Call the plumber about the boiler', projectId: home, dueDate: due(4, 10) },
    { title: 'Plan the weekend hike', projectId: home, priority: 'low', tags: ['outdoors'] },
    { title: 'Reply to the book club email' },
  ];
  // A month of finished work for the dashboard's chart: one to four tasks done on most days.
  for (let day = 1; day <= 29; day++) {
    for (let n = 0; n < ((day * 7) % 5) - (day % 6 === 0 ? 1 : 0); n++) {
      const when = due(-day, 9 + n * 2);
      tasks.push({
        title: `Finished piece of work ${day}.${n}`,
        projectId: [website, talk, home][(day + n) % 3],
        status: 'done',
        createdAt: due(-day - 2, 9),
        completedAt: when,
      });
    }
  }
  const imported = await call('POST', '/tasks/import', { tasks }, accessToken);
  expect(imported).toMatchObject({ imported: tasks.length, rejectedCount: 0 });
  return { open: tasks.filter((task) => task.status !== 'done').length, board: website };
}

async function take(page: Page, name: string) {
  const path = `${out}/${name}.png`;
  await page.screenshot({ path });
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

test('the list, the board, the dashboard and the phone layout, light and dark', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const base = webUrl();
  const { open, board } = await seed(base);

  const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await wide.newPage();
  await page.goto(`${base}/sign-in`);
  await submitSignIn(page, account);
  await expect(rows(page)).toHaveCount(open);
  await take(page, 'list');
  await page.emulateMedia({ colorScheme: 'dark' });
  await take(page, 'list-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('link', { name: 'Dashboard' }).first().click();
  await expect(page.getByRole('region', { name: 'Completed, last 30 days' })).toBeVisible();
  await take(page, 'dashboard');
  await page.goto(`${base}/board?project=${board}`);
  for (const title of ['Write the launch announcement', 'Fix the contact form on phones']) {
    await expect(page.getByRole('group', { name: title, exact: true })).toBeVisible();
  }
  await take(page, 'board');
  await wide.close();

  const phone = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    hasTouch: true,
  });
  const small = await phone.newPage();
  await small.goto(`${base}/sign-in`);
  await submitSignIn(small, account);
  await expect(rows(small)).toHaveCount(open);
  await take(small, 'phone');
  await phone.close();
});
