import { expect, test, type Page } from '@playwright/test';
import { addTask, checkScreen, rows, signUp } from './support';

const projectNav = (page: Page) => page.getByRole('navigation', { name: 'Projects' });

const titles = (page: Page) => rows(page).locator('.task-title');

test('projects: create, add to one with @, scope the list, rename, delete moving tasks to the Inbox, and the drawer on a phone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page);
  await expect(projectNav(page).getByRole('link', { name: 'Inbox' })).toBeVisible();

  await projectNav(page).getByRole('button', { name: 'New project' }).click();
  const create = page.getByRole('dialog', { name: 'New project' });
  await create.getByLabel('New project name').fill('Home renovation');
  await create.getByLabel('Colour').selectOption('blue');
  await create.getByRole('button', { name: 'Add project' }).click();
  await expect(create).toBeHidden();
  await expect(projectNav(page).getByRole('link', { name: 'Home renovation' })).toBeVisible();

  await page.getByLabel('New task').fill('Paint the hall @home');
  await expect(page.getByRole('list', { name: 'The task will get' })).toHaveText(
    'In Home renovation',
  );
  await page.getByLabel('New task').press('Enter');
  await addTask(page, 'Buy milk');
  await expect(rows(page)).toHaveCount(2);

  await projectNav(page).getByRole('link', { name: 'Home renovation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home renovation');
  await expect(titles(page)).toHaveText(['Paint the hall']);
  await projectNav(page).getByRole('link', { name: 'Inbox' }).click();
  await expect(titles(page)).toHaveText(['Buy milk']);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home renovation');
  await page.reload();
  await expect(titles(page)).toHaveText(['Paint the hall']);
  await checkScreen(page, 'projects-scoped-list');
  // The dashboard, reached from the header, counts the same project.
  const main = page.getByRole('navigation', { name: 'Main' });
  await main.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('metric-total')).toHaveText('1');
  await projectNav(page).getByRole('link', { name: 'All projects' }).click();
  await expect(page.getByTestId('metric-total')).toHaveText('2');
  await projectNav(page).getByRole('link', { name: 'Home renovation' }).click();
  await main.getByRole('link', { name: 'Tasks' }).click();
  await expect(titles(page)).toHaveText(['Paint the hall']);

  await projectNav(page).getByRole('button', { name: 'Manage projects' }).click();
  const manage = page.getByRole('dialog', { name: 'Projects' });
  await manage.getByRole('button', { name: 'Edit Home renovation' }).click();
  const name = manage.getByLabel('Name', { exact: true });
  // A name the account has already, compared without case: the api's message, the text kept.
  await name.fill('inbox');
  await manage.getByRole('button', { name: 'Save' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveValue('inbox');
  await name.fill('Flat');
  await manage.getByRole('button', { name: 'Save' }).click();
  await expect(projectNav(page).getByRole('link', { name: 'Flat' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flat');
  await checkScreen(page, 'projects-manage-dialog');

  await manage.getByRole('button', { name: 'Delete Flat' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete “Flat”' });
  await remove.getByRole('button', { name: 'Delete project' }).click();
  await expect(remove.getByText('Choose what happens to its tasks.')).toBeVisible();
  await remove.getByRole('radio', { name: 'Move them to Inbox' }).check();
  await remove.getByRole('button', { name: 'Delete project' }).click();
  await expect(remove).toBeHidden();
  await page
    .getByRole('dialog', { name: 'Projects' })
    .getByRole('button', { name: 'Close' })
    .click();
  await expect(projectNav(page).getByRole('link', { name: 'Flat' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  await expect(titles(page)).toHaveText(['Buy milk', 'Paint the hall']);

  // A phone: the side bar gives way to a drawer behind a header button.
  await page.setViewportSize({ width: 360, height: 740 });
  await projectNav(page).getByRole('link', { name: 'All projects' }).waitFor({ state: 'hidden' });
  const opener = page.getByRole('button', { name: 'Projects', exact: true });
  await opener.click();
  const drawer = page.getByRole('dialog', { name: 'Projects' });
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();
  await opener.click();
  await checkScreen(page, 'projects-drawer');
  await drawer.getByRole('link', { name: 'All projects' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tasks');
  await opener.click();
  await drawer.getByRole('link', { name: 'Inbox' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
