// The OpenAPI 3.1 document, derived from the route declarations. Request and response schemas
// come from zod's JSON Schema output; every schema with an id becomes a component, referenced as
// `#/components/schemas/<id>`.
import { z } from 'zod';
import { BODY_LIMIT_BYTES } from './body';
import { PROBLEM_KINDS, problemSchema, type ProblemStatus } from './problem-types';
import { route, type Route } from './route';

type Json = Record<string, unknown>;

class Components {
  readonly schemas: Record<string, Json> = {};

  /** The JSON Schema of a zod schema; its named parts are moved into the components. */
  schema(schema: z.ZodType, io: 'input' | 'output'): Json {
    const converted = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Json;
    const { $schema: _dialect, $defs, ...root } = relink(converted);
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
      const known = this.schemas[id];
      if (known && JSON.stringify(known) !== JSON.stringify(definition)) {
        throw new Error(`Schema ${id} differs between requests and responses; give each its id.`);
      }
      this.schemas[id] = definition;
    }
    return root;
  }
}

function relink(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as Json;
}

const header = (description: string, schema: Json = { type: 'string' }) => ({
  description,
  schema,
});
const integer = { type: 'integer', minimum: 0 };

const HEADERS = {
  'X-Request-Id': header('The request id: the sane one the client sent, else a generated one'),
  'RateLimit-Limit': header('Requests allowed per window', integer),
  'RateLimit-Remaining': header('Requests left in this window', integer),
  'RateLimit-Reset': header('Seconds until the window resets', integer),
  'Retry-After': header('Seconds to wait before retrying', integer),
  ETag: header('The version of the task or project as a strong ETag, e.g. "3"', {
    type: 'string',
    pattern: '^"\\d+"$',
  }),
  Location: header('The URL of the created resource'),
  'Content-Disposition': header(
    '`attachment` with a file name, such as `judix-tasks-2026-12-01.csv`',
  ),
  'Cache-Control': header('`no-store`: the response carries credentials'),
  'Set-Cookie': header('The refresh-token cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth)'),
  'WWW-Authenticate': header('`Bearer`'),
  Allow: header('The methods this path answers'),
};

type DocumentHeader = keyof typeof HEADERS;

const SECURITY: Record<Route['auth'], Json[]> = {
  bearer: [{ bearer: [] }],
  'refresh-cookie': [{ refreshCookie: [] }],
  'optional-refresh-cookie': [{ refreshCookie: [] }, {}],
  none: [],
};
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
const headers = (names: readonly DocumentHeader[], required = true) =>
  Object.fromEntries(names.map((name) => [name, { ...HEADERS[name], required }]));

/** Headers every api response carries; the gate sets RateLimit-* unless Redis is down (503). */
const commonHeaders = (status: number) => ({
  ...headers(['X-Request-Id']),
  ...headers(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'], status !== 503),
});

function problemResponses(declared: Route): ProblemStatus[] {
  const request = declared.request ?? {};
  const readsBody = request.body !== undefined || declared.upload !== undefined;
  const readsInput = readsBody || Object.values(request).some((schema) => schema !== undefined);
  const statuses = new Set<ProblemStatus>([
    ...(readsInput ? [400 as const] : []),
    ...(declared.auth === 'bearer' ? [401 as const] : []),
    ...(readsBody ? [413 as const, 415 as const] : []),
    ...(declared.problems ?? []),
    429,
    503,
  ]);
  return [...statuses].sort();
}

function parameters(declared: Route, components: Components): Json[] {
  const request = declared.request ?? {};
  const list: Json[] = [];
  for (const [location, schema] of [
    ['path', request.params],
    ['query', request.query],
    ['header', request.headers],
  ] as const) {
    if (!schema) continue;
    const json = components.schema(schema, 'input') as {
      properties: Record<string, Json>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties)) {
      // A query value may repeat; the server reads one value as a list of one.
      const list_ = (property.anyOf as Json[] | undefined)?.find((item) => item.type === 'array');
      const { description, examples, ...rest } = list_ ? { ...property, ...list_ } : property;
      delete rest.anyOf;
      list.push({
        name: location === 'header' ? name.replace(/(^|-)(\w)/g, (m) => m.toUpperCase()) : name,
        in: location,
        required: location === 'path' || (json.required?.includes(name) ?? false),
        ...(description ? { description } : {}),
        schema: rest,
        ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
        ...(list_ ? { style: 'form', explode: true } : {}),
      });
    }
  }
  return list;
}

