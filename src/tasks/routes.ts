import Router from '@koa/router';
import { requireAuth } from '../http/api-gate';
import type { AppContext, AppState } from '../http/context';
import { parse } from '../http/validation';
import type { ResponseCache } from '../platform/cache';
import type { UserStateStore } from '../platform/cache';
import { errors } from '../platform/errors';
import { idempotencyKeyOf, idempotent, type IdempotencyStore } from '../platform/idempotency';
import { createTaskBody, listTasksQuery, statsQuery, taskId, updateTaskBody } from './schemas';
import type { TaskService } from './service';
import type { TaskView } from './presenter';

interface Options {
  service: TaskService;
  cache: ResponseCache;
  userStates: UserStateStore;
  idempotency: IdempotencyStore;
}

/** Parses `If-Match`: undefined when absent or `*`, else the list of strong version tags. */
export function parseIfMatch(header: string): number[] | undefined {
  if (header === '' || header.trim() === '*') return undefined;
  const versions = header.split(',').map((tag) => /^"(\d{1,15})"$/.exec(tag.trim())?.[1]);
  if (versions.some((version) => version === undefined)) {
    throw errors.invalidInput(
      [{ path: 'If-Match', message: 'must be a list of strong ETags such as "3"' }],
      'The If-Match header is malformed.',
    );
  }
  return versions.map(Number);
}

function sendTask(ctx: AppContext, task: TaskView, status = 200) {
  ctx.status = status;
  ctx.set('ETag', `"${task.version}"`);
  ctx.body = task;
}

const idParam = (ctx: AppContext & { params: { id?: string } }) =>
  parse(taskId, ctx.params.id, 'The task id is malformed.') as string;

export function taskRoutes({ service, cache, userStates, idempotency }: Options) {
  const router = new Router<AppState>({ prefix: '/tasks' });
  router.use(requireAuth);

  const invalidate = (userId: string) => userStates.invalidateCaches(userId);

  router.get('/', async (ctx) => {
    const query = parse(listTasksQuery, ctx.query, 'The query has invalid parameters.');
    const { userId, cacheVersion } = ctx.state.principal!;
    ctx.type = 'application/json';
    ctx.body =
      query.overdue === 'true'
        ? await service.list(userId, query)
        : await cache.getOrLoad('tasks', userId, cacheVersion, JSON.stringify(query), () =>
            service.list(userId, query),
          );
  });

  router.post('/', idempotent(idempotency), async (ctx) => {
    const input = parse(createTaskBody, ctx.state.body);
    const { userId } = ctx.state.principal!;
    const task = await service.create(userId, input, idempotencyKeyOf(ctx));
    await invalidate(userId);
    ctx.set('Location', `/api/v1/tasks/${task.id}`);
    sendTask(ctx, task, 201);
  });

  router.get('/stats', async (ctx) => {
    const { tz } = parse(statsQuery, ctx.query, 'The query has invalid parameters.');
    const { userId, cacheVersion } = ctx.state.principal!;
    ctx.type = 'application/json';
    ctx.body = await cache.getOrLoad('stats', userId, cacheVersion, tz ?? 'UTC', () =>
      service.stats(userId, tz),
    );
  });

  router.get('/:id', async (ctx) => {
    sendTask(ctx, await service.get(ctx.state.principal!.userId, idParam(ctx)));
  });

  router.patch('/:id', async (ctx) => {
    const id = idParam(ctx);
    const expected = parseIfMatch(ctx.get('If-Match'));
    const patch = parse(updateTaskBody, ctx.state.body ?? {});
    const { userId } = ctx.state.principal!;
    const task = await service.update(userId, id, patch, expected);
    await invalidate(userId);
    sendTask(ctx, task);
  });

  router.delete('/:id', async (ctx) => {
    const id = idParam(ctx);
    const { userId } = ctx.state.principal!;
    await service.remove(userId, id);
    await invalidate(userId);
    ctx.status = 204;
  });

  return router;
}
