import { expect, test } from '@playwright/test';
import { addTask, checkScreen, rows, signUp } from './support';

test('recurring: "every monday" from the quick-add repeats, and completing it brings the next Monday', async ({
  page,
}) => {
  await signUp(page);
  // Local midnight (the config's Europe/Berlin) of the first Monday from today, today included,
  // and of the Monday after it: the quick-add's first due date and the next occurrence's.
  const [first, following] = await page.evaluate(() => {
    const monday = new Date();
    monday.setHours(0, 0, 0, 0);
    monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7));
    const next = new Date(monday);
    next.setDate(next.getDate() + 7);
    return [monday.toISOString(), next.toISOString()];
  });

  const input = page.getByLabel('New task');
  await input.fill('Water plants every monday');
  await expect(page.getByRole('list', { name: 'The task will get' })).toContainText('Every Monday');
  await input.press('Enter');

  const row = rows(page).filter({ hasText: 'Water plants' });
  const complete = row.getByRole('checkbox', { name: 'Complete “Water plants”' });
  const repeats = row.getByRole('img', { name: 'Repeats every Monday' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('button', { name: 'Edit “Water plants”' })).toHaveText('Water plants');
  await expect(repeats).toBeVisible();
  await expect(row.locator('time')).toHaveAttribute('datetime', first);
  await checkScreen(page, 'tasks-recurring');

  // The done occurrence leaves the list; the server's next one takes its place, open and due a
  // week later.
  await complete.click();
  await expect(row.locator('time')).toHaveAttribute('datetime', following);
  await expect(row).toHaveCount(1);
  await expect(complete).not.toBeChecked();
  await expect(repeats).toBeVisible();

  await page.getByRole('button', { name: 'Show done', exact: true }).click();
  await expect(rows(page).filter({ hasText: 'Water plants' })).toHaveCount(2);
  await expect(complete.and(page.locator(':checked'))).toHaveCount(1);

  // The indicator sits in the row's meta line: on a small phone a repeating row is as tall as any.
  await page.setViewportSize({ width: 360, height: 740 });
  await addTask(page, 'Buy milk tomorrow');
  const plain = rows(page).filter({ hasText: 'Buy milk' });
  await expect(plain).toHaveCount(1);
  const repeating = await row.first().boundingBox();
  expect(repeating!.height).toBe((await plain.boundingBox())!.height);
});
