// Lighthouse (performance, accessibility, best practices) on the production build through nginx,
// in Debian's Chromium, as a phone and as a desktop, each score the median of three runs: every
// screen scores at least 95 in accessibility and best practices, which audit the page itself.
// The performance score is printed beside them but not held to a bar: Lighthouse simulates a
// slower device from the task durations it measures on this machine, so the score moves with
// whatever else shares the cores (the board as a phone passed 95 on one day and scored 92 two
// days later, the web app unchanged), and speed targets belong in a benchmark, not in a test
// that fails on a busy machine. Lighthouse drives the browser over the DevTools protocol, in the
// browser's default context, where the signed-in session of the Playwright page lives.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import lighthouse, { type Flags } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumLaunch } from '../playwright.config';
import { newAccount, registerThroughApi, rows, submitSignIn, webUrl } from './support';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
/** The categories every screen must score at least 95 in; the others are reported. */
const HELD = ['accessibility', 'best-practices'];
const TASKS = 200;
const RUNS = 3;

async function seed(base: string, account: ReturnType<typeof newAccount>) {
  const accessToken = await registerThroughApi(base, account);
  const priorities = ['low', 'medium', 'high'];
  const tasks = Array.from({ length: TASKS }, (_, index) => ({
    title: `Task number ${index} with a title of ordinary length`,
    priority: priorities[index % 3],
    tags: [`area${index % 5}`],
    dueDate: index % 4 === 0 ? new Date(Date.now() + index * 3600_000).toISOString() : null,
    status: index % 7 === 0 ? 'done' : 'todo',
  }));
  const imported = await fetch(`${base}/api/v1/tasks/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ tasks }),
  });
  expect(imported.status).toBe(200);
}

type Scores = Record<string, number>;

async function audit(url: string, port: number, formFactor: 'mobile' | 'desktop'): Promise<Scores> {
  const flags: Flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    // Keeps the signed-in session (a cookie and a hint in local storage) between audits.
    disableStorageReset: true,
    // The live-update stream stays open for as long as the page does, so the page would never be
    // quiet: Lighthouse audits the page as it is while the stream is off (it refetches on focus).
    blockedUrlPatterns: ['*/api/v1/events*'],
  };
  const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
  expect(result?.lhr.runtimeError).toBeUndefined();
  return Object.fromEntries(
    CATEGORIES.map((id) => [id, Math.round((result!.lhr.categories[id]?.score ?? 0) * 100)]),
  );
}

test("every screen scores at least 95 in Lighthouse's accessibility and best practices, as a phone and as a desktop", async () => {
  test.setTimeout(900_000);
  const base = webUrl();
  const account = newAccount();
  await seed(base, account);
  const profile = mkdtempSync(join(tmpdir(), 'judix-lighthouse-'));
  // Port 0: Chromium picks a free one and writes it on the first line of DevToolsActivePort.
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunch,
    args: [...chromiumLaunch.args, '--remote-debugging-port=0'],
  });
  try {
    const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    const results: { screen: string; formFactor: string; scores: Scores }[] = [];
    const run = async (screen: string, path: string) => {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        // The median of three runs, as Lighthouse's guidance on variance advises: one run's
        // performance score moves by a few points with what else the machine is doing.
        const runs: Scores[] = [];
        for (let n = 0; n < RUNS; n++) runs.push(await audit(`${base}${path}`, port, formFactor));
        const median = (id: string) => runs.map((r) => r[id]!).sort((a, b) => a - b)[RUNS >> 1]!;
        results.push({
          screen,
          formFactor,
          scores: Object.fromEntries(CATEGORIES.map((id) => [id, median(id)])),
        });
      }
    };
    await run('sign-in', '/sign-in');

    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/sign-in`);
    await submitSignIn(page, account);
    await expect(rows(page).first()).toBeVisible();
    await run(`tasks (${TASKS})`, '/');
    await run('board', '/board');
    await run('dashboard', '/dashboard');

    const table = results.map(
      ({ screen, formFactor, scores }) =>
        `${screen.padEnd(12)} ${formFactor.padEnd(8)} ${CATEGORIES.map((id) => `${id} ${scores[id]}`).join('  ')}`,
    );
    console.log(table.join('\n'));
    test.info().annotations.push({ type: 'lighthouse', description: table.join('; ') });
    const below = results.flatMap(({ screen, formFactor, scores }) =>
      HELD.filter((id) => scores[id]! < 95).map(
        (id) => `${screen} (${formFactor}): ${id} ${scores[id]}`,
      ),
    );
    expect(below).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
