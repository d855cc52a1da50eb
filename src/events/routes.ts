import { z } from 'zod';
import type { Lifecycle } from '../app';
import { route, type Route } from '../http/route';
import { errors } from '../platform/errors';
import { EVENT_TYPES, HubClosedError, StreamLimitError, type EventHub } from './hub';

const eventHeaders = z.object({
  'last-event-id': z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'The `id` of the last event received, to resume after it' }),
});

/** One event of the stream, as the document states it. */
const EVENT_SCHEMA = {
  type: 'object',
  required: ['data'],
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9]+-[0-9]+$',
      description: 'Send it back as `Last-Event-ID` to resume after this event',
    },
    event: { enum: ['ready', 'reset', ...EVENT_TYPES] },
    data: {
      type: 'string',
      contentMediaType: 'application/json',
      description:
        '`{}` for `ready` and `reset`; `{ task }` for `task.created`, `task.updated` and `reminder.due`; `{ id }` for `task.deleted` and `session.revoked`; `{ operation, results }` as in a bulk change for `tasks.bulk`; `{ imported }` for `tasks.imported`; `{ project }` for `project.created` and `project.updated`; `{ id, tasks }` for `project.deleted`, `tasks` being `move` or `delete` (refetch the task lists)',
    },
    retry: { type: 'integer', minimum: 0 },
  },
};

export function eventRoutes(hub: EventHub, lifecycle: Lifecycle): Route[] {
  return [
    route({
      method: 'GET',
      path: '/events',
      operationId: 'streamEvents',
      tag: 'events',
      summary: "A live stream of the user's changes (Server-Sent Events)",
      description: `Stays open; send the bearer token (stream with \`fetch\`: \`EventSource\` cannot send it). First \`retry\`, then \`ready\` once live; with \`Last-Event-ID\`, the events missed since then come before \`ready\`, or \`reset\` when they are no longer kept (the client refetches). Each change is an event with an \`id\` and a JSON \`data\`: ${EVENT_TYPES.map((type) => `\`${type}\``).join(', ')}. A \`: keepalive\` comment comes every 15 s. The stream ends when its replica shuts down; resume with \`Last-Event-ID\`. At most 10 streams per user (429).`,
      auth: 'bearer',
      request: { headers: eventHeaders },
      responses: {
        200: {
          description: 'The event stream',
          text: {
            mediaType: 'text/event-stream',
            description: 'Server-Sent Events',
            schema: EVENT_SCHEMA,
          },
        },
      },
      handler: async (ctx, { headers }) => {
        if (lifecycle.shuttingDown) throw errors.shuttingDown();
        const closed = new AbortController();
        ctx.req.on('close', () => closed.abort());
        let body;
        try {
          body = await hub.stream(
            ctx.state.principal!.userId,
            headers['last-event-id'],
            closed.signal,
          );
        } catch (error) {
          if (error instanceof HubClosedError) throw errors.shuttingDown();
          if (error instanceof StreamLimitError) {
            throw errors.rateLimited(5, `Too many event streams: ${error.message}.`);
          }
          throw error;
        }
        ctx.set('Cache-Control', 'no-store');
        ctx.set('X-Accel-Buffering', 'no');
        ctx.type = 'text/event-stream';
        ctx.body = body;
      },
    }),
  ];
}
