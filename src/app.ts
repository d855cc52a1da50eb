// Builds the Koa application from its dependencies without listening, so tests start it on port 0.
import cors from '@koa/cors';
import Router from '@koa/router';
import type Redis from 'ioredis';
import Koa from 'koa';
import compose from 'koa-compose';
import type { Connection } from 'mongoose';
import { AccessTokens } from './auth/access-tokens';
import { RefreshTokens } from './auth/refresh-tokens';
import { authRoutes } from './auth/routes';
import { createAuthService } from './auth/service';
import { accessLog } from './http/access-log';
import { apiGate } from './http/api-gate';
import type { AppContext, AppState, Middleware, Next } from './http/context';
import { withDocument } from './http/openapi';
import { problems } from './http/problems';
import { referenceRouter } from './http/reference';
import { requestId } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { apiRouter, resolveRoute, serve } from './http/router';
import { serverSpans } from './http/tracing';
import { requestBudget } from './platform/budget';
import { ResponseCache, UserStateStore } from './platform/cache';
import type { Config } from './platform/config';
import { dependencyBreakers, guarded } from './platform/breaker';
import { Readiness } from './platform/health';
import { IDEMPOTENCY_HEADER, IdempotencyStore } from './platform/idempotency';
import { telemetryEnabled } from './platform/telemetry';
import type { Logger } from './platform/logger';
import type { Metrics } from './platform/metrics';
import { projectModel } from './projects/model';
import { projectRoutes } from './projects/routes';
import { DELETE_BUDGET_FACTOR } from './projects/schemas';
import { createProjectService } from './projects/service';
import { taskModel } from './tasks/model';
import { taskRoutes } from './tasks/routes';
import { transferRoutes } from './transfer/routes';
import { EventHub } from './events/hub';
import { eventRoutes } from './events/routes';
import { IMPORT_BUDGET_FACTOR } from './transfer/schemas';
import { ReminderQueue } from './reminders/queue';
import { ReminderScheduler } from './reminders/scheduler';
import { createTaskService } from './tasks/service';
import { userModel } from './users/model';
import { userRoutes } from './users/routes';

export interface Lifecycle {
  /** Set on SIGTERM: readiness fails and responses ask clients to close their connections. */
  shuttingDown: boolean;
}

export interface AppDependencies {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  mongo: Connection;
  redis: Redis;
  lifecycle: Lifecycle;
}

export const API_PREFIX = '/api/v1';

const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'X-Request-Id',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

