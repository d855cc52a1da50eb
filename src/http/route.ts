// One declaration per operation: what it accepts, what it can answer, and the handler. The router
// (router.ts) and the OpenAPI document (openapi.ts) are both derived from these declarations, so
// what is served and what is documented cannot drift apart.
import type { z } from 'zod';
import type { RequestBody } from './body';
import type { AppContext, Middleware } from './context';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Response headers the document defines once, in `components.headers`. */
export type HeaderName =
  'ETag' | 'Location' | 'Cache-Control' | 'Set-Cookie' | 'Content-Disposition';

/** Who may call: a bearer access token, the refresh cookie (required, or used when sent), anyone. */
export type Auth = 'bearer' | 'refresh-cookie' | 'optional-refresh-cookie' | 'none';

export interface SuccessResponse {
  description: string;
  schema?: z.ZodType;
  /**
   * A text form of the response (CSV beside the JSON, or an event stream), described; `schema`
   * is the JSON Schema of each event of a stream.
   */
  text?: {
    mediaType: 'text/csv' | 'text/event-stream';
    description: string;
    schema?: Record<string, unknown>;
  };
  headers?: readonly HeaderName[];
}

/**
 * A file upload: a JSON document or CSV text, up to `limitBytes`. The handler gets it as read and
 * validates it itself, row by row; `json` and `csv` describe the two forms in the document.
 */
export interface UploadSpec {
  limitBytes: number;
  json: z.ZodType;
  csv: string;
}

/**
 * Problem statuses an operation answers because of what it does (401 for bad credentials, 404,
 * 409, 412). The statuses every operation of its kind can answer (400 when it reads input,
 * 401 with a bearer token, 413/415 when it reads a body, 429, 503) are added by the document.
 */
export type DomainStatus = 401 | 403 | 404 | 409 | 412 | 422;

export interface RequestSchemas<P, Q, H, B> {
  params?: P;
  query?: Q;
  /** Request headers by lower-case name, e.g. `{ 'if-match': ifMatch.optional() }`. */
  headers?: H;
  body?: B;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, H, B> {
  params: Out<P>;
  query: Out<Q>;
  headers: Out<H>;
  body: Out<B>;
  /** The upload of a route that declares one; always present there. */
  upload: RequestBody | undefined;
}

type Schema = z.ZodObject | undefined;

export interface RouteSpec<P extends Schema, Q extends Schema, H extends Schema, B> {
  method: Method;
  /** Path below the api prefix, OpenAPI style: `/tasks/{id}`. */
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  /** Middleware that runs after authentication and before input validation. */
  use?: readonly Middleware[];
  request?: RequestSchemas<P, Q, H, B>;
  upload?: UploadSpec;
  responses: Partial<Record<200 | 201 | 204, SuccessResponse>>;
  problems?: readonly DomainStatus[];
  handler: (ctx: AppContext, input: RouteInput<P, Q, H, B>) => Promise<void> | void;
}

/** A declaration with its input types erased, so routes of different shapes share one list. */
export type Route = RouteSpec<Schema, Schema, Schema, z.ZodType | undefined>;

export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  H extends Schema = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, H, B>): Route {
  return spec as unknown as Route;
}

/** `/tasks/{id}` → `/tasks/:id`, the router's spelling of the same template. */
export function routerPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
