import type { EventHub } from '../events/hub';
import type { AppContext } from '../http/context';
import { route, type Route } from '../http/route';
import type { ResponseCache, UserStateStore } from '../platform/cache';
import {
  idempotencyKeyHeader,
  idempotencyKeyOf,
  idempotent,
  type IdempotencyStore,
} from '../platform/idempotency';
import {
  BULK_MAX_IDS,
  bulkTasksBody,
  bulkTasksResult,
  createTaskBody,
  listTasksQuery,
  moveTaskBody,
  statsQuery,
  statsSchema,
  ifMatchHeaders,
  taskPageSchema,
  taskParams,
  taskSchema,
  updateTaskBody,
} from './schemas';
import type { TaskService } from './service';
import type { TaskView } from './presenter';

interface Options {
  service: TaskService;
  cache: ResponseCache;
  userStates: UserStateStore;
  idempotency: IdempotencyStore;
  events: EventHub;
}

function sendTask(ctx: AppContext, task: TaskView, status = 200) {
  ctx.status = status;
  ctx.set('ETag', `"${task.version}"`);
  ctx.body = task;
}

export function taskRoutes({ service, cache, userStates, idempotency, events }: Options): Route[] {
  const invalidate = (userId: string) => userStates.invalidateCaches(userId);

  return [
    route({
      method: 'GET',
      path: '/tasks',
      operationId: 'listTasks',
      tag: 'tasks',
      summary: 'List tasks, a page at a time',
      description:
        'Keyset pagination: pass `nextCursor` back as `cursor` with the same `sort` for the next page.',
      auth: 'bearer',
      request: { query: listTasksQuery },
      responses: { 200: { description: 'A page of tasks', schema: taskPageSchema } },
      handler: async (ctx, { query }) => {
        const { userId, cacheVersion } = ctx.state.principal!;
        ctx.type = 'application/json';
        ctx.body =
          query.overdue === 'true'
            ? await service.list(userId, query)
            : await cache.getOrLoad('tasks', userId, cacheVersion, JSON.stringify(query), () =>
                service.list(userId, query),
              );
      },
    }),
    route({
      method: 'POST',
      path: '/tasks',
      operationId: 'createTask',
      tag: 'tasks',
      summary: 'Create a task',
      description:
        'With an `Idempotency-Key`, a retry gets the first success back instead of creating a second task; a retry after a 503 (outcome unknown) gets the task if the first attempt created it.',
      auth: 'bearer',
      use: [idempotent(idempotency)],
      request: { headers: idempotencyKeyHeader, body: createTaskBody },
      responses: {
        201: { description: 'The created task', schema: taskSchema, headers: ['Location', 'ETag'] },
      },
      problems: [409, 422],
      handler: async (ctx, { body }) => {
        const { userId } = ctx.state.principal!;
        const task = await service.create(userId, body, idempotencyKeyOf(ctx));
        await invalidate(userId);
        void events.publish(userId, 'task.created', { task });
        ctx.set('Location', `/api/v1/tasks/${task.id}`);
        sendTask(ctx, task, 201);
      },
    }),
    route({
      method: 'POST',
      path: '/tasks/bulk',
      operationId: 'bulkUpdateTasks',
      tag: 'tasks',
      summary: 'Change or delete many tasks at once',
      description: `One operation for 1–${BULK_MAX_IDS} distinct ids. The answer lists, per id in request order, \`updated\`, \`deleted\`, \`unchanged\` (it already had that value), \`not_found\` (no such task, or another user's) or \`rejected\` with a \`reason\` (the change would break a limit, such as the tags a task may have). Every changed task's version grows by one, as with \`PATCH\`. A \`setProject\` to a project that is not one of yours or is archived is a 422, and nothing changes.`,
      auth: 'bearer',
      request: { body: bulkTasksBody },
      responses: { 200: { description: 'The outcome for each id', schema: bulkTasksResult } },
      problems: [422],
      handler: async (ctx, { body }) => {
        const { userId } = ctx.state.principal!;
        const results = await service.bulk(userId, body.ids, body.operation);
        await invalidate(userId);
        void events.publish(userId, 'tasks.bulk', { operation: body.operation, results });
        ctx.body = { results };
      },
    }),
    route({
      method: 'GET',
      path: '/tasks/stats',
      operationId: 'taskStats',
      tag: 'tasks',
      summary: 'Counts for the dashboard',
      description:
        '`dueToday` counts the open tasks due today in the time zone `tz`, and `completedByDay` (30 days ending today) and `dueByDay` (7 days from today) count tasks by the days of that time zone; `project` counts the tasks of one project only.',
      auth: 'bearer',
      request: { query: statsQuery },
      responses: { 200: { description: 'Task statistics', schema: statsSchema } },
      handler: async (ctx, { query }) => {
        const { userId, cacheVersion } = ctx.state.principal!;
        ctx.type = 'application/json';
        ctx.body = await cache.getOrLoad('stats', userId, cacheVersion, JSON.stringify(query), () =>
          service.stats(userId, query),
        );
      },
    }),
    route({
      method: 'GET',
      path: '/tasks/{id}',
      operationId: 'getTask',
      tag: 'tasks',
      summary: 'Read a task',
      auth: 'bearer',
      request: { params: taskParams },
      responses: { 200: { description: 'The task', schema: taskSchema, headers: ['ETag'] } },
      problems: [404],
      handler: async (ctx, { params }) => {
        sendTask(ctx, await service.get(ctx.state.principal!.userId, params.id));
      },
    }),
    route({
      method: 'PATCH',
      path: '/tasks/{id}',
      operationId: 'updateTask',
      tag: 'tasks',
      summary: 'Update a task',
      description:
        'Send the ETag of the version you edited as `If-Match`; if the task changed since, the answer is 412 with the current ETag. Setting `status` to `done` on a repeating task creates its next occurrence (once, however often it is completed).',
      auth: 'bearer',
      request: { params: taskParams, headers: ifMatchHeaders, body: updateTaskBody },
      responses: {
        200: { description: 'The updated task', schema: taskSchema, headers: ['ETag'] },
      },
      problems: [404, 412, 422],
      handler: async (ctx, { params, headers, body }) => {
        const { userId } = ctx.state.principal!;
        const task = await service.update(userId, params.id, body, headers['if-match']);
        await invalidate(userId);
        void events.publish(userId, 'task.updated', { task });
        sendTask(ctx, task);
      },
    }),
    route({
      method: 'POST',
      path: '/tasks/{id}/move',
      operationId: 'moveTask',
      tag: 'tasks',
      summary: 'Put a task before or after another one of its board column',
      description:
        'A column is the tasks of one project with one status, in `rank` order (`GET /tasks?project=…&status=…&sort=rank`). `{ "before": id }` or `{ "after": id }` names the new neighbour in that column, `{ "before": null }` puts the task last, `{ "after": null }` first; `status` moves it to another column too, as a `PATCH` of the status would (a repeating task set to `done` gets its next occurrence). The task\'s version grows by one; moves into one column are applied one at a time, so cards moved at once each land where they were put. A neighbour that is not another task of that column is a 422.',
      auth: 'bearer',
      request: { params: taskParams, body: moveTaskBody },
      responses: {
        200: { description: 'The moved task', schema: taskSchema, headers: ['ETag'] },
      },
      problems: [404, 422],
      handler: async (ctx, { params, body }) => {
        const { userId } = ctx.state.principal!;
        const task = await service.move(userId, params.id, body);
        await invalidate(userId);
        void events.publish(userId, 'task.updated', { task });
        sendTask(ctx, task);
      },
    }),
    route({
      method: 'DELETE',
      path: '/tasks/{id}',
      operationId: 'deleteTask',
      tag: 'tasks',
      summary: 'Delete a task',
      auth: 'bearer',
      request: { params: taskParams },
      responses: { 204: { description: 'Deleted' } },
      problems: [404],
      handler: async (ctx, { params }) => {
        const { userId } = ctx.state.principal!;
        await service.remove(userId, params.id);
        await invalidate(userId);
        void events.publish(userId, 'task.deleted', { id: params.id.toLowerCase() });
        ctx.status = 204;
      },
    }),
  ];
}