export function buildApp(deps: AppDependencies) {
  const { config, logger, metrics, mongo, redis, lifecycle } = deps;
  const users = userModel(mongo);
  const tasks = taskModel(mongo);
  const projects = projectModel(mongo);
  const userStates = new UserStateStore(redis, logger);
  const accessTokens = new AccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL);
  const refreshTokens = new RefreshTokens(redis, config.REFRESH_TOKEN_TTL);
  const auth = createAuthService({
    users,
    tasks,
    projects,
    redis,
    accessTokens,
    refreshTokens,
    userStates,
    metrics,
  });
  const breakers = dependencyBreakers(config, metrics);
  const readiness = new Readiness({
    mongo,
    redis,
    graceMs: config.READINESS_GRACE,
    circuits: () => ({ mongodb: breakers.mongodb.state, redis: breakers.redis.state }),
  });

  const app = new Koa<AppState>({ proxy: config.TRUST_PROXY });
  app.silent = true;

  const operations = new Router<AppState>();
  operations.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  operations.get('/readyz', async (ctx) => {
    const { ready, ...details } = await readiness.check(lifecycle.shuttingDown);
    ctx.status = ready ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: ready ? 'ready' : 'not ready',
      shuttingDown: lifecycle.shuttingDown,
      ...details,
    };
  });

  const reminderQueue = new ReminderQueue(redis, logger, () => mongo.name);
  const taskService = guarded(
    breakers.mongodb,
    createTaskService(tasks, redis, metrics, {
      projects,
      lockWaitMs: config.REQUEST_TIMEOUT,
      reminders: reminderQueue,
    }),
  );
  const projectService = guarded(
    breakers.mongodb,
    createProjectService(projects, tasks, redis, metrics, {
      lockWaitMs: config.REQUEST_TIMEOUT,
      reminders: reminderQueue,
    }),
  );
  const idempotency = new IdempotencyStore(
    redis,
    config.IDEMPOTENCY_TTL,
    2 * config.REQUEST_TIMEOUT,
  );
  const events = new EventHub(redis, metrics, logger);
  const reminders = new ReminderScheduler(
    reminderQueue,
    {
      fire: (id) => taskService.fireReminder(id),
      pending: (take) => taskService.pendingReminders(take),
      announce: async ({ ownerId, task }) => {
        await userStates.invalidateCaches(ownerId);
        await events.publish(ownerId, 'reminder.due', { task });
      },
    },
    metrics,
    logger,
  );
  const { routes, document } = withDocument(API_PREFIX, [
    ...authRoutes({
      auth,
      refreshTtlMs: config.REFRESH_TOKEN_TTL,
      cookieSecure: config.COOKIE_SECURE,
      allowedOrigins: config.CORS_ORIGINS,
      events,
    }),
    ...userRoutes(users, auth),
    ...transferRoutes({ service: taskService, userStates, idempotency, events }),
    ...eventRoutes(events, lifecycle),
    ...taskRoutes({
      service: taskService,
      cache: new ResponseCache(redis, config.CACHE_TTL, metrics),
      userStates,
      idempotency,
      events,
    }),
    ...projectRoutes({ service: projectService, userStates, events }),
  ]);
  const api = apiRouter(API_PREFIX, routes);
  // Every /api request, routed or not, passes the gate (rate limit, token).
  const gate = apiGate({
    redis,
    tokens: accessTokens,
    userStates,
    metrics,
    max: config.RATE_LIMIT_MAX,
    windowMs: config.RATE_LIMIT_WINDOW,
  });
  // Every /api request needs Redis (the gate reads it), so its breaker guards the whole request.
  const apiMiddleware = compose([(_ctx: AppContext, next: Next) => breakers.redis.run(next), gate]);

  const development = config.NODE_ENV === 'development' ? [referenceRouter()] : [];
  app.use(resolveRoute([operations, api, ...development]));
  if (telemetryEnabled()) app.use(serverSpans());
  app.use(requestId);
  app.use(async (ctx: AppContext, next: Next) => {
    if (lifecycle.shuttingDown) ctx.set('Connection', 'close');
    await next();
  });
  app.use(accessLog(logger, metrics));
  app.use(problems(logger, metrics));
  app.use(
    requestBudget(config.REQUEST_TIMEOUT, {
      [`POST ${API_PREFIX}/tasks/import`]: IMPORT_BUDGET_FACTOR * config.REQUEST_TIMEOUT,
      [`DELETE ${API_PREFIX}/projects/:id`]: DELETE_BUDGET_FACTOR * config.REQUEST_TIMEOUT,
    }),
  );
  app.use(securityHeaders);
  app.use(
    cors({
      origin: (ctx) => (config.CORS_ORIGINS.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
      credentials: true,
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'X-Request-Id',
        'Last-Event-ID',
        IDEMPOTENCY_HEADER,
      ],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );
  // An /api request goes straight to the gate; the probes and development pages never need it.
  const operationsMiddleware = compose<AppContext>([
    operations.routes(),
    operations.allowedMethods(),
    ...development.map((router) => router.routes()),
  ] as unknown as Middleware[]);
  app.use((ctx: AppContext, next: Next) =>
    ctx.path.startsWith('/api/') ? apiMiddleware(ctx, next) : operationsMiddleware(ctx, next),
  );
  app.use(serve(api));

  /** Stops what the app runs besides requests: the gate's sweeper and the user-state copy. */
  const close = () => {
    gate.close();
    userStates.close();
  };

  return { app, api, document, events, reminders, models: { users, tasks, projects }, close };
}
