import { expect, test } from '@playwright/test';
import { addTask, checkScreen, rows, signUp, webUrl } from './support';

test('two tabs edit the same task: 412 shows both versions, keep mine or take theirs', async ({
  context,
}) => {
  const base = webUrl();
  // Both tabs' live streams are down (as while offline, or behind a proxy that drops them), so
  // neither sees the other's change and each goes on editing the version it loaded.
  await context.route('**/api/v1/events', (route) => route.abort());
  const first = await context.newPage();
  await signUp(first);
  await addTask(first, 'Shared task');
  await expect(rows(first)).toHaveCount(1);
  await expect(first.getByRole('button', { name: 'Edit “Shared task”' })).toBeEnabled();

  // The second tab shares the cookie jar, so it signs in through the refresh cookie.
  const second = await context.newPage();
  await second.goto(`${base}/`);
  await expect(rows(second)).toHaveCount(1);

  const rename = async (page: typeof first, from: string, to: string) => {
    await page.getByRole('button', { name: `Edit “${from}”` }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Title').fill(to);
    await dialog.getByRole('button', { name: 'Save' }).click();
  };

  await rename(first, 'Shared task', 'Renamed in the first tab');
  await expect(
    first.getByRole('button', { name: 'Edit “Renamed in the first tab”' }),
  ).toBeVisible();

  // The second tab still holds version 1: its save is refused and the person chooses.
  await rename(second, 'Shared task', 'Renamed in the second tab');
  const conflict = second.getByRole('dialog', { name: 'This task was changed elsewhere' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Renamed in the second tab');
  await expect(conflict).toContainText('Renamed in the first tab');
  await checkScreen(second, 'conflict-dialog');
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(conflict).toBeHidden();
  await expect(
    second.getByRole('button', { name: 'Edit “Renamed in the second tab”' }),
  ).toBeVisible();

  // Now the first tab is behind; this time it takes the saved version.
  await first.getByRole('button', { name: 'More for “Renamed in the first tab”' }).click();
  await first.getByRole('menuitem', { name: 'Mark as in progress' }).click();
  const firstConflict = first.getByRole('dialog', { name: 'This task was changed elsewhere' });
  await expect(firstConflict).toBeVisible();
  await firstConflict.getByRole('button', { name: 'Take theirs' }).click();
  await expect(firstConflict).toBeHidden();
  const row = rows(first).first();
  await expect(row).toContainText('Renamed in the second tab');
  await expect(row).not.toContainText('In progress');
  await first.getByRole('button', { name: 'More for “Renamed in the second tab”' }).click();
  await expect(first.getByRole('menuitem', { name: 'Mark as in progress' })).toBeVisible();
  await first.keyboard.press('Escape');

  await first.reload();
  await expect(rows(first).first()).toContainText('Renamed in the second tab');
});
