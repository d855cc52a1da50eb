// Every problem the api answers, by status: the `type` URNs a client can branch on, and the
// headers that come with them. The OpenAPI document lists them; a unit test checks that every
// error the platform can raise is here.
import { z } from 'zod';
import { PROBLEM_TYPE_PREFIX } from './problems';

export type ProblemHeader = 'Retry-After' | 'WWW-Authenticate' | 'ETag' | 'Allow';

export interface ProblemKind {
  /** The component name in `components.responses`. */
  name: string;
  description: string;
  ids: readonly string[];
  headers?: readonly ProblemHeader[];
}

export const PROBLEM_KINDS = {
  400: {
    name: 'BadRequest',
    description: 'The request is invalid; `errors` lists every invalid field.',
    ids: ['invalid-input', 'malformed-json', 'malformed-csv'],
  },
  401: {
    name: 'Unauthorized',
    description: 'Not signed in, or the credentials are wrong.',
    ids: ['unauthenticated', 'invalid-credentials', 'invalid-refresh-token'],
  },
  403: {
    name: 'Forbidden',
    description: 'A cross-site request to a cookie-authenticated endpoint.',
    ids: ['forbidden-origin'],
  },
  404: { name: 'NotFound', description: 'No such resource (or not yours).', ids: ['not-found'] },
  405: {
    name: 'MethodNotAllowed',
    description: 'The path exists but not with this method; `Allow` lists the methods.',
    ids: ['method-not-allowed'],
    headers: ['Allow'],
  },
  409: {
    name: 'Conflict',
    description:
      'The email is already registered; a request with this Idempotency-Key is still in flight; you have a project with this name, or as many projects as an account may have; or the Inbox would be archived or deleted.',
    ids: [
      'email-taken',
      'idempotency-key-in-flight',
      'project-name-taken',
      'project-limit-reached',
      'inbox-protected',
    ],
  },
  412: {
    name: 'PreconditionFailed',
    description: 'If-Match names a version that is no longer current; `ETag` is the current one.',
    ids: ['version-mismatch'],
    headers: ['ETag'],
  },
  422: {
    name: 'UnprocessableContent',
    description:
      'This Idempotency-Key was already used for a different request; the request breaks a rule that needs the stored task to check (a repeating task needs a due date); a field names a project or task that is not yours or cannot take it (an archived project), named in `errors`; or an atomic import has invalid rows, listed in `errors`.',
    ids: [
      'idempotency-key-reused',
      'recurrence-without-due-date',
      'invalid-reference',
      'import-rejected',
    ],
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The body is larger than the limit.',
    ids: ['payload-too-large'],
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The body is not `application/json` in UTF-8.',
    ids: ['unsupported-media-type'],
  },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limited; retry after `Retry-After` seconds.',
    ids: ['rate-limited'],
    headers: ['Retry-After'],
  },
  500: {
    name: 'InternalError',
    description: 'An unexpected error; the details are in the server logs under the request id.',
    ids: ['internal'],
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'A backing service is unavailable or slow (the request budget ran out), the task is being changed by another request, or the server is shutting down; retry shortly. After a write, the outcome is unknown: retry with the same Idempotency-Key.',
    ids: ['dependency-unavailable', 'request-timeout', 'busy', 'shutting-down'],
    headers: ['Retry-After'],
  },
} as const satisfies Record<number, ProblemKind>;

export type ProblemStatus = keyof typeof PROBLEM_KINDS;

const urns = Object.values(PROBLEM_KINDS).flatMap((kind) =>
  kind.ids.map((id) => `${PROBLEM_TYPE_PREFIX}${id}`),
);

export const problemSchema = z
  .object({
    type: z.enum(urns as [string, ...string[]]).meta({ description: 'Stable; branch on this' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'The request path' }),
    requestId: z.string().meta({ description: 'The X-Request-Id of the request' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'For invalid input: one entry per invalid field' }),
  })
  .meta({
    id: 'Problem',
    description: 'An RFC 9457 problem',
    examples: [
      {
        type: `${PROBLEM_TYPE_PREFIX}invalid-input`,
        title: 'Invalid input',
        status: 400,
        detail: 'The request has invalid fields.',
        instance: '/api/v1/tasks',
        requestId: '3f0c1d52-3c1e-4a0e-9d7a-0b1f5f6c2a11',
        errors: [{ path: 'title', message: 'must not be empty' }],
      },
    ],
  });
