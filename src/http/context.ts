import type { ParameterizedContext } from 'koa';

export interface Principal {
  userId: string;
  sessionId: string;
  /** The user's response-cache version, read with the token check. */
  cacheVersion: string;
}

export interface AppState {
  requestId: string;
  /** Set by the API gate when the bearer token's signature and lifetime are valid. */
  claims?: { sub: string; sid: string; iat: number };
  /** Set when the token also passed the revocation check. */
  principal?: Principal;
  /** The parsed JSON body, set by the body parser. */
  body?: unknown;
}

export type AppContext = ParameterizedContext<AppState>;
export type Next = () => Promise<unknown>;
export type Middleware = (ctx: AppContext, next: Next) => Promise<unknown> | unknown;

/** Kubelet probe paths: not traced, and logged at debug level only. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/** The route template (`/api/v1/tasks/:id`) for logs and metrics; never the raw path. */
export function routeTemplate(ctx: AppContext): string {
  return (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
}
