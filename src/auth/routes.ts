import Router from '@koa/router';
import { requireAuth } from '../http/api-gate';
import type { AppContext, AppState, Next } from '../http/context';
import { parse } from '../http/validation';
import { errors } from '../platform/errors';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookie';
import { loginBody, registerBody } from './schemas';
import type { AuthService, Session } from './service';

interface Options {
  auth: AuthService;
  refreshTtlMs: number;
  cookieSecure: boolean;
  allowedOrigins: string[];
}

export function authRoutes(options: Options) {
  const router = new Router<AppState>({ prefix: '/auth' });

  // Cookie-authenticated endpoints refuse cross-site requests (CSRF) when the browser says where
  // the request comes from.
  async function sameOrigin(ctx: AppContext, next: Next) {
    const origin = ctx.get('Origin');
    if (origin && !options.allowedOrigins.includes(origin)) throw errors.forbiddenOrigin();
    return next();
  }

  function respondWithSession(ctx: AppContext, session: Session, status: number) {
    setRefreshCookie(ctx, session.refreshToken, options.refreshTtlMs, options.cookieSecure);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = status;
    ctx.body = {
      ...(session.user ? { user: session.user } : {}),
      accessToken: session.accessToken,
      expiresIn: session.expiresIn,
    };
  }

  router.post('/register', async (ctx) => {
    const input = parse(registerBody, ctx.state.body);
    respondWithSession(ctx, await options.auth.register(input), 201);
  });

  router.post('/login', async (ctx) => {
    const input = parse(loginBody, ctx.state.body);
    respondWithSession(ctx, await options.auth.login(input, ctx.ip), 200);
  });

  router.post('/refresh', sameOrigin, async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (!token) throw errors.invalidRefreshToken();
    try {
      respondWithSession(ctx, await options.auth.refresh(token), 200);
    } catch (error) {
      if ((error as { status?: number }).status === 401)
        clearRefreshCookie(ctx, options.cookieSecure);
      throw error;
    }
  });

  router.post('/logout', sameOrigin, async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (token) await options.auth.logout(token);
    clearRefreshCookie(ctx, options.cookieSecure);
    ctx.status = 204;
  });

  router.post('/logout-all', requireAuth, async (ctx) => {
    await options.auth.logoutAll(ctx.state.principal!.userId);
    clearRefreshCookie(ctx, options.cookieSecure);
    ctx.status = 204;
  });

  return router;
}
