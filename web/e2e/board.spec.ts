import { expect, test, type Locator, type Page } from '@playwright/test';
import { startStack, type Stack } from './stack';
import {
  addTask,
  expectAccessible,
  newAccount,
  onTwoDevices,
  registerThroughApi,
  rows,
  screenshot,
  submitSignIn,
  webUrl,
} from './support';

// The board: cards dragged with the mouse and moved with the keyboard keep their order across a
// reload (and in the api), a column of 1,500 cards keeps the page small, and the board passes axe.

interface Api {
  base: string;
  account: ReturnType<typeof newAccount>;
  accessToken: string;
  call: <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;
}

async function register(base = webUrl()): Promise<Api> {
  const account = newAccount();
  const accessToken = await registerThroughApi(base, account);
  const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };
  return { base, account, accessToken, call };
}

/** A project with the given cards in To do, created through the api in this order. */
async function projectWith(api: Api, name: string, titles: string[]) {
  const project = await api.call<{ id: string }>('/projects', { method: 'POST', body: { name } });
  for (const title of titles) {
    await api.call('/tasks', { method: 'POST', body: { title, projectId: project.id } });
  }
  return project.id;
}

/** The titles of one column as the api orders it. */
async function apiColumn(api: Api, project: string, status: string) {
  const page = await api.call<{ data: { title: string }[] }>(
    `/tasks?project=${project}&status=${status}&sort=rank&limit=100`,
  );
  return page.data.map((task) => task.title);
}

async function signIn(page: Page, api: Api, path: string) {
  await page.goto(`${api.base}/sign-in`);
  await submitSignIn(page, api.account);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`${api.base}${path}`);
}

const column = (page: Page, name: string) => page.getByRole('list', { name, exact: true });
const card = (page: Page, title: string) => page.getByRole('group', { name: title, exact: true });
const titles = (list: Locator) => list.locator('.board-card-title').allTextContents();

