import { expect, test, type Page } from '@playwright/test';
import { startStack, type Stack } from './stack';
import { newAccount, registerThroughApi, rows, submitSignIn } from './support';

// Its own stack, so the local MongoDB-protocol server, which reads the whole collection for every
// page, holds only this test's 5,000 tasks whichever tests ran before.
let stack: Stack;
const COUNT = 5000;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});

/**
 * Seeds the tasks with one import (the api takes up to 10,000 in a request), oldest first, a
 * second apart, so the list's order is known: the newest, "Bulk task 4999", comes first.
 */
async function importTasks(base: string, accessToken: string) {
  const priorities = ['low', 'medium', 'high'];
  const start = Date.now() - COUNT * 1000;
  const tasks = Array.from({ length: COUNT }, (_, index) => ({
    title: `Bulk task ${index}`,
    priority: priorities[index % 3],
    tags: [`group${index % 9}`],
    createdAt: new Date(start + index * 1000).toISOString(),
  }));
  const response = await fetch(`${base}/api/v1/tasks/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ tasks }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ imported: COUNT, rejectedCount: 0 });
}

/** Counts the rows added to and removed from the list, and the changes made inside them. */
async function watchList(page: Page) {
  await page.evaluate(() => {
    const seen = { added: 0, removed: 0, changed: 0 };
    const list = document.querySelector('[role="list"][aria-label="Tasks"]')!;
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target === list) {
          seen.added += record.addedNodes.length;
          seen.removed += record.removedNodes.length;
        } else {
          seen.changed += 1;
        }
      }
    }).observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
    (window as unknown as { judixListChanges: typeof seen }).judixListChanges = seen;
  });
  return async () => {
    const seen = await page.evaluate(() => {
      const changes = (window as unknown as { judixListChanges: Record<string, number> })
        .judixListChanges;
      const copy = { ...changes };
      for (const key of Object.keys(changes)) changes[key] = 0;
      return copy;
    });
    return seen as { added: number; removed: number; changed: number };
  };
}

/** The number at the start of "4,900 tasks loaded", or 0 while the list is not there. */
async function loadedCount(page: Page): Promise<number> {
  const text = (await page.locator('.list-count').textContent()) ?? '';
  return Number(/^(\d+)/.exec(text)?.[1] ?? 0);
}

/**
 * Scrolls to the bottom until every page is in. Progress decides, not the clock: each page may
 * take as long as a busy machine needs (a minute counts as a hang), and the scroll is repeated
 * while waiting, so one that lands before the list has grown is not lost.
 */
async function scrollUntilAllLoaded(page: Page) {
  for (let loaded = await loadedCount(page); loaded < COUNT; loaded = await loadedCount(page)) {
    await expect(async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect(await loadedCount(page)).toBeGreaterThan(loaded);
    }).toPass({ timeout: 60_000, intervals: [250, 500, 1000] });
  }
}

test('with 5,000 tasks loaded, scrolling and typing stay smooth', async ({ page }) => {
  // Loading 50 pages from the local MongoDB-protocol server, which scans the collection for each
  // one, on a shared two-core machine: minutes, not seconds. Progress decides, not the clock.
  test.setTimeout(900_000);
  const base = stack.webUrl;
  const account = newAccount();
  const accessToken = await registerThroughApi(base, account);
  await importTasks(base, accessToken);

  await page.goto(`${base}/sign-in`);
  await submitSignIn(page, account);
  await expect(rows(page).first()).toContainText(`Bulk task ${COUNT - 1}`);

  // Infinite scroll: keep going to the bottom until every page is in.
  const count = page.locator('.list-count');
  await scrollUntilAllLoaded(page);
  await expect(count).toHaveText(`${COUNT} tasks`);
  // The last page may have landed below a scroll that was already done: go to the new bottom.
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(rows(page).last()).toContainText('Bulk task 0', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // The work the page does, counted rather than timed, so a busy machine cannot change the
  // verdict: a window of rows is in the page at every scroll step, and each step swaps only the
  // rows that scrolled in or out, never the whole list.
  const changes = await watchList(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(rows(page).first()).toContainText(`Bulk task ${COUNT - 1}`);
  await changes();
  await page.evaluate(() => {
    const durations: number[] = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    }).observe({ type: 'longtask' });
    (window as unknown as { judixLongTasks: number[] }).judixLongTasks = durations;
  });
  const rowHeight = (await rows(page).first().boundingBox())!.height;
  const perStep: { added: number; removed: number; changed: number }[] = [];
  for (let step = 0; step < 20; step++) {
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 1500);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before);
    await expect(rows(page).first()).toBeVisible();
    expect(await rows(page).count()).toBeLessThan(80);
    const { added, removed, changed } = await changes();
    perStep.push({ added, removed, changed });
  }
  // A 1,500 px step brings in at most the rows it scrolls past (and a partly visible one at each
  // end) and sends out as many; the rows that stay are not touched. Re-rendering the window
  // would swap all of its rows, and a list without keys would change the rows in place.
  const scrolledPast = Math.ceil(1500 / rowHeight) + 2;
  expect(Math.max(...perStep.map((step) => step.added))).toBeLessThanOrEqual(scrolledPast);
  expect(Math.max(...perStep.map((step) => step.removed))).toBeLessThanOrEqual(scrolledPast);
  expect(perStep.map((step) => step.changed)).toEqual(perStep.map(() => 0));

  // Typing in the quick-add box does not touch the list at all, and no keystroke is lost.
  const quickAdd = page.getByLabel('New task');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(rows(page).first()).toContainText(`Bulk task ${COUNT - 1}`);
  await quickAdd.focus();
  await changes();
  const line = 'Typing stays quick with a long list';
  const started = Date.now();
  await quickAdd.pressSequentially(line, { delay: 0 });
  const typingMs = Date.now() - started;
  await expect(quickAdd).toHaveValue(line);
  expect(await changes()).toEqual({ added: 0, removed: 0, changed: 0 });
  await quickAdd.press('Enter');
  await expect(count).toHaveText(`${COUNT + 1} tasks`);

  // The clock's view, for the record only: on a shared machine it measures the neighbours too.
  const longTaskMs = await page.evaluate(
    () => (window as unknown as { judixLongTasks: number[] }).judixLongTasks,
  );
  test.info().annotations.push({
    type: 'performance',
    description: `rows added and removed per scroll step: ${perStep.map((step) => `${step.added}/${step.removed}`).join(', ')}; typing ${line.length} characters: ${typingMs} ms; long tasks: ${longTaskMs.map(Math.round).join(', ') || 'none'}`,
  });
  console.log(test.info().annotations.at(-1)?.description);
});
