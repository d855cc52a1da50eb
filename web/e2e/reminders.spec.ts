import { expect, test, type Page } from '@playwright/test';
import { addTask, checkScreen, rows, signUp } from './support';

/** A notification the page asked the browser for, as the init script below records it. */
type Shown = { title: string; body?: string; tag?: string };

const shownNotifications = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownNotifications: Shown[] }).shownNotifications);

test('reminders: one set a few seconds ahead comes due in the page and as a browser notification', async ({
  context,
  page,
}) => {
  await context.grantPermissions(['notifications']);
  // Headless Chromium shows nothing, so the page's notifications are recorded as they are made.
  await page.addInitScript(() => {
    const Browser = window.Notification;
    const shown: Shown[] = [];
    Object.assign(window, {
      shownNotifications: shown,
      Notification: class extends Browser {
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body, tag: options?.tag });
          super(title, options);
        }
      },
    });
  });
  await signUp(page);

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'Notifications:' })).toHaveText(
    'Notifications: Allowed',
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();

  await addTask(page, 'Call the dentist');
  const row = rows(page).filter({ hasText: 'Call the dentist' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Edit “Call the dentist”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  // Five seconds from now as a datetime-local value in the page's time zone (the config's
  // Europe/Berlin), with seconds only when there are some, as the browser writes it.
  const soon = await page.evaluate(() => {
    const at = new Date(Date.now() + 5000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const seconds = at.getSeconds() === 0 ? '' : `:${pad(at.getSeconds())}`;
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}${seconds}`;
  });
  await dialog.getByLabel('Remind me').fill(soon);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('img', { name: /^Reminder at / })).toBeVisible();

  const notice = page.getByRole('status').getByText('Reminder: Call the dentist', { exact: true });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(row.getByRole('img', { name: /^Reminded at / })).toBeVisible();
  await expect
    .poll(() => shownNotifications(page))
    .toEqual([
      {
        title: 'Reminder',
        body: 'Call the dentist',
        tag: expect.stringMatching(/^judix-reminder-[0-9a-f]{24}$/),
      },
    ]);
  await checkScreen(page, 'tasks-reminder-due');
  await page.getByRole('button', { name: 'Dismiss “Reminder: Call the dentist”' }).click();
  await expect(notice).toBeHidden();

  await row.getByRole('button', { name: 'Edit “Call the dentist”' }).click();
  await expect(dialog.getByText(/^Reminded /)).toBeVisible();
  await expect(dialog.getByLabel('Remind me')).toHaveValue(soon);
  await checkScreen(page, 'edit-task-reminded');
});
