import { expect, test } from '@playwright/test';
import { addTask, checkScreen, localDateTime, rows, webUrl } from './support';

test('the whole journey: sign up, add, filter, search, edit, complete, delete and undo, dashboard, reload, sign out', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const base = webUrl();

  // A signed-out visit goes to sign-in and, after signing up, back to where it was going.
  await page.goto(`${base}/dashboard`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await checkScreen(page, 'sign-in');

  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/sign-up\?next=%2Fdashboard$/);

  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(`ada.journey.${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The API's errors[] land next to the field they name.
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await checkScreen(page, 'sign-up-errors');
  await page.getByLabel('Password').fill('analytical engine 1843');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(`${base}/dashboard`);
  await expect(page.getByTestId('metric-total')).toHaveText('0');

  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { name: 'No open tasks' })).toBeVisible();
  await checkScreen(page, 'tasks-empty');

  // Quick add: Enter adds, #tags and !priority are read from the line; `n` focuses the box.
  await page.locator('body').press('n');
  await expect(page.getByLabel('New task')).toBeFocused();
  await addTask(page, 'Write the quarterly report #work !high');
  await addTask(page, 'Buy milk #home');
  await addTask(page, 'Call the plumber #home !low');
  await addTask(page, 'Plan the team offsite #work');
  await expect(rows(page)).toHaveCount(4);
  await expect(page.getByText('4 tasks')).toBeVisible();

  // Filters live in the URL: Back undoes one, reload keeps them.
  await page.getByRole('group', { name: 'Priority' }).getByRole('button', { name: 'High' }).click();
  await expect(page).toHaveURL(/priority=high/);
  await expect(rows(page)).toHaveCount(1);
  await page.goBack();
  await expect(rows(page)).toHaveCount(4);

  await page.locator('body').press('/');
  await expect(page.getByLabel('Search tasks')).toBeFocused();
  await page.keyboard.type('plumb');
  await expect(page).toHaveURL(/q=plumb/);
  await expect(rows(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Search tasks')).toHaveValue('plumb');
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.getByLabel('Filter by tag').fill('home');
  await expect(page).toHaveURL(/tag=home/);
  await expect(rows(page)).toHaveCount(2);
  await checkScreen(page, 'tasks-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows(page)).toHaveCount(4);

  // Edit every field in the dialog; focus comes back to the row afterwards.
  const editMilk = page.getByRole('button', { name: 'Edit “Buy milk”' });
  await editMilk.click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await checkScreen(page, 'edit-dialog');
  await dialog.getByLabel('Title').fill('Buy oat milk');
  await dialog.getByLabel('Description').fill('The barista kind, two cartons.');
  await dialog.getByLabel('Priority').selectOption('high');
  await dialog.getByLabel('Due').fill(localDateTime(-1));
  await dialog.getByLabel('Tags').fill('home, errands');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const milk = rows(page).filter({ hasText: 'Buy oat milk' });
  await expect(milk).toContainText('#errands');
  await expect(milk.locator('time.is-overdue')).toHaveText(/\d+ days? overdue/);
  await expect(page.getByRole('button', { name: 'Edit “Buy oat milk”' })).toBeFocused();

  await page.getByRole('button', { name: 'Edit “Buy oat milk”' }).click();
  await expect(dialog.getByLabel('Description')).toHaveValue('The barista kind, two cartons.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Complete one, move another along with the row's menu. The checkbox is controlled by the
  // optimistic update, which lands a tick after the click, so click and then wait for it
  // (`check()` inspects the state at once and fails when the update is a moment late). Done tasks
  // leave the list until "Show done" brings them back.
  const complete = page.getByRole('checkbox', { name: 'Complete “Call the plumber”' });
  await complete.click();
  await expect(complete).toHaveCount(0);
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Show done', exact: true }).click();
  await expect(page).toHaveURL(/done=show/);
  await expect(rows(page)).toHaveCount(4);
  await expect(complete).toBeChecked();
  await page.getByRole('button', { name: 'More for “Plan the team offsite”' }).click();
  await page.getByRole('menuitem', { name: 'Mark as in progress' }).click();
  await expect(rows(page).filter({ hasText: 'Plan the team offsite' })).toContainText(
    'In progress',
  );
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Done' }).click();
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows(page)).toHaveCount(3);

  // Delete with undo, then a delete that sticks.
  await page.getByRole('button', { name: 'Delete “Write the quarterly report”' }).click();
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Delete “Plan the team offsite”' }).click();
  await expect(rows(page)).toHaveCount(2);
  // Scanned while the undo notice may still be up; it closes after 5 s either way, so a slow scan
  // cannot make the next step miss it.
  await checkScreen(page, 'tasks-deleted-undo');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeHidden({ timeout: 10_000 });
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByText('Plan the team offsite')).toHaveCount(0);
  await checkScreen(page, 'tasks');

  // The dashboard agrees with the list: report (high, to do), oat milk (high, to do, overdue),
  // plumber (low, done).
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('metric-total')).toHaveText('3');
  await expect(page.getByTestId('metric-overdue')).toHaveText('1');
  await expect(page.getByTestId('metric-due-today')).toHaveText('0');
  await expect(page.getByTestId('metric-done-in-7-days')).toHaveText('1');
  await expect(page.getByRole('img', { name: /By status/ })).toHaveAttribute(
    'aria-label',
    'By status: To do 2, In progress 0, Done 1',
  );
  await expect(page.getByRole('img', { name: /By priority/ })).toHaveAttribute(
    'aria-label',
    'By priority: High 2, Medium 0, Low 1',
  );
  // The day charts, in the browser's time zone and locale: the plumber was done today, and
  // nothing open is due in the next 7 days (the oat milk was due yesterday).
  const day = (offset: number, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', ...options }).format(
      Date.now() + offset * 86_400_000,
    );
  const completed = page.getByRole('region', { name: 'Completed, last 30 days' });
  await expect(completed.getByRole('heading', { name: 'Completed, last 30 days' })).toBeVisible();
  const completedRows = completed.getByRole('table').getByRole('row');
  await expect(completedRows).toHaveCount(31);
  await expect(completedRows.last().getByRole('rowheader')).toHaveText(
    day(0, { dateStyle: 'full' }),
  );
  await expect(completedRows.last().getByRole('cell')).toHaveText('1');
  await expect(completed.getByText('1 task, at most 1 a day')).toBeVisible();
  const due = page.getByRole('region', { name: 'Due in the next 7 days' });
  const dueRows = due.getByRole('table').getByRole('row');
  await expect(dueRows).toHaveCount(8);
  await expect(dueRows.nth(1).getByRole('rowheader')).toHaveText(day(0, { dateStyle: 'full' }));
  await expect(due.getByRole('table').getByRole('cell')).toHaveText(Array(7).fill('0'));
  await expect(due.locator('.day-axis span')).toHaveText(
    [0, 1, 2, 3, 4, 5, 6].map((offset) => day(offset, { weekday: 'short' })),
  );
  await checkScreen(page, 'dashboard');

  // `n` from any screen leads to the quick-add box.
  await page.locator('body').press('n');
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByLabel('New task')).toBeFocused();
  await page.getByRole('link', { name: 'Dashboard' }).click();

  // A reload starts with no access token in memory: the refresh cookie restores the session.
  await page.reload();
  await expect(page).toHaveURL(`${base}/dashboard`);
  await expect(page.getByTestId('metric-total')).toHaveText('3');

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Ada King');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('banner')).toContainText('Ada King');
  await checkScreen(page, 'settings');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto(`${base}/no-such-page`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fno-such-page/);
});