function operation(declared: Route, components: Components): Json {
  const responses: Json = {};
  for (const [status, response] of Object.entries(declared.responses)) {
    const content = {
      ...(response.schema
        ? { 'application/json': { schema: components.schema(response.schema, 'output') } }
        : {}),
      ...(response.text
        ? {
            [response.text.mediaType]: {
              schema: response.text.schema ?? {
                type: 'string',
                description: response.text.description,
              },
            },
          }
        : {}),
    };
    responses[status] = {
      description: response.description,
      headers: { ...commonHeaders(Number(status)), ...headers(response.headers ?? []) },
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  for (const status of problemResponses(declared)) {
    responses[status] = ref('responses', PROBLEM_KINDS[status].name);
  }
  const body = declared.request?.body;
  const upload = declared.upload;
  const params = parameters(declared, components);
  return {
    operationId: declared.operationId,
    tags: [declared.tag],
    summary: declared.summary,
    ...(declared.description ? { description: declared.description } : {}),
    security: SECURITY[declared.auth],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: components.schema(body, 'input') } },
          },
        }
      : {}),
    ...(upload
      ? {
          requestBody: {
            required: true,
            description: `At most ${upload.limitBytes / 1024 / 1024} MiB.`,
            content: {
              'application/json': { schema: components.schema(upload.json, 'input') },
              'text/csv': { schema: { type: 'string', description: upload.csv } },
            },
          },
        }
      : {}),
    responses,
  };
}

function problemResponse(status: ProblemStatus) {
  const kind = PROBLEM_KINDS[status];
  const extra: readonly DocumentHeader[] = 'headers' in kind ? kind.headers : [];
  return {
    description: `${kind.description} Types: ${kind.ids.map((id) => `\`urn:judix:problem:${id}\``).join(', ')}.`,
    headers: { ...commonHeaders(status), ...headers(extra) },
    content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
  };
}

/** The api's routes as OpenAPI paths: `/tasks/{id}` below the prefix. */
export function openApiDocument(prefix: string, routes: readonly Route[]): Json {
  const components = new Components();
  components.schema(problemSchema, 'output');
  const paths: Record<string, Json> = {};
  for (const declared of routes) {
    const path = `${prefix}${declared.path}`;
    paths[path] ??= {};
    paths[path][declared.method.toLowerCase()] = operation(declared, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Judix API',
      version: '1.0.0',
      description: `Task management. Bodies are JSON (UTF-8), at most ${BODY_LIMIT_BYTES} bytes (a task import also takes CSV, and more); errors are RFC 9457 problems whose \`type\` is a stable URN; every response carries \`X-Request-Id\`, and every response that passed the rate limiter carries \`RateLimit-*\`.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'auth', description: 'Accounts and sessions' },
      { name: 'users', description: 'The signed-in user' },
      { name: 'tasks', description: 'Tasks, filters and statistics' },
      { name: 'projects', description: 'The lists tasks belong to, the Inbox first' },
      { name: 'meta', description: 'This document' },
    ],
    paths,
    components: {
      schemas: components.schemas,
      responses: Object.fromEntries(
        (Object.keys(PROBLEM_KINDS).map(Number) as ProblemStatus[]).map((status) => [
          PROBLEM_KINDS[status].name,
          problemResponse(status),
        ]),
      ),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: 'judix_rt' },
      },
    },
  };
}

const documentSchema = z
  .object({ openapi: z.literal('3.1.0') })
  .loose()
  .meta({ id: 'OpenApiDocument' });

/** The routes plus `GET /openapi.json`, which serves the document derived from all of them. */
export function withDocument(prefix: string, routes: readonly Route[]) {
  let served = '';
  const all = [
    ...routes,
    route({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openApiDocument',
      tag: 'meta',
      summary: 'This document',
      auth: 'none',
      responses: { 200: { description: 'The OpenAPI 3.1 document', schema: documentSchema } },
      handler: (ctx) => {
        ctx.type = 'application/json';
        ctx.body = served;
      },
    }),
  ];
  const document = openApiDocument(prefix, all);
  served = JSON.stringify(document);
  return { routes: all, document };
}
