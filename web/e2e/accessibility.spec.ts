// axe on every screen (sign-up, sign-in, tasks, the edit dialog, board, dashboard, settings) in
// the four combinations of a phone (360 px) or a desktop (1280 px) and the light or dark palette:
// no serious or critical WCAG 2.1 A/AA finding on any of them. The journeys check the screens
// along their way too, each in one combination.
import { expect, test, type Browser } from '@playwright/test';
import {
  expectAccessible,
  newAccount,
  registerThroughApi,
  rows,
  submitSignIn,
  webUrl,
} from './support';

const account = newAccount();
const TITLE = 'Renew the passport before the trip';

test.beforeAll(async () => {
  const base = webUrl();
  const accessToken = await registerThroughApi(base, account);
  const call = (path: string, body: unknown) =>
    fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
  const project = await (await call('/projects', { name: 'Home', color: 'green' })).json();
  const day = 24 * 3600_000;
  const imported = await call('/tasks/import', {
    tasks: [
      { title: TITLE, priority: 'high', dueDate: new Date(Date.now() - day).toISOString() },
      { title: 'Water the plants', projectId: project.id, tags: ['home', 'weekly'] },
      {
        title: 'Call the bank',
        status: 'in_progress',
        dueDate: new Date(Date.now() + day).toISOString(),
      },
      {
        title: 'Pay the rent',
        status: 'done',
        completedAt: new Date(Date.now() - day).toISOString(),
      },
    ],
  });
  expect(imported.status).toBe(200);
});

const combinations = [
  { width: 360, height: 740, colorScheme: 'light' },
  { width: 360, height: 740, colorScheme: 'dark' },
  { width: 1280, height: 800, colorScheme: 'light' },
  { width: 1280, height: 800, colorScheme: 'dark' },
] as const;

async function checkEveryScreen(browser: Browser, combination: (typeof combinations)[number]) {
  const { width, height, colorScheme } = combination;
  const label = `${width} px, ${colorScheme}`;
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme,
    hasTouch: width < 1024,
  });
  try {
    const page = await context.newPage();
    const base = webUrl();
    await page.goto(`${base}/sign-up`);
    await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
    await expectAccessible(page, `sign-up (${label})`);
    await page.goto(`${base}/sign-in`);
    await expectAccessible(page, `sign-in (${label})`);

    await submitSignIn(page, account);
    await expect(rows(page).first()).toBeVisible();
    await expectAccessible(page, `tasks (${label})`);
    await page.getByRole('button', { name: `Edit “${TITLE}”` }).click();
    await expect(page.getByRole('dialog', { name: 'Edit task' })).toBeVisible();
    await expectAccessible(page, `edit dialog (${label})`);
    await page.keyboard.press('Escape');

    await page.goto(`${base}/board`);
    await expect(page.getByRole('group', { name: TITLE, exact: true })).toBeVisible();
    await expectAccessible(page, `board (${label})`);
    await page.goto(`${base}/dashboard`);
    await expect(page.getByRole('region', { name: 'Completed, last 30 days' })).toBeVisible();
    await expectAccessible(page, `dashboard (${label})`);
    await page.goto(`${base}/settings`);
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expectAccessible(page, `settings (${label})`);
  } finally {
    await context.close();
  }
}

for (const combination of combinations) {
  test(`every screen has no serious accessibility finding at ${combination.width} px in ${combination.colorScheme} mode`, async ({
    browser,
  }) => {
    await checkEveryScreen(browser, combination);
  });
}
