import { expect, test } from '@playwright/test';
import { addTask, rows, signUp, submitSignIn, webUrl } from './support';

test('signing out everywhere ends the session on another device, which returns to sign-in', async ({
  browser,
}) => {
  const base = webUrl();
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  try {
    const laptopPage = await laptop.newPage();
    const account = await signUp(laptopPage);

    const phonePage = await phone.newPage();
    await phonePage.goto(`${base}/`);
    await submitSignIn(phonePage, account);
    await expect(phonePage.getByRole('heading', { name: 'No open tasks' })).toBeVisible();

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
  } finally {
    await laptop.close();
    await phone.close();
  }
});
