// The chart's `helm test` round trip works against a server that speaks the API contract and
// fails against one that breaks it. (Shell scripts are checked with shellcheck in test/delivery.)
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chartDir } from './support/chart';

interface Call {
  method: string;
  path: string;
  auth?: string;
  body?: unknown;
}

/** A tiny stand-in for the api that records calls; `breakIt` makes one answer wrong. */
function fakeApi(
  breakIt?: 'title' | 'delete-user',
): Promise<{ server: Server; url: string; calls: Call[] }> {
  const calls: Call[] = [];
  const token = 'token-123';
  let title = '';
  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const body = raw ? JSON.parse(raw) : undefined;
    const path = req.url ?? '';
    calls.push({ method: req.method ?? '', path, auth: req.headers.authorization, body });
    const authed = req.headers.authorization === `Bearer ${token}`;
    if (req.method === 'GET' && path === '/readyz')
      return reply(res, calls.length < 2 ? 503 : 200, {});
    if (req.method === 'POST' && path === '/api/v1/auth/register') {
      return reply(res, 201, {
        user: { id: 'u1', email: body.email },
        accessToken: token,
        expiresIn: 900,
      });
    }
    if (!authed) return reply(res, 401, { title: 'Unauthorized' });
    if (req.method === 'POST' && path === '/api/v1/tasks') {
      title = body.title;
      return reply(res, 201, { id: '0123456789abcdef01234567', title });
    }
    if (req.method === 'GET' && path === '/api/v1/tasks/0123456789abcdef01234567') {
      return reply(res, 200, {
        id: '0123456789abcdef01234567',
        title: breakIt === 'title' ? 'other' : title,
      });
    }
    if (req.method === 'DELETE' && path === '/api/v1/tasks/0123456789abcdef01234567')
      return reply(res, 204);
    if (req.method === 'DELETE' && path === '/api/v1/users/me')
      return reply(res, breakIt === 'delete-user' ? 500 : 204);
    return reply(res, 404, { title: 'Not Found' });
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, raw));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, calls });
    });
  });
}

function runRoundTrip(url: string): Promise<{ code: number; output: string }> {
  const script = join(chartDir, 'files', 'tests', 'roundtrip.mjs');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      {
        env: { PATH: process.env.PATH, JUDIX_API_URL: url, READY_TIMEOUT_SECONDS: '20' },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('helm test round trip script', () => {
  it('when the api behaves, then it waits for readiness, runs the round trip and cleans up', async () => {
    const { server, url, calls } = await fakeApi();
    try {
      const { code, output } = await runRoundTrip(url);
      expect(output).toContain('round trip passed');
      expect(code).toBe(0);
      const flow = calls.filter((c) => c.path !== '/readyz').map((c) => `${c.method} ${c.path}`);
      expect(flow).toEqual([
        'POST /api/v1/auth/register',
        'POST /api/v1/tasks',
        'GET /api/v1/tasks/0123456789abcdef01234567',
        'DELETE /api/v1/tasks/0123456789abcdef01234567',
        'DELETE /api/v1/users/me',
      ]);
      expect(calls.filter((c) => c.path === '/readyz').length).toBeGreaterThanOrEqual(2);
      const register = calls.find((c) => c.path === '/api/v1/auth/register')!.body as Record<
        string,
        string
      >;
      expect(register.password!.length).toBeGreaterThanOrEqual(8);
      expect(calls.find((c) => c.path === '/api/v1/users/me')!.body).toEqual({
        password: register.password,
      });
    } finally {
      server.close();
    }
  });

  it.each(['title', 'delete-user'] as const)(
    'when the api breaks (%s), then the test fails',
    async (breakIt) => {
      const { server, url } = await fakeApi(breakIt);
      try {
        const { code, output } = await runRoundTrip(url);
        expect(code).not.toBe(0);
        expect(output).not.toContain('round trip passed');
      } finally {
        server.close();
      }
    },
  );
});
