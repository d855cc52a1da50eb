import type { ParameterizedContext } from 'koa';

export interface Principal {
  userId: string;
  sessionId: string;
  /** The user's response-cache version, read with the token check. */
  cacheVersion: string;
}

export interface AppState {
  requestId: string;
  /** Set when the token also passed the revocation check. */
  principal?: Principal;
  /** The template of the route this request reaches, set before anything can refuse it. */
  route?: string;
  /**
   * Set when the request budget ran out and the client got a 503: the work still in flight
   * goes on, but whatever it puts in the response now never reaches the client.
   */
  budgetSpent?: boolean;
}

export type AppContext = ParameterizedContext<AppState>;
export type Next = () => Promise<unknown>;
export type Middleware = (ctx: AppContext, next: Next) => Promise<unknown> | unknown;

/** Kubelet probe paths: not traced, and logged at debug level only. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/** The route template (`/api/v1/tasks/:id`) for logs, metrics and spans; never the raw path. */
export function routeTemplate(ctx: AppContext): string {
  return ctx.state.route ?? 'unmatched';
}
