import { expect, test } from '@playwright/test';
import { addTask, checkScreen, rows, signUp } from './support';

test('bulk edit: select with a click and Shift-click, set the priority, delete and undo', async ({
  page,
}) => {
  await signUp(page);
  for (const title of ['Alpha', 'Bravo', 'Charlie', 'Delta']) await addTask(page, title);
  await expect(rows(page)).toHaveCount(4);
  const row = (title: string) => rows(page).filter({ hasText: title });

  // Newest first: Delta, Charlie, Bravo, Alpha. Shift-click selects the range from Delta.
  await page.getByRole('checkbox', { name: 'Select “Delta”' }).click();
  await page.getByRole('checkbox', { name: 'Select “Bravo”' }).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 tasks selected');
  await expect(page.getByRole('checkbox', { name: 'Select “Charlie”' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Select “Alpha”' })).not.toBeChecked();
  await checkScreen(page, 'tasks-bulk-selected');

  await bar.getByLabel('Set priority').selectOption('high');
  for (const title of ['Delta', 'Charlie', 'Bravo']) {
    await expect(row(title)).toContainText('Priority High');
  }
  await expect(row('Alpha')).not.toContainText('Priority');

  // Delete hides the three at once; Undo brings them back and nothing reaches the server.
  await bar.getByRole('button', { name: 'Delete selected' }).click();
  await expect(bar).toBeHidden();
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(page)).toHaveCount(4);
  await page.waitForTimeout(5500);
  await page.reload();
  await expect(rows(page)).toHaveCount(4);
  await expect(row('Charlie')).toContainText('Priority High');
});
