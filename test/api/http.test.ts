import { request as httpRequest } from 'node:http';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../support/app';
import { registerUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('bodies', () => {
  it('when the body exceeds 64 KiB, then it answers 413', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/tasks', {
      token: user.token,
      rawBody: JSON.stringify({ title: 'x', description: 'd'.repeat(70_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.type).toBe('urn:judix:problem:payload-too-large');
  });

  it('when a chunked body exceeds the limit without a length, then it answers 413', async () => {
    const { port } = new URL(app.client.baseUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 80; i++) req.write('{"padding":"' + 'p'.repeat(1000) + '"}');
      req.end();
    });
    expect(status).toBe(413);
  });

  it.each([
    ['text/plain', '{"email":"a@b.c","password":"x"}'],
    ['application/x-www-form-urlencoded', 'email=a&password=b'],
    ['application/json; charset=latin1', '{}'],
  ])('when the content type is %s, then it answers 415', async (type, body) => {
    const response = await app.client.post('/api/v1/auth/login', {
      rawBody: body,
      headers: { 'content-type': type },
    });
    expect(response.status).toBe(415);
  });

  it.each(['{"email":', '{email: "a"}', "{'a':1}", '\u0000'])(
    'when the JSON is malformed (%s), then it answers 400',
    async (body) => {
      const response = await app.client.post('/api/v1/auth/login', {
        rawBody: body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        type: 'urn:judix:problem:malformed-json',
        status: 400,
      });
    },
  );

  it('when a nested operator is posted, then it is a 400 and never reaches a query', async () => {
    const response = await app.client.post('/api/v1/auth/login', {
      body: { email: 'a@b.c', password: { $gt: '' } },
    });
    expect(response.status).toBe(400);
  });
});

describe('problems and routing', () => {
  it('when the route is unknown, then it is a 404 problem with the request id', async () => {
    const response = await app.client.get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toEqual({
      type: 'urn:judix:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such route.',
      instance: '/api/v1/nothing-here',
      requestId: response.headers.get('x-request-id'),
    });
    expect((await app.client.get('/nope')).status).toBe(404);
  });

  it('when the method is wrong, then it is a 405 problem with Allow', async () => {
    const response = await app.client.request('PUT', '/api/v1/tasks/stats', { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
    // The literal path shadows /tasks/{id}: no attempt to read "stats" as a task id.
    const patch = await app.client.patch('/api/v1/tasks/stats', { body: { title: 'x' } });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('HEAD, GET, OPTIONS');
    expect(response.body.type).toBe('urn:judix:problem:method-not-allowed');
  });

  it('when the method is unknown, then it is a 405 problem with Allow, not a 501', async () => {
    const response = await app.client.raw('TRACE', '/api/v1/tasks');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('HEAD, GET, POST, OPTIONS');
    expect(response.body.type).toBe('urn:judix:problem:method-not-allowed');
    const options = await app.client.raw('OPTIONS', '/api/v1/tasks/stats');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toContain('GET');
  });

  it('when a sane request id is sent, then it is echoed; otherwise one is generated', async () => {
    const echoed = await app.client.get('/healthz', {
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await app.client.get('/healthz', {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when an api response is sent, then it carries rate-limit and security headers', async () => {
    const response = await app.client.get('/api/v1/openapi.json');
    expect(response.headers.get('ratelimit-limit')).toBe('100000');
    expect(Number(response.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('when a browser origin is allowed, then CORS answers for it; other origins get no CORS headers', async () => {
    const allowed = await app.client.request('OPTIONS', '/api/v1/tasks', {
      headers: {
        origin: TEST_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await app.client.get('/api/v1/openapi.json', {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('operations', () => {
  it('when probed, then /healthz and /readyz answer 200 and are not rate limited', async () => {
    const health = await app.client.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
    const ready = await app.client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ mongodb: 'ok', redis: 'ok' });
  });

  it('when shutting down, then /readyz answers 503 and responses ask to close the connection', async () => {
    app.lifecycle.shuttingDown = true;
    try {
      const ready = await app.client.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.shuttingDown).toBe(true);
      expect(ready.headers.get('connection')).toBe('close');
    } finally {
      app.lifecycle.shuttingDown = false;
    }
  });

  it('when scraped, then /metrics has the duration histogram by route template and the domain counters', async () => {
    const user = await registerUser(app.client);
    await app.client.get(`/api/v1/tasks/${'b'.repeat(24)}`, { token: user.token });
    const text = await (await fetch(app.metricsUrl)).text();
    expect(text).toMatch(
      /http_server_request_duration_seconds_bucket\{le="[0-9.]+",method="GET",route="\/api\/v1\/tasks\/:id",status_code="404"\}/,
    );
    expect(text).toMatch(/judix_registrations_total [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect((await fetch(app.metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('when logging a request, then the line has the request id, route and status and no secrets', async () => {
    const user = await registerUser(app.client, { password: 'a-very-secret-passphrase' });
    await app.client.get('/api/v1/users/me', {
      token: user.token,
      headers: { 'x-request-id': 'log-check-1' },
    });
    const line = app.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'log-check-1');
    expect(line).toMatchObject({
      route: '/api/v1/users/me',
      status: 200,
      method: 'GET',
      msg: 'request',
    });
    expect(typeof line.durationMs).toBe('number');
    await app.client.get('/readyz', { headers: { 'x-request-id': 'probe-1' } });
    expect(app.logs.some((l) => l.includes('probe-1'))).toBe(false);
    const all = app.logs.join('\n');
    expect(all).not.toContain(user.token);
    expect(all).not.toContain('a-very-secret-passphrase');
  });
});

describe('OpenAPI', () => {
  it('when fetched, then it states the request rules of the contract', async () => {
    const response = await app.client.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe('3.1.0');
    const ref = doc.paths['/api/v1/tasks'].post.requestBody.content['application/json'].schema;
    expect(ref).toEqual({ $ref: '#/components/schemas/CreateTaskRequest' });
    const create = doc.components.schemas.CreateTaskRequest;
    expect(create.required).toEqual(['title']);
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.title).toMatchObject({ type: 'string', maxLength: 200 });
    const list = doc.paths['/api/v1/tasks'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(
      expect.arrayContaining([
        'status',
        'priority',
        'tag',
        'q',
        'sort',
        'limit',
        'cursor',
        'overdue',
      ]),
    );
  });
});

describe('global rate limit', () => {
  it('when a client exceeds the limit, then it gets 429 with Retry-After', async () => {
    const limited = await startTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1m' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await limited.client.get('/api/v1/openapi.json')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const blocked = await limited.client.get('/api/v1/openapi.json');
      expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(blocked.headers.get('ratelimit-remaining')).toBe('0');
      expect((await limited.client.get('/healthz')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
