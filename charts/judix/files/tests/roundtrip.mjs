// `helm test` round trip through the api Service: wait for /readyz, register a throw-away user,
// create a task, read it back, then delete the task and the user. Exits non-zero on any surprise.
/* global fetch, AbortSignal, console -- Node 20 globals */
import { randomBytes } from 'node:crypto';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { URL } from 'node:url';

const base = process.env.JUDIX_API_URL;
const readyTimeoutMs = Number(process.env.READY_TIMEOUT_SECONDS ?? '120') * 1000;
if (!base) throw new Error('JUDIX_API_URL is required');

async function call(method, path, { token, body, expect }) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== expect) {
    throw new Error(`${method} ${path}: expected ${expect}, got ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

async function waitUntilReady() {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    try {
      const response = await fetch(new URL('/readyz', base), {
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
    } catch {
      // Not reachable yet: keep polling until the deadline.
    }
    if (Date.now() > deadline) throw new Error(`${base}/readyz not ready in time`);
    await delay(2_000);
  }
}

await waitUntilReady();
const suffix = randomBytes(6).toString('hex');
const password = randomBytes(18).toString('base64url');
const registered = await call('POST', '/api/v1/auth/register', {
  body: { name: 'helm test', email: `helm-test-${suffix}@example.com`, password },
  expect: 201,
});
const token = registered.accessToken;
if (!token) throw new Error('register: no accessToken in the response');
const title = `helm test ${suffix}`;
const created = await call('POST', '/api/v1/tasks', { token, body: { title }, expect: 201 });
if (!created.id) throw new Error('create task: no id in the response');
const read = await call('GET', `/api/v1/tasks/${created.id}`, { token, expect: 200 });
if (read.title !== title) throw new Error(`read back: title ${read.title}, expected ${title}`);
await call('DELETE', `/api/v1/tasks/${created.id}`, { token, expect: 204 });
await call('DELETE', '/api/v1/users/me', { token, body: { password }, expect: 204 });
console.log('round trip passed: register, create, read back, delete');
