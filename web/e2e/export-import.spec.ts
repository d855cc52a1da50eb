import { expect, test, type Page } from '@playwright/test';
import { addTask, checkScreen, rows, signUp } from './support';

/** Adds a task and waits until the server has it, so that the export that follows includes it. */
async function addSavedTask(page: Page, line: string) {
  const saved = page.waitForResponse(
    (response) =>
      response.request().method() === 'POST' &&
      new URL(response.url()).pathname === '/api/v1/tasks' &&
      response.ok(),
  );
  await addTask(page, line);
  await saved;
}

test('export and import: the CSV one person downloads from Settings gives another the same tasks', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const pageA = await first.newPage();
    await signUp(pageA);
    await addSavedTask(pageA, 'Buy milk #shopping #home');
    await addSavedTask(pageA, 'Call the plumber');
    await addSavedTask(pageA, 'File the taxes');
    const completed = pageA.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.ok(),
    );
    await pageA.getByRole('checkbox', { name: 'Complete “File the taxes”' }).click();
    await completed;
    await expect(rows(pageA)).toHaveCount(2);

    await pageA.getByRole('link', { name: 'Settings' }).click();
    const sectionA = pageA.getByRole('region', { name: 'Your tasks: export and import' });
    const downloading = pageA.waitForEvent('download');
    await sectionA.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^judix-tasks-\d{4}-\d{2}-\d{2}\.csv$/);
    await expect(sectionA.getByText(`Saved ${download.suggestedFilename()}.`)).toBeVisible();
    const file = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(file);

    const pageB = await second.newPage();
    await signUp(pageB);
    await pageB.getByRole('link', { name: 'Settings' }).click();
    const sectionB = pageB.getByRole('region', { name: 'Your tasks: export and import' });
    await sectionB.getByLabel('File to import').setInputFiles(file);
    await expect(sectionB.getByText('Judix CSV file: 3 tasks to import.')).toBeVisible();
    const preview = sectionB.getByRole('list', { name: 'Tasks to import' });
    await expect(preview.getByRole('listitem')).toHaveCount(3);
    await expect(preview.getByRole('listitem').filter({ hasText: 'Buy milk' })).toContainText(
      '#shopping',
    );
    await checkScreen(pageB, 'settings-import-preview');

    await sectionB.getByLabel('Import nothing if any row is invalid').check();
    await sectionB.getByRole('button', { name: 'Import 3 tasks' }).click();
    await expect(sectionB.getByText('Imported 3 tasks.')).toBeVisible();
    await expect(sectionB.getByRole('button', { name: 'Import 3 tasks' })).toBeHidden();

    // The done task stays done: the list shows it only with "Show done".
    await pageB.getByRole('link', { name: 'Tasks', exact: true }).click();
    await expect(rows(pageB)).toHaveCount(2);
    const milk = rows(pageB).filter({ hasText: 'Buy milk' });
    await expect(milk.getByRole('button', { name: 'Show tasks tagged #shopping' })).toBeVisible();
    await expect(milk.getByRole('button', { name: 'Show tasks tagged #home' })).toBeVisible();
    await expect(rows(pageB).filter({ hasText: 'Call the plumber' })).toHaveCount(1);
    await pageB.getByRole('button', { name: 'Show done', exact: true }).click();
    await expect(rows(pageB)).toHaveCount(3);
    await expect(pageB.getByRole('checkbox', { name: 'Complete “File the taxes”' })).toBeChecked();
  } finally {
    await first.close();
    await second.close();
  }
});
