import type { AppContext, Next } from '../http/context';
import { route, type Route } from '../http/route';
import { errors } from '../platform/errors';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookie';
import {
  loginBody,
  refreshedSchema,
  registerBody,
  sessionListSchema,
  sessionParams,
  sessionSchema,
} from './schemas';
import type { AuthService, Client, Session } from './service';
import type { EventHub } from '../events/hub';

interface Options {
  auth: AuthService;
  events: EventHub;
  refreshTtlMs: number;
  cookieSecure: boolean;
  allowedOrigins: string[];
}

const SESSION_HEADERS = ['Set-Cookie', 'Cache-Control'] as const;

export function authRoutes(options: Options): Route[] {
  // Cookie-authenticated endpoints refuse cross-site requests (CSRF) when the browser says where
  // the request comes from.
  async function sameOrigin(ctx: AppContext, next: Next) {
    const origin = ctx.get('Origin');
    if (origin && !options.allowedOrigins.includes(origin)) throw errors.forbiddenOrigin();
    return next();
  }

  const clientOf = (ctx: AppContext): Client => ({
    address: ctx.ip,
    userAgent: ctx.get('User-Agent'),
  });

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

  return [
    route({
      method: 'POST',
      path: '/auth/register',
      operationId: 'register',
      tag: 'auth',
      summary: 'Create an account and sign in',
      auth: 'none',
      request: { body: registerBody },
      responses: {
        201: {
          description: 'Signed in; the refresh cookie is set',
          schema: sessionSchema,
          headers: SESSION_HEADERS,
        },
      },
      problems: [409],
      handler: async (ctx, { body }) => {
        respondWithSession(ctx, await options.auth.register(body, clientOf(ctx)), 201);
      },
    }),
    route({
      method: 'POST',
      path: '/auth/login',
      operationId: 'login',
      tag: 'auth',
      summary: 'Sign in',
      description:
        'Repeated failures for one email from one address are refused with 429 for a while.',
      auth: 'none',
      request: { body: loginBody },
      responses: {
        200: {
          description: 'Signed in; the refresh cookie is set',
          schema: sessionSchema,
          headers: SESSION_HEADERS,
        },
      },
      problems: [401],
      handler: async (ctx, { body }) => {
        respondWithSession(ctx, await options.auth.login(body, clientOf(ctx)), 200);
      },
    }),
    route({
      method: 'POST',
      path: '/auth/refresh',
      operationId: 'refresh',
      tag: 'auth',
      summary: 'Rotate the refresh cookie and get a new access token',
      auth: 'refresh-cookie',
      use: [sameOrigin],
      responses: {
        200: {
          description: 'A new access token; the rotated refresh cookie is set',
          schema: refreshedSchema,
          headers: SESSION_HEADERS,
        },
      },
      problems: [401, 403],
      handler: async (ctx) => {
        const token = readRefreshCookie(ctx);
        if (!token) throw errors.invalidRefreshToken();
        try {
          respondWithSession(ctx, await options.auth.refresh(token), 200);
        } catch (error) {
          if ((error as { status?: number }).status === 401)
            clearRefreshCookie(ctx, options.cookieSecure);
          throw error;
        }
      },
    }),
    route({
      method: 'POST',
      path: '/auth/logout',
      operationId: 'logout',
      tag: 'auth',
      summary: 'End this session',
      auth: 'optional-refresh-cookie',
      use: [sameOrigin],
      responses: {
        204: { description: 'Signed out; the refresh cookie is cleared', headers: ['Set-Cookie'] },
      },
      problems: [403],
      handler: async (ctx) => {
        const token = readRefreshCookie(ctx);
        if (token) await options.auth.logout(token);
        clearRefreshCookie(ctx, options.cookieSecure);
        ctx.status = 204;
      },
    }),
    route({
      method: 'POST',
      path: '/auth/logout-all',
      operationId: 'logoutAll',
      tag: 'auth',
      summary: 'End every session and invalidate every issued access token',
      auth: 'bearer',
      responses: {
        204: { description: 'Signed out everywhere', headers: ['Set-Cookie'] },
      },
      handler: async (ctx) => {
        await options.auth.logoutAll(ctx.state.principal!.userId);
        clearRefreshCookie(ctx, options.cookieSecure);
        ctx.status = 204;
      },
    }),
    route({
      method: 'GET',
      path: '/auth/sessions',
      operationId: 'listSessions',
      tag: 'auth',
      summary: "The signed-in user's sessions, one per sign-in",
      description:
        'The current session comes first, then the others by last use. Sessions whose refresh token expired are not listed.',
      auth: 'bearer',
      responses: { 200: { description: 'The sessions', schema: sessionListSchema } },
      handler: async (ctx) => {
        const { userId, sessionId } = ctx.state.principal!;
        ctx.body = { data: await options.auth.sessions(userId, sessionId) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/auth/sessions/{id}',
      operationId: 'revokeSession',
      tag: 'auth',
      summary: 'Sign one session out: its refresh token and its access tokens stop working',
      description:
        "The current session may be signed out too; its refresh cookie is then refused on its next use. Another user's session answers 404, like one that does not exist.",
      auth: 'bearer',
      request: { params: sessionParams },
      responses: { 204: { description: 'Signed out' } },
      problems: [404],
      handler: async (ctx, { params }) => {
        const { userId } = ctx.state.principal!;
        await options.auth.revokeSession(userId, params.id);
        void options.events.publish(userId, 'session.revoked', { id: params.id });
        ctx.status = 204;
      },
    }),
  ];
}
