import { expect, test } from '@playwright/test';
import { addTask, checkScreen, rows, signUp, webUrl } from './support';

// A small phone in dark mode: the layout must fit 360 px without sideways scrolling, and the dark
// palette must keep AA contrast.
test.use({ viewport: { width: 360, height: 740 }, colorScheme: 'dark', hasTouch: true });

async function expectNoSidewaysScroll(page: import('@playwright/test').Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('every screen works at 360 px wide in dark mode', async ({ page }) => {
  test.setTimeout(120_000);
  const base = webUrl();
  await page.goto(`${base}/sign-in`);
  await expectNoSidewaysScroll(page);
  await checkScreen(page, 'mobile-sign-in');

  await signUp(page);
  await addTask(
    page,
    'A task with a rather long title that has to fit on a small phone screen #mobile #a-tag-far-too-long-for-a-phone #work',
  );
  await addTask(page, 'Second task !high');
  await expect(rows(page)).toHaveCount(2);
  await expectNoSidewaysScroll(page);

  // The filters fold behind one button, so the first task sits near the top of the screen.
  await expect(page.getByRole('group', { name: 'Status' })).toBeHidden();
  const firstRow = await rows(page).first().boundingBox();
  expect(firstRow!.y + firstRow!.height).toBeLessThan(740 / 2);
  // One line per row: a checkbox and a menu, no status dropdown; a long tag ends in an ellipsis.
  await expect(page.getByRole('combobox', { name: /Status of/ })).toHaveCount(0);
  expect(firstRow!.height).toBeLessThan(80);
  const longTag = page.getByRole('button', {
    name: 'Show tasks tagged #a-tag-far-too-long-for-a-phone',
  });
  await expect(longTag).toHaveCSS('text-overflow', 'ellipsis');
  // No keyboard shortcut hint on a touch screen.
  await expect(page.locator('.shortcut-hint')).toBeHidden();
  await checkScreen(page, 'mobile-tasks');

  await page.getByRole('button', { name: 'Filters' }).tap();
  await expect(page.getByRole('group', { name: 'Status' })).toBeVisible();
  await expect(page.locator('.shortcut-hint')).toBeHidden();
  await expectNoSidewaysScroll(page);
  await checkScreen(page, 'mobile-tasks-filters');
  await page.getByRole('button', { name: /^More for “A task with/ }).tap();
  await page.getByRole('menuitem', { name: 'Mark as done' }).tap();
  await expect(rows(page)).toHaveCount(1);

  await page.getByRole('button', { name: 'Edit “Second task”' }).tap();
  await expect(page.getByRole('dialog', { name: 'Edit task' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await checkScreen(page, 'mobile-edit-dialog');
  await page.getByRole('button', { name: 'Cancel' }).tap();

  await page.getByRole('link', { name: 'Dashboard' }).tap();
  await expect(page.getByTestId('metric-total')).toHaveText('2');
  // The 30 bars of the completed chart fit the screen, today's (the task done above) the last.
  const completed = page.getByRole('region', { name: 'Completed, last 30 days' });
  const bars = completed.locator('.day-bar');
  await expect(bars).toHaveCount(30);
  const lastBar = await bars.last().boundingBox();
  expect(lastBar!.x + lastBar!.width).toBeLessThanOrEqual(360);
  await expect(completed.getByRole('table').getByRole('row').last().getByRole('cell')).toHaveText(
    '1',
  );
  await expect(page.getByRole('region', { name: 'Due in the next 7 days' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await checkScreen(page, 'mobile-dashboard');

  await page.getByRole('link', { name: 'Settings' }).tap();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await checkScreen(page, 'mobile-settings');

  await page.goto(`${base}/no-such-page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await checkScreen(page, 'mobile-not-found');
});
