// The user's path through the public URL (Ingress or Gateway): register, create a task, find it in
// the list, delete it and see it gone, then delete the throw-away account. Each step is a result row.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Result } from './checks';

/** The fields of the api's answers the round trip reads. */
interface Body {
  accessToken?: string;
  id?: string;
  title?: string;
  data?: Array<{ id: string }>;
}

interface Step {
  method: string;
  path: string;
  expect: number;
  token?: string;
  body?: unknown;
}

async function call(base: string, step: Step): Promise<{ body: Body | undefined; detail: string }> {
  const started = Date.now();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (step.token) headers.authorization = `Bearer ${step.token}`;
  if (step.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(step.path, base), {
    method: step.method,
    headers,
    body: step.body === undefined ? undefined : JSON.stringify(step.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const detail = `${response.status} in ${Date.now() - started} ms`;
  if (response.status !== step.expect)
    throw new Error(`expected ${step.expect}, got ${detail}: ${text.slice(0, 200)}`);
  return { body: text ? (JSON.parse(text) as Body) : undefined, detail };
}

/** Waits until the URL routes to the api (its OpenAPI document answers 200). */
async function waitForRoute(base: string, deadline: number): Promise<void> {
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/api/v1/openapi.json', base), {
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      // fetch puts the network reason (ECONNREFUSED, ENOTFOUND) in `cause`.
      const failure = error as { message?: string; cause?: { message?: string } };
      last = failure.cause?.message ?? failure.message ?? String(error);
    }
    await delay(2_000);
  }
  throw new Error(`${base} does not route to the api: ${last}`);
}

export async function roundTrip(base: string, waitSeconds: number): Promise<Result[]> {
  const results: Result[] = [];
  const row = (object: string, ok: boolean, detail: string) =>
    results.push({ check: 'roundtrip', object, ok, detail });
  try {
    await waitForRoute(base, Date.now() + waitSeconds * 1000);
  } catch (error) {
    row(`GET ${base}/api/v1/openapi.json`, false, (error as Error).message);
    return results;
  }
  const suffix = randomBytes(6).toString('hex');
  const password = randomBytes(18).toString('base64url');
  const title = `smoke ${suffix}`;
  let token: string | undefined;
  let id = '';
  const steps: Array<[string, () => Promise<string>]> = [
    [
      'POST /api/v1/auth/register',
      async () => {
        const { body, detail } = await call(base, {
          method: 'POST',
          path: '/api/v1/auth/register',
          body: { name: 'smoke check', email: `smoke-${suffix}@example.com`, password },
          expect: 201,
        });
        token = body?.accessToken;
        if (!token) throw new Error('no accessToken in the response');
        return detail;
      },
    ],
    [
      'POST /api/v1/tasks',
      async () => {
        const { body, detail } = await call(base, {
          method: 'POST',
          path: '/api/v1/tasks',
          token,
          body: { title },
          expect: 201,
        });
        id = body?.id ?? '';
        if (!id || body?.title !== title)
          throw new Error(`unexpected task ${JSON.stringify(body)}`);
        return detail;
      },
    ],
    [
      'GET /api/v1/tasks',
      async () => {
        const { body, detail } = await call(base, {
          method: 'GET',
          path: '/api/v1/tasks?limit=100',
          token,
          expect: 200,
        });
        if (!body?.data?.some((task) => task.id === id))
          throw new Error(`task ${id} is not in the list`);
        return `${detail}, the new task is listed`;
      },
    ],
    [
      'DELETE /api/v1/tasks/:id',
      async () => {
        const { detail } = await call(base, {
          method: 'DELETE',
          path: `/api/v1/tasks/${id}`,
          token,
          expect: 204,
        });
        const { body } = await call(base, {
          method: 'GET',
          path: '/api/v1/tasks?limit=100',
          token,
          expect: 200,
        });
        if (body?.data?.some((task) => task.id === id))
          throw new Error(`task ${id} is still listed`);
        return `${detail}, gone from the list`;
      },
    ],
  ];
  for (const [name, run] of steps) {
    try {
      row(name, true, await run());
    } catch (error) {
      row(name, false, (error as Error).message);
      break;
    }
  }
  if (token) {
    try {
      const { detail } = await call(base, {
        method: 'DELETE',
        path: '/api/v1/users/me',
        token,
        body: { password },
        expect: 204,
      });
      row('DELETE /api/v1/users/me', true, `${detail}, the throw-away account is removed`);
    } catch (error) {
      row('DELETE /api/v1/users/me', false, (error as Error).message);
    }
  }
  return results;
}
