import { expect, test } from '@playwright/test';
import { addTask, newAccount, rows, signUp, webUrl } from './support';

test('an anonymous page load asks for no session and logs no error', async ({ page }) => {
  const refreshes: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${webUrl()}/`);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(refreshes).toEqual([]);
  expect(errors).toEqual([]);
});

test('quick-add keeps to the API’s limits, explains a line without a title and reads dates in words', async ({
  page,
}) => {
  await signUp(page);
  const input = page.getByLabel('New task');
  await expect(input).toHaveAttribute('maxlength', '200');

  await addTask(page, '#tag !high');
  await expect(page.getByRole('alert')).toContainText('Add a title too');
  await expect(input).toHaveValue('#tag !high');

  await input.fill('Call Ada tomorrow 17:00 #work');
  const preview = page.getByRole('list', { name: 'The task will get' });
  await expect(preview).toContainText('Due');
  await expect(preview).toContainText('#work');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  const row = rows(page).filter({ hasText: 'Call Ada' });
  await expect(row.locator('time')).toHaveText(/^tomorrow/);
  // The default priority is not shown; a tag filters the list when clicked.
  await expect(row).not.toContainText('Medium');
  await addTask(page, 'Water the plants #home');
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Show tasks tagged #work' }).click();
  await expect(page).toHaveURL(/tag=work/);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByLabel('Filter by tag')).toHaveValue('work');
});

test('account: the header menu signs out, sign-up offers sign-in for a known email, settings point at the wrong password', async ({
  page,
}) => {
  const account = await signUp(page);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Current password').fill('not the password at all');
  await page.getByLabel('New password').fill('another long password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The password is wrong.')).toBeVisible();

  await page.getByRole('button', { name: 'Account' }).click();
  const menu = page.getByRole('menu', { name: 'Account' });
  await expect(menu).toContainText(account.email);
  await menu.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto(`${webUrl()}/sign-up`);
  await page.getByLabel('Name').fill(newAccount().name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'Sign in instead' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
