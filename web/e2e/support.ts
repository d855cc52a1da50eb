import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

const screenshots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(screenshots, { recursive: true });

export function webUrl(): string {
  const url = process.env.JUDIX_WEB_URL;
  if (!url) throw new Error('JUDIX_WEB_URL is not set: the global setup did not start the stack');
  return url;
}

let accounts = 0;

export function newAccount() {
  accounts += 1;
  return {
    name: 'Ada Lovelace',
    email: `ada.${Date.now()}.${accounts}@example.com`,
    password: 'analytical engine 1843',
  };
}

/**
 * Creates the account through the api and answers its access token. A 503 (the request's budget
 * ran out on a busy machine) is retried after its Retry-After; when the account was written
 * before the budget ran out, the retry's 409 is followed by a sign-in.
 */
export async function registerThroughApi(
  base: string,
  account: { name: string; email: string; password: string },
): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${base}/api/v1/auth/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify(body),
    });
  let response = await post('register', account);
  let signedIn = false;
  for (let retries = 0; response.status === 503 && retries < 5; retries++) {
    const seconds = Number(response.headers.get('Retry-After') ?? 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await post('register', account);
    if (response.status === 409) {
      response = await post('login', { email: account.email, password: account.password });
      signedIn = true;
    }
  }
  expect(response.status).toBe(signedIn ? 200 : 201);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Fills in and sends the sign-in form the page shows; the caller waits for where it leads. */
export async function submitSignIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Creates an account through the sign-up screen and waits for the task list. */
export async function signUp(page: Page, base = webUrl()) {
  const account = newAccount();
  await page.goto(`${base}/sign-up`);
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
  return account;
}

export async function addTask(page: Page, line: string) {
  const input = page.getByLabel('New task');
  await input.fill(line);
  await input.press('Enter');
}

export const rows = (page: Page) => page.getByRole('list', { name: 'Tasks' }).getByRole('listitem');

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
}

/** Fails on any serious or critical WCAG 2.1 A/AA finding on what is on screen now. */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const findings = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      rule: violation.id,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  expect(findings).toEqual([]);
}

/** Screenshot and accessibility scan, the two things every screen gets. */
export async function checkScreen(page: Page, name: string) {
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** A local datetime-local value `days` from today at the given hour. */
export function localDateTime(days: number, hour = 10): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(hour)}:00`;
}

/**
 * One person on two devices (two cookie jars, so two sessions): a laptop that signed up and a
 * phone that signed in. `run` gets both pages; both contexts close afterwards.
 */
export async function onTwoDevices(
  browser: Browser,
  run: (devices: {
    laptopPage: Page;
    phonePage: Page;
    account: { email: string; password: string };
    base: string;
  }) => Promise<void>,
  phoneOptions: BrowserContextOptions = {},
) {
  const base = webUrl();
  const laptop = await browser.newContext();
  const phone = await browser.newContext(phoneOptions);
  try {
    const laptopPage = await laptop.newPage();
    const account = await signUp(laptopPage);
    const phonePage = await phone.newPage();
    await phonePage.goto(`${base}/`);
    await submitSignIn(phonePage, account);
    await expect(phonePage.getByRole('heading', { name: 'No open tasks' })).toBeVisible();
    await run({ laptopPage, phonePage, account, base });
  } finally {
    await laptop.close();
    await phone.close();
  }
}
