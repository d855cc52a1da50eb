import { expect, test } from '@playwright/test';
import { expectAccessible, onTwoDevices } from './support';

const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('signing one device out from Settings ends that session only, on its next request', async ({
  browser,
}) => {
  await onTwoDevices(
    browser,
    async ({ laptopPage, phonePage, base }) => {
      await laptopPage.getByRole('link', { name: 'Settings' }).click();
      const sessions = laptopPage.getByRole('region', { name: 'Sessions' });
      await expect(sessions.getByRole('listitem')).toHaveCount(2);
      await expect(sessions.getByRole('listitem').first()).toContainText('This device');
      await expectAccessible(laptopPage, 'settings with sessions');
      await sessions.getByRole('button', { name: 'Sign out Safari on iPhone' }).click();
      await expect(sessions.getByRole('listitem')).toHaveCount(1);
      await expect(sessions.getByRole('listitem')).toContainText('This device');

      // The phone's access token is refused at once and its refresh too: it lands on sign-in.
      await phonePage.getByRole('link', { name: 'Dashboard' }).click();
      await expect(phonePage).toHaveURL(/\/sign-in\?next=%2Fdashboard/);

      // The laptop goes on as before.
      await laptopPage.getByRole('link', { name: 'Dashboard' }).click();
      await expect(laptopPage).toHaveURL(`${base}/dashboard`);
      await laptopPage.reload();
      await expect(laptopPage).toHaveURL(`${base}/dashboard`);
    },
    { userAgent: PHONE },
  );
});
