import { startTestApp, type TestApp } from '../support/app';
import { registerUser } from '../support/builders';

let app: TestApp;
let doc: {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; example?: string }[] }>
  >;
};
beforeAll(async () => {
  app = await startTestApp();
  doc = (await app.client.get('/api/v1/openapi.json')).body;
});
afterAll(() => app.close());

const served = () =>
  app.api.stack.flatMap((layer) =>
    layer.methods
      .filter((method) => method !== 'HEAD')
      .map((method) => `${method} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`),
  );
const documented = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('the contract', () => {
  it('when the router and the document are compared, then they list the same operations', () => {
    expect(served().length).toBeGreaterThan(10);
    expect(documented().sort()).toEqual(served().sort());
  });

  it('when every documented operation is called, then a route answers it', async () => {
    const user = await registerUser(app.client);
    for (const operation of documented()) {
      const [method, template] = operation.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, 'a'.repeat(24));
      const response = await app.client.request(method, path, { token: user.token });
      expect({ operation, status: response.status, detail: response.body?.detail }).not.toEqual(
        expect.objectContaining({ detail: 'No such route.' }),
      );
      expect({ operation, status: response.status }).not.toEqual({ operation, status: 405 });
    }
  });
});

describe('route labels', () => {
  it('when requests are unauthenticated, unknown or malformed, then every label is a declared template', async () => {
    const templates = new Set([
      ...app.api.stack.map((layer) => String(layer.path)),
      '/healthz',
      '/readyz',
      'unmatched',
    ]);
    const requests: [string, string, Record<string, string>?][] = [
      ['GET', '/api/v1/tasks'],
      ['GET', '/api/v1/tasks/abc'],
      ['GET', `/api/v1/tasks/${'c'.repeat(24)}`],
      ['PATCH', '/api/v1/tasks/abc', { 'content-type': 'text/plain' }],
      ['TRACE', '/api/v1/tasks'],
      ['PUT', '/api/v1/users/me'],
      ['GET', '/api/v1/no/such/thing'],
      ['GET', '/api/v1/tasks/%E0%A4%A'],
      ['POST', '/api/v1/auth/login', { 'content-type': 'application/json' }],
      ['GET', '/elsewhere'],
    ];
    for (const [method, path, headers] of requests) {
      await app.client.raw(method, path, { 'x-request-id': 'label-check', ...headers });
    }
    const metrics = await (await fetch(app.metricsUrl)).text();
    const metricRoutes = [
      ...metrics.matchAll(/http_server_request_duration_seconds_count\{[^}]*route="([^"]*)"/g),
    ].map((match) => match[1]);
    const logRoutes = app.logs
      .map((line) => JSON.parse(line) as { requestId?: string; route?: string })
      .filter((line) => line.requestId === 'label-check')
      .map((line) => line.route);
    expect(logRoutes).toHaveLength(requests.length);
    for (const route of [...metricRoutes, ...logRoutes]) expect(templates).toContain(route);
    expect(logRoutes.slice(0, 2)).toEqual(['/api/v1/tasks', '/api/v1/tasks/:id']);
    expect(logRoutes).toContain('unmatched');
  });
});

describe('the interactive reference', () => {
  it('when running in development, then it serves the viewer from the npm package; otherwise nothing', async () => {
    expect((await app.client.get('/reference/')).status).toBe(404);
    const development = await startTestApp({ NODE_ENV: 'development' }, { redis: app.redis });
    try {
      const page = await development.client.get('/reference/');
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-url="/api/v1/openapi.json"');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const viewer = await development.client.get('/reference/viewer.js');
      expect(viewer.status).toBe(200);
      expect(viewer.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(viewer.text.length).toBeGreaterThan(100_000);
    } finally {
      await development.close();
    }
  });
});
