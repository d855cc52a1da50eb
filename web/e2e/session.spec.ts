import { expect, test } from '@playwright/test';
import { startStack, type Stack } from './stack';
import { addTask, rows, signUp } from './support';

// Its own stack, with access tokens that expire after two seconds.
let stack: Stack;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startStack({ ACCESS_TOKEN_TTL: '2s' });
});

test.afterAll(async () => {
  await stack?.close();
});

test('an expired access token is refreshed without the person noticing', async ({ page }) => {
  const base = stack.webUrl;
  const refreshes: number[] = [];
  const unauthorised: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname === '/api/v1/auth/refresh') refreshes.push(response.status());
    else if (response.status() === 401) unauthorised.push(url.pathname);
  });

  await signUp(page, base);
  // Before signing up, the page's first refresh finds no cookie (401): only count what follows.
  refreshes.length = 0;
  unauthorised.length = 0;
  await addTask(page, 'Before the token expires');
  await expect(rows(page)).toHaveCount(1);

  await page.waitForTimeout(3_000);
  await addTask(page, 'After the token expired');
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('metric-total')).toHaveText('2');

  await expect(page).toHaveURL(`${base}/dashboard`);
  expect(unauthorised.length).toBeGreaterThan(0);
  expect(refreshes.length).toBeGreaterThan(0);
  expect(refreshes.every((status) => status === 200)).toBe(true);
  // No error reached the screen.
  await expect(page.getByRole('alert')).toHaveCount(0);
});
