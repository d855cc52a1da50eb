import { expect, test } from '@playwright/test';
import { addTask, onTwoDevices, rows, submitSignIn } from './support';

test('signing out everywhere ends the session on another device, which returns to sign-in', async ({
  browser,
}) => {
  await onTwoDevices(browser, async ({ laptopPage, phonePage, account, base }) => {
    await laptopPage.getByRole('link', { name: 'Settings' }).click();
    await laptopPage.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(laptopPage).toHaveURL(/\/sign-in/);

    // The phone's next call is refused, its refresh too: it lands on sign-in, with a way back.
    await phonePage.getByRole('link', { name: 'Dashboard' }).click();
    await expect(phonePage).toHaveURL(/\/sign-in\?next=%2Fdashboard/);
    await submitSignIn(phonePage, account);
    await expect(phonePage).toHaveURL(`${base}/dashboard`);
    await phonePage.getByRole('link', { name: 'Tasks' }).click();
    await addTask(phonePage, 'Still works after signing in again');
    await expect(rows(phonePage)).toHaveCount(1);
  });
});
