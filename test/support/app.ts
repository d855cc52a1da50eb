// Starts a real api (buildApp) on port 0 against the suite's MongoDB-protocol server and a Redis
// of its own, and gives tests a small HTTP client for it.
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApp, type Lifecycle } from '../../src/app';
import { loadConfig, type Config } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { createMetrics, createMetricsServer, type Metrics } from '../../src/platform/metrics';
import { createMongoConnection, openMongo, watchMonitors } from '../../src/platform/mongo';
import { connectRedis, createRedis } from '../../src/platform/redis';
import { provideRedis, withDatabase, type Service } from '../../scripts/services';

export const TEST_ORIGIN = 'http://app.test';
export const JWT_KEYS = [
  'first-test-signing-key-with-at-least-32-bytes',
  'second-test-signing-key-with-at-least-32-bytes',
];

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export class Client {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** A request fetch refuses to send (TRACE, CONNECT-like methods), over plain node:http. */
  raw(
    method: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, method, path, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            resolve({ status: res.statusCode!, headers: res.headers, body });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, options?: RequestOptions) =>
    this.request<T>('POST', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) =>
    this.request<T>('PATCH', path, options);
  delete = <T = any>(path: string, options?: RequestOptions) =>
    this.request<T>('DELETE', path, options);
}

export interface TestApp {
  client: Client;
  /** The api router, to compare what is served with what is documented. */
  api: ReturnType<typeof buildApp>['api'];
  database: string;
  config: Config;
  metrics: Metrics;
  metricsUrl: string;
  redis: Service;
  lifecycle: Lifecycle;
  /** The app's event hub: `close()` is what a shutdown does to its streams. */
  events: ReturnType<typeof buildApp>['events'];
  /** The reminder scheduler, running unless the app was started with `reminders: false`. */
  reminders: ReturnType<typeof buildApp>['reminders'];
  models: ReturnType<typeof buildApp>['models'];
  logs: string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: { redis?: Service; mongoUrl?: string; database?: string; reminders?: boolean } = {},
): Promise<TestApp> {
  const mongoBase = options.mongoUrl ?? process.env.JUDIX_TEST_MONGO_URL;
  if (!mongoBase)
    throw new Error('JUDIX_TEST_MONGO_URL is not set: run through the jest api project');
  const redisService = options.redis ?? (await provideRedis());
  const database = options.database ?? `judix_test_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGO_URL: withDatabase(mongoBase, database),
    REDIS_URL: redisService.url,
    JWT_SECRET: JWT_KEYS.join(','),
    CORS_ORIGINS: TEST_ORIGIN,
    COOKIE_SECURE: 'false',
    RATE_LIMIT_MAX: '100000',
    // Password hashing on a loaded test machine can take seconds; suites about the budget set their own.
    REQUEST_TIMEOUT: '10s',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(config.LOG_LEVEL, sink);
  const metrics = createMetrics();
  const mongo = createMongoConnection();
  const redis = createRedis(config.REDIS_URL, logger, config.REQUEST_TIMEOUT / 2);
  await connectRedis(redis);
  await openMongo(mongo, config.MONGO_URL, () => undefined, undefined, config.REQUEST_TIMEOUT);
  watchMonitors(mongo, logger);
  const lifecycle: Lifecycle = { shuttingDown: false };
  const { app, api, models, events, reminders, close } = buildApp({
    config,
    logger,
    metrics,
    mongo,
    redis,
    lifecycle,
  });
  await Promise.all([
    models.users.createIndexes(),
    models.tasks.createIndexes(),
    models.projects.createIndexes(),
  ]);
  if (options.reminders !== false) reminders.start();
  const server = createServer(app.callback());
  const metricsServer = createMetricsServer(metrics);
  const port = await listen(server);
  const metricsPort = await listen(metricsServer);

  return {
    client: new Client(`http://127.0.0.1:${port}`),
    api,
    database,
    config,
    metrics,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    redis: redisService,
    lifecycle,
    logs,
    events,
    reminders,
    models,
    async close() {
      events.close();
      await reminders.stop();
      server.closeAllConnections();
      metricsServer.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => metricsServer.close(resolve));
      if (!options.database) await mongo.dropDatabase().catch(() => undefined);
      await mongo.close();
      close();
      redis.disconnect();
      if (!options.redis) await redisService.close();
    },
  };
}

/**
 * Starts two api replicas on one Redis and one database, as behind a load balancer, before the
 * suite's tests, hands them to `started`, and closes them after the tests.
 */
export function twoReplicas(started: (replicas: { a: TestApp; b: TestApp }) => void) {
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, { redis: a.redis, database: a.database });
    started({ a, b });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });
}
