// The OpenAPI 3.1 document, generated from the zod schemas that validate requests.
import { z } from 'zod';
import { loginBody, refreshedSchema, registerBody, sessionSchema } from '../auth/schemas';
import {
  createTaskBody,
  listTasksQuery,
  statsQuery,
  statsSchema,
  taskPageSchema,
  taskSchema,
  updateTaskBody,
} from '../tasks/schemas';
import { changePasswordBody, deleteMeBody, updateMeBody, userSchema } from '../users/schemas';
import { BODY_LIMIT_BYTES } from './body';

type Schema = z.ZodType;

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth?: 'bearer' | 'cookie';
  body?: Schema;
  query?: z.ZodObject;
  response?: { status: number; schema?: Schema; description: string };
  errors: number[];
  idParam?: boolean;
  ifMatch?: boolean;
}

const json = (schema: Schema, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

const operations: Operation[] = [
  {
    method: 'post',
    path: '/auth/register',
    tag: 'auth',
    summary: 'Create an account and sign in',
    body: registerBody,
    response: {
      status: 201,
      schema: sessionSchema,
      description: 'Signed in; sets the refresh cookie',
    },
    errors: [400, 409, 413, 415, 429],
  },
  {
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Sign in',
    body: loginBody,
    response: {
      status: 200,
      schema: sessionSchema,
      description: 'Signed in; sets the refresh cookie',
    },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/auth/refresh',
    tag: 'auth',
    auth: 'cookie',
    summary: 'Rotate the refresh cookie and get a new access token',
    response: {
      status: 200,
      schema: refreshedSchema,
      description: 'New access token; rotated cookie',
    },
    errors: [401, 403, 429],
  },
  {
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    auth: 'cookie',
    summary: 'End this session',
    response: { status: 204, description: 'Signed out; cookie cleared' },
    errors: [403, 429],
  },
  {
    method: 'post',
    path: '/auth/logout-all',
    tag: 'auth',
    auth: 'bearer',
    summary: 'End every session and invalidate issued access tokens',
    response: { status: 204, description: 'Signed out everywhere' },
    errors: [401, 429],
  },
  {
    method: 'get',
    path: '/users/me',
    tag: 'users',
    auth: 'bearer',
    summary: 'The signed-in user',
    response: { status: 200, schema: z.object({ user: userSchema }), description: 'The user' },
    errors: [401, 429],
  },
  {
    method: 'patch',
    path: '/users/me',
    tag: 'users',
    auth: 'bearer',
    summary: 'Rename the signed-in user',
    body: updateMeBody,
    response: {
      status: 200,
      schema: z.object({ user: userSchema }),
      description: 'The updated user',
    },
    errors: [400, 401, 413, 415, 429],
  },
  {
    method: 'delete',
    path: '/users/me',
    tag: 'users',
    auth: 'bearer',
    summary: 'Delete the account and all its tasks',
    body: deleteMeBody,
    response: { status: 204, description: 'Deleted' },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/users/me/password',
    tag: 'users',
    auth: 'bearer',
    summary: 'Change the password; ends every other session',
    body: changePasswordBody,
    response: { status: 204, description: 'Changed' },
    errors: [400, 401, 429],
  },
  {
    method: 'get',
    path: '/tasks',
    tag: 'tasks',
    auth: 'bearer',
    summary: 'List tasks (keyset pagination through nextCursor)',
    query: listTasksQuery,
    response: { status: 200, schema: taskPageSchema, description: 'A page of tasks' },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/tasks',
    tag: 'tasks',
    auth: 'bearer',
    summary: 'Create a task',
    body: createTaskBody,
    response: {
      status: 201,
      schema: taskSchema,
      description: 'The created task; Location and ETag headers',
    },
    errors: [400, 401, 413, 415, 429],
  },
  {
    method: 'get',
    path: '/tasks/stats',
    tag: 'tasks',
    auth: 'bearer',
    summary: 'Counts for the dashboard; dueToday counts open tasks due today in `tz`',
    query: statsQuery,
    response: { status: 200, schema: statsSchema, description: 'Task statistics' },
    errors: [400, 401, 429],
  },
  {
    method: 'get',
    path: '/tasks/{id}',
    tag: 'tasks',
    auth: 'bearer',
    idParam: true,
    summary: 'Read a task',
    response: { status: 200, schema: taskSchema, description: 'The task; ETag header' },
    errors: [400, 401, 404, 429],
  },
  {
    method: 'patch',
    path: '/tasks/{id}',
    tag: 'tasks',
    auth: 'bearer',
    idParam: true,
    ifMatch: true,
    summary: 'Update a task (optimistic concurrency with If-Match)',
    body: updateTaskBody,
    response: { status: 200, schema: taskSchema, description: 'The updated task; ETag header' },
    errors: [400, 401, 404, 412, 413, 415, 429],
  },
  {
    method: 'delete',
    path: '/tasks/{id}',
    tag: 'tasks',
    auth: 'bearer',
    idParam: true,
    summary: 'Delete a task',
    response: { status: 204, description: 'Deleted' },
    errors: [400, 401, 404, 429],
  },
];

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

function queryParameters(query: z.ZodObject) {
  const schema = json(query, 'input') as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
    ...(name === 'status' || name === 'priority' ? { style: 'form', explode: true } : {}),
  }));
}

function operation(op: Operation) {
  const responses: Record<string, unknown> = {
    [op.response!.status]: {
      description: op.response!.description,
      ...(op.response!.schema
        ? { content: { 'application/json': { schema: json(op.response!.schema, 'output') } } }
        : {}),
    },
  };
  for (const status of [...op.errors, 503]) {
    responses[status] = { $ref: '#/components/responses/Problem' };
  }
  return {
    tags: [op.tag],
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    ...(op.auth === 'bearer' ? { security: [{ bearer: [] }] } : {}),
    ...(op.auth === 'cookie' ? { security: [{ refreshCookie: [] }] } : {}),
    parameters: [
      ...(op.idParam
        ? [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
            },
          ]
        : []),
      ...(op.ifMatch
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: 'The task version as a strong ETag, e.g. "3"',
            },
          ]
        : []),
      ...(op.query ? queryParameters(op.query) : []),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(op.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[`/api/v1${op.path}`] ??= {};
    paths[`/api/v1${op.path}`]![op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Judix API',
      version: '1.0.0',
      description: `Task management API. Bodies are JSON, at most ${BODY_LIMIT_BYTES} bytes; errors are RFC 9457 problems; every response carries X-Request-Id and RateLimit-* headers.`,
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: 'judix_rt' },
      },
      responses: {
        Problem: {
          description: 'An RFC 9457 problem',
          content: { 'application/problem+json': { schema: problemSchema } },
        },
      },
    },
  };
}
