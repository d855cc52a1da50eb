import { expect, test, type Page } from '@playwright/test';
import { addTask, expectAccessible, onTwoDevices, rows } from './support';

/** The header's indicator; its words are for screen readers, so it is found by text. */
const indicator = (page: Page, label: 'Live' | 'Reconnecting…') =>
  page.getByRole('banner').getByText(label, { exact: true });

/** Marks the page so that a reload, which would clear the mark, fails the test. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { notReloaded: true }));
const stillMarked = (page: Page) => page.evaluate(() => 'notReloaded' in window);

test('live updates: a task added or renamed on one device shows on the other without a reload', async ({
  browser,
}) => {
  await onTwoDevices(browser, async ({ laptopPage, phonePage }) => {
    for (const page of [laptopPage, phonePage]) {
      await expect(indicator(page, 'Live')).toBeAttached();
      await markPage(page);
    }
    await expectAccessible(phonePage, 'tasks with the live indicator');

    await addTask(laptopPage, 'Added on the laptop');
    await expect(rows(laptopPage)).toHaveCount(1);
    await expect(rows(phonePage)).toHaveCount(1);
    await expect(rows(phonePage).first()).toContainText('Added on the laptop');

    await phonePage.getByRole('button', { name: 'Edit “Added on the laptop”' }).click();
    const dialog = phonePage.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Title').fill('Renamed on the phone');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      laptopPage.getByRole('button', { name: 'Edit “Renamed on the phone”' }),
    ).toBeVisible();

    // The laptop now holds the phone's version, so its own edit is not refused as a conflict.
    await laptopPage.getByRole('button', { name: 'Edit “Renamed on the phone”' }).click();
    const laptopDialog = laptopPage.getByRole('dialog', { name: 'Edit task' });
    await laptopDialog.getByLabel('Title').fill('Renamed on the laptop');
    await laptopDialog.getByRole('button', { name: 'Save' }).click();
    await expect(laptopDialog).toBeHidden();
    await expect(
      laptopPage.getByRole('dialog', { name: 'This task was changed elsewhere' }),
    ).toHaveCount(0);
    await expect(
      phonePage.getByRole('button', { name: 'Edit “Renamed on the laptop”' }),
    ).toBeVisible();

    for (const page of [laptopPage, phonePage]) {
      expect(await stillMarked(page)).toBe(true);
      await expect(indicator(page, 'Live')).toBeAttached();
    }
  });
});
