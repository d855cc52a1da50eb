// The api router, derived from the route declarations: each route authenticates, runs its own
// middleware, reads and validates exactly the input it declares, then calls its handler. A known
// path with an unknown method is a 405 problem with `Allow` (OPTIONS answers the `Allow` list).
import Router from '@koa/router';
import compose from 'koa-compose';
import type { z } from 'zod';
import { errors } from '../platform/errors';
import { requireAuth } from './api-gate';
import { readBody, readJsonBody, type BodySpec } from './body';
import type { AppContext, AppState, Middleware, Next } from './context';
import { routerPath, type Route, type UploadSpec } from './route';
import { parse } from './validation';

/** The declared headers as sent; an empty header is present (and usually invalid), not absent. */
function headerValues(schema: z.ZodObject, ctx: AppContext) {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, ctx.headers[name]]));
}

/** How a route's upload is read: JSON or CSV, up to its limit. */
export const uploadBody = (upload: UploadSpec): BodySpec => ({
  limitBytes: upload.limitBytes,
  accepts: ['json', 'csv'],
});

function validated(declared: Route): Middleware {
  const request = declared.request ?? {};
  return async (ctx: AppContext) => {
    const params = request.params
      ? parse(request.params, ctx.params, 'The path has invalid parameters.')
      : undefined;
    const query = request.query
      ? parse(request.query, ctx.query, 'The query has invalid parameters.')
      : undefined;
    const headers = request.headers
      ? parse(request.headers, headerValues(request.headers, ctx), 'A header is invalid.')
      : undefined;
    const body = request.body ? parse(request.body, await readJsonBody(ctx)) : undefined;
    const upload = declared.upload ? await readBody(ctx, uploadBody(declared.upload)) : undefined;
    if (declared.upload && !upload) {
      throw errors.invalidInput(
        [{ path: 'body', message: 'is required' }],
        'Send the file as the body.',
      );
    }
    await declared.handler(ctx, { params, query, headers, body, upload });
  };
}

export function apiRouter(prefix: string, routes: readonly Route[]): Router<AppState> {
  const router = new Router<AppState>({ prefix });
  for (const declared of routes) {
    router.register(
      routerPath(declared.path),
      [declared.method],
      [
        ...(declared.auth === 'bearer' ? [requireAuth] : []),
        ...(declared.use ?? []),
        validated(declared),
      ],
    );
  }
  return router;
}

type Layer = Router<AppState>['stack'][number];

/**
 * The layers that serve a path: a literal path (`/tasks/stats`) shadows a parameterised one
 * (`/tasks/:id`), so `PATCH /tasks/stats` is a 405 rather than a task id that fails validation.
 */
function layersFor(router: Router<AppState>, path: string): Layer[] {
  const layers = router.match(path, 'GET').path.filter((layer) => layer.methods.length > 0);
  const literal = layers.filter((layer) => layer.paramNames.length === 0);
  return literal.length > 0 ? literal : layers;
}

/** What resolveRoute found for a request, so that serve() need not match the path again. */
const matches = new WeakMap<AppContext, { router: Router<AppState>; layers: Layer[] }>();

/**
 * Serves the router's routes; a known path with another method is answered here. The matched
 * route's own middleware runs as one chain composed once per route, with the path's parameters in
 * `ctx.params`, as the router's dispatcher would run it.
 */
export function serve(router: Router<AppState>): Middleware {
  const chains = new Map<Layer, ReturnType<typeof compose<AppContext>>>();
  const chainOf = (layer: Layer) => {
    let chain = chains.get(layer);
    if (!chain) {
      chain = compose(layer.stack as unknown as Middleware[]);
      chains.set(layer, chain);
    }
    return chain;
  };
  return (ctx: AppContext, next: Next) => {
    const match = matches.get(ctx);
    const layers = match?.router === router ? match.layers : layersFor(router, ctx.path);
    const layer = layers.find((candidate) => candidate.methods.includes(ctx.method));
    if (layer) {
      const context = ctx as AppContext & { params: Record<string, string> };
      context.params =
        layer.paramNames.length === 0
          ? {}
          : layer.params(ctx.path, layer.captures(ctx.path) ?? [], {});
      return chainOf(layer)(ctx, next);
    }
    if (layers.length === 0) return next();
    const allow = [
      ...new Set([...layers.flatMap((candidate) => candidate.methods), 'OPTIONS']),
    ].join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow);
      ctx.status = 204;
      return undefined;
    }
    throw errors.methodNotAllowed(allow);
  };
}

/**
 * Labels the request with the template of the route it would reach (`/api/v1/tasks/:id`), before
 * anything can refuse it, so metrics, spans and logs never carry a raw path or a router pattern.
 */
export function resolveRoute(routers: readonly Router<AppState>[]): Middleware {
  return (ctx: AppContext, next: Next) => {
    for (const router of routers) {
      const layers = layersFor(router, ctx.path);
      const layer = layers.find((candidate) => candidate.methods.includes(ctx.method)) ?? layers[0];
      if (layer) {
        ctx.state.route = String(layer.path);
        matches.set(ctx, { router, layers });
        break;
      }
    }
    return next();
  };
}
