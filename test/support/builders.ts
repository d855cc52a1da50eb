// Test data builders: each test creates its own users and tasks.
import { randomBytes } from 'node:crypto';
import type { ApiResponse, Client } from './app';

let counter = 0;

export function buildUser(
  overrides: Partial<{ name: string; email: string; password: string }> = {},
) {
  counter += 1;
  return {
    name: `Tester ${counter}`,
    email: `tester-${counter}-${randomBytes(4).toString('hex')}@example.test`,
    password: `pw-${randomBytes(8).toString('hex')}`,
    ...overrides,
  };
}

export function buildTask(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return { title: `Task ${counter}`, ...overrides };
}

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  token: string;
  /** The `judix_rt=...` pair to send back as a Cookie header. */
  cookie: string;
}

export function refreshCookieOf(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((value) => value.startsWith('judix_rt='));
  return cookie?.split(';')[0];
}

export async function registerUser(client: Client, overrides = {}): Promise<SignedInUser> {
  const input = buildUser(overrides);
  const response = await client.post('/api/v1/auth/register', { body: input });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${response.text}`);
  return signedIn(input, response);
}

/** The signed-in user from a register or login response. */
export function signedIn(
  input: { email: string; password: string },
  response: ApiResponse,
): SignedInUser {
  return {
    id: response.body.user.id,
    email: input.email,
    password: input.password,
    token: response.body.accessToken,
    cookie: refreshCookieOf(response.headers)!,
  };
}

export async function createTask(client: Client, user: SignedInUser, overrides = {}) {
  const response = await client.post('/api/v1/tasks', {
    token: user.token,
    body: buildTask(overrides),
  });
  if (response.status !== 201)
    throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body;
}

export function buildProject(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return { name: `Project ${counter}`, ...overrides };
}

export async function createProject(client: Client, user: SignedInUser, overrides = {}) {
  const response = await client.post('/api/v1/projects', {
    token: user.token,
    body: buildProject(overrides),
  });
  if (response.status !== 201)
    throw new Error(`create project failed: ${response.status} ${response.text}`);
  return response.body;
}