/** Drags with the mouse in small steps, as a hand would, and lets go. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }) {
  const box = (await from.boundingBox())!;
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await expect(page.locator('.board-drop')).toBeVisible();
  await page.mouse.up();
}

test('cards dragged with the mouse keep their places after a reload, in the api too', async ({
  page,
}) => {
  const api = await register();
  const project = await projectWith(api, 'Launch', ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  await signIn(page, api, '/');
  await page
    .getByRole('navigation', { name: 'Projects' })
    .getByRole('link', { name: 'Launch' })
    .click();
  await page.getByRole('navigation', { name: 'View' }).getByRole('link', { name: 'Board' }).click();
  await expect(page).toHaveURL(new RegExp(`/board\\?project=${project}$`));
  await expect(page.getByRole('heading', { name: 'Launch', level: 1 })).toBeVisible();
  const todo = column(page, 'To do');
  await expect.poll(() => titles(todo)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
  await expect(page.getByRole('heading', { name: /^To do/ })).toContainText('4');

  // Delta onto the upper half of Bravo: between Alpha and Bravo.
  const bravo = (await card(page, 'Bravo').boundingBox())!;
  await drag(page, card(page, 'Delta'), { x: bravo.x + bravo.width / 2, y: bravo.y + 8 });
  await expect.poll(() => titles(todo)).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);

  // Charlie into the empty In progress column.
  const inProgress = (await column(page, 'In progress').boundingBox())!;
  await drag(page, card(page, 'Charlie'), { x: inProgress.x + 40, y: inProgress.y + 20 });
  await expect.poll(() => titles(column(page, 'In progress'))).toEqual(['Charlie']);
  await expect.poll(() => titles(todo)).toEqual(['Alpha', 'Delta', 'Bravo']);
  await expect.poll(() => apiColumn(api, project, 'in_progress')).toEqual(['Charlie']);

  // Alpha below Bravo, the last card: it follows Bravo.
  const bravoNow = (await card(page, 'Bravo').boundingBox())!;
  await drag(page, card(page, 'Alpha'), {
    x: bravoNow.x + bravoNow.width / 2,
    y: bravoNow.y + bravoNow.height - 6,
  });
  await expect.poll(() => titles(todo)).toEqual(['Delta', 'Bravo', 'Alpha']);
  await expect.poll(() => apiColumn(api, project, 'todo')).toEqual(['Delta', 'Bravo', 'Alpha']);

  await page.reload();
  await expect.poll(() => titles(column(page, 'To do'))).toEqual(['Delta', 'Bravo', 'Alpha']);
  await expect.poll(() => titles(column(page, 'In progress'))).toEqual(['Charlie']);
  const task = await api.call<{ data: { status: string }[] }>(
    `/tasks?project=${project}&status=in_progress`,
  );
  expect(task.data.map((item) => item.status)).toEqual(['in_progress']);
});

test('a card moved with the keyboard is announced, can be put back, and lands where it was dropped', async ({
  page,
}) => {
  const api = await register();
  const project = await projectWith(api, 'Keys', ['One', 'Two', 'Three']);
  await signIn(page, api, `/board?project=${project}`);
  const todo = column(page, 'To do');
  await expect.poll(() => titles(todo)).toEqual(['One', 'Two', 'Three']);
  const live = page.locator('[aria-live="assertive"]');

  const one = card(page, 'One');
  await one.focus();
  await expect(one).toHaveAttribute('aria-describedby', 'board-instructions');
  await page.keyboard.press('Space');
  await expect(live).toContainText('Picked up One. Position 1 of 3 in To do.');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('One: Position 2 of 3 in To do.');
  await page.keyboard.press('Escape');
  await expect(live).toContainText('Move cancelled.');
  expect(await titles(todo)).toEqual(['One', 'Two', 'Three']);

  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('One: Position 3 of 3 in To do.');
  await page.keyboard.press('Enter');
  await expect(live).toHaveText('Dropped One. Position 3 of 3 in To do.');
  await expect.poll(() => titles(todo)).toEqual(['Two', 'Three', 'One']);
  await expect(one).toBeFocused();

  // Still focused where it landed: on to Done, two columns to the right.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(live).toHaveText('One: Position 1 of 1 in In progress.');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(live).toHaveText('Dropped One. Position 1 of 1 in Done.');
  await expect.poll(() => titles(column(page, 'Done'))).toEqual(['One']);
  await expect(one).toBeFocused();
  await expect.poll(() => apiColumn(api, project, 'done')).toEqual(['One']);

  // The menu does the same for touch and screen readers.
  await card(page, 'Three').getByRole('button', { name: 'Actions for “Three”' }).click();
  await page.getByRole('menuitem', { name: 'Move to In progress' }).click();
  await expect.poll(() => titles(column(page, 'In progress'))).toEqual(['Three']);
  await expect.poll(() => apiColumn(api, project, 'in_progress')).toEqual(['Three']);
});

// Its own stack: 1,500 more tasks in the shared database would slow every spec after this one
// (FerretDB scans where MongoDB would use an index).
test.describe('a large column', () => {
  let large: Stack;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    large = await startStack();
  });
  test.afterAll(async () => {
    await large?.close();
  });

  test('a column of 1,500 cards keeps only the cards in view in the page', async ({ page }) => {
    const api = await register(large.webUrl);
    const tasks = Array.from({ length: 1500 }, (_, index) => ({ title: `Card ${index + 1}` }));
    const report = await api.call<{ imported: number }>('/tasks/import', {
      method: 'POST',
      body: { tasks },
    });
    expect(report.imported).toBe(1500);
    // No project chosen: the board is the Inbox's.
    await signIn(page, api, '/board');
    const todo = column(page, 'To do');
    await expect(todo.locator('.board-card-title').first()).toHaveText('Card 1');
    await expect(page.getByRole('heading', { name: /^To do/ })).toContainText('100+');
    const cards = page.locator('.board-card');
    expect(await cards.count()).toBeLessThan(60);

    // A card held near the column's bottom edge scrolls it; Escape then drops nothing.
    const scroller = page.locator('[data-board-column="todo"] .board-scroll');
    const edge = (await scroller.boundingBox())!;
    const bottom = Math.min(edge.y + edge.height, page.viewportSize()!.height);
    const first = (await card(page, 'Card 1').boundingBox())!;
    await page.mouse.move(first.x + 20, first.y + first.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + 40, bottom - 8, { steps: 10 });
    await expect.poll(() => scroller.evaluate((box) => box.scrollTop)).toBeGreaterThan(300);
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await expect(page.locator('.board-drop')).toHaveCount(0);
    await scroller.evaluate((box) => box.scrollTo(0, 0));
    await expect(todo.locator('.board-card-title').first()).toHaveText('Card 1');

    // Scrolling the column down loads more pages, and the page still holds a window of them.
    for (let step = 0; step < 6; step++) {
      await scroller.evaluate((box) => box.scrollBy(0, box.scrollHeight));
      await page.waitForTimeout(300);
    }
    await expect(page.getByRole('heading', { name: /^To do/ })).not.toContainText('100+');
    expect(await cards.count()).toBeLessThan(60);
    await expect(todo.locator('.board-card-title').last()).toHaveText(/^Card \d+$/);
  });
});

test('the board passes axe in light and dark, at 360 px and 1280 px, without sideways scrolling', async ({
  page,
}) => {
  const api = await register();
  const project = await projectWith(api, 'Looks', ['Write the brief', 'Review it', 'Ship it']);
  const [, review, ship] = (
    await api.call<{ data: { id: string; title: string; version: number }[] }>(
      `/tasks?project=${project}&sort=rank&status=todo`,
    )
  ).data;
  await api.call(`/tasks/${review!.id}/move`, {
    method: 'POST',
    body: { status: 'in_progress', before: null },
  });
  await api.call(`/tasks/${ship!.id}/move`, {
    method: 'POST',
    body: { status: 'done', before: null },
  });
  await signIn(page, api, `/board?project=${project}`);
  await expect.poll(() => titles(column(page, 'Done'))).toEqual(['Ship it']);

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [360, 1280]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 800 });
      await expect(card(page, 'Write the brief')).toBeVisible();
      const name = `board-${colorScheme}-${width}`;
      await screenshot(page, name);
      await expectAccessible(page, name);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  }

  // A held card and its drop indicator pass too.
  await card(page, 'Write the brief').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.board-drop')).toBeVisible();
  await expectAccessible(page, 'board-holding');
  await page.keyboard.press('Escape');
});

test('a card moved on one device moves on the other without a reload', async ({ browser }) => {
  await onTwoDevices(browser, async ({ laptopPage, phonePage }) => {
    for (const title of ['First', 'Second', 'Third']) await addTask(laptopPage, title);
    await expect(rows(laptopPage)).toHaveCount(3);
    for (const page of [laptopPage, phonePage]) {
      await page
        .getByRole('navigation', { name: 'View' })
        .getByRole('link', { name: 'Board' })
        .click();
      await expect.poll(() => titles(column(page, 'To do'))).toEqual(['First', 'Second', 'Third']);
      await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    }

    await card(laptopPage, 'Second').focus();
    for (const key of ['Space', 'ArrowRight', 'Space']) await laptopPage.keyboard.press(key);
    await expect.poll(() => titles(column(phonePage, 'In progress'))).toEqual(['Second']);
    await expect.poll(() => titles(column(phonePage, 'To do'))).toEqual(['First', 'Third']);

    await card(phonePage, 'First').focus();
    for (const key of ['Space', 'ArrowDown', 'Space']) await phonePage.keyboard.press(key);
    await expect.poll(() => titles(column(laptopPage, 'To do'))).toEqual(['Third', 'First']);
    for (const page of [laptopPage, phonePage]) {
      expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    }
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

  test('a finger that rests on a card drags it; one that swipes picks nothing up', async ({
    page,
  }) => {
    const api = await register();
    const project = await projectWith(api, 'Pocket', ['One', 'Two', 'Three']);
    await signIn(page, api, `/board?project=${project}`);
    const todo = column(page, 'To do');
    await expect.poll(() => titles(todo)).toEqual(['One', 'Two', 'Three']);
    const touch = await page.context().newCDPSession(page);
    const at = async (title: string, dy = 0) => {
      const box = (await card(page, title).boundingBox())!;
      return { x: box.x + box.width / 3, y: box.y + box.height / 2 + dy };
    };
    const send = (
      type: 'touchStart' | 'touchMove' | 'touchEnd',
      points: { x: number; y: number }[],
    ) => touch.send('Input.dispatchTouchEvent', { type, touchPoints: points });

    // A quick swipe over the cards moves none of them.
    const start = await at('Two');
    await send('touchStart', [start]);
    for (let step = 1; step <= 5; step++) {
      await send('touchMove', [{ x: start.x, y: start.y - step * 12 }]);
    }
    await send('touchEnd', []);
    await expect(page.locator('.board-drop')).toHaveCount(0);

    // Held for a moment, then dragged above One.
    const from = await at('Three');
    const to = await at('One', -20);
    await send('touchStart', [from]);
    await page.waitForTimeout(400);
    for (let step = 1; step <= 10; step++) {
      await send('touchMove', [{ x: from.x, y: from.y + ((to.y - from.y) * step) / 10 }]);
    }
    await expect(page.locator('.board-drop')).toBeVisible();
    await send('touchEnd', []);
    await expect.poll(() => titles(todo)).toEqual(['Three', 'One', 'Two']);
    await expect.poll(() => apiColumn(api, project, 'todo')).toEqual(['Three', 'One', 'Two']);
  });
});

test('a card changed elsewhere is not moved to another column: the board says so and reloads it', async ({
  page,
}) => {
  const api = await register();
  const project = await projectWith(api, 'Stale', ['Old title', 'Other']);
  // No live stream, so this tab keeps the copy it read first.
  await page.route('**/api/v1/events', (route) => route.abort());
  await signIn(page, api, `/board?project=${project}`);
  await expect.poll(() => titles(column(page, 'To do'))).toEqual(['Old title', 'Other']);
  const [first] = (
    await api.call<{ data: { id: string }[] }>(`/tasks?project=${project}&sort=rank&status=todo`)
  ).data;
  const renamed = await fetch(`${api.base}/api/v1/tasks/${first!.id}`, {
    method: 'PATCH',
    headers: {
      'Content-Type': 'application/json',
      'If-Match': '"1"',
      Authorization: `Bearer ${api.accessToken}`,
    },
    body: JSON.stringify({ title: 'New title' }),
  });
  expect(renamed.status).toBe(200);

  await card(page, 'Old title').getByRole('button', { name: 'Actions for “Old title”' }).click();
  await page.getByRole('menuitem', { name: 'Move to Done' }).click();
  await expect(
    page.getByText('“Old title” was changed elsewhere, so it was not moved.', { exact: false }),
  ).toBeVisible();
  await expect.poll(() => titles(column(page, 'To do'))).toEqual(['New title', 'Other']);
  expect(await titles(column(page, 'Done'))).toEqual([]);
  expect(await apiColumn(api, project, 'done')).toEqual([]);
});
