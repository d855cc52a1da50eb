// The gate in front of every /api route: checks the bearer token (signature, lifetime, and
// revocation of the user's tokens or of its session, from the user's state) and applies the global
// rate limit, keyed by the user when authenticated, else by the client address. Both usually
// answer from this process's memory: the user's state from its tracked local copy, the limit from
// the points this replica has leased (platform/rate-limit.ts); when either needs Redis, both reads
// go out together in one round trip (auto-pipelining).
import type Redis from 'ioredis';
import type { AccessTokens } from '../auth/access-tokens';
import type { UserStateStore } from '../platform/cache';
import { errors } from '../platform/errors';
import type { Metrics } from '../platform/metrics';
import { RateLimiter } from '../platform/rate-limit';
import type { AppContext, Next } from './context';

export interface GateOptions {
  redis: Redis;
  tokens: AccessTokens;
  userStates: UserStateStore;
  metrics: Metrics;
  max: number;
  windowMs: number;
}

export function bearerToken(ctx: AppContext): string | undefined {
  const header = ctx.get('Authorization');
  return header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function apiGate(options: GateOptions) {
  const limiter = new RateLimiter(
    options.redis,
    'judix:rl:global',
    options.max,
    Math.max(1000, Math.round(options.windowMs / 1000) * 1000),
  );
  const limitHeader = String(options.max);

  const gate = async function gate(ctx: AppContext, next: Next) {
    const token = bearerToken(ctx);
    const claims = token ? options.tokens.verify(token) : undefined;
    const clientKey = claims ? `user:${claims.sub}` : `ip:${ctx.ip}`;
    const [limit, state] = await Promise.all([
      limiter.consume(clientKey),
      claims ? options.userStates.get(claims.sub, claims.sid) : undefined,
    ]);
    const resetSeconds = Math.ceil(limit.resetMs / 1000);
    ctx.set('RateLimit-Limit', limitHeader);
    ctx.set('RateLimit-Remaining', String(limit.remaining));
    ctx.set('RateLimit-Reset', String(resetSeconds));
    if (!limit.allowed) {
      options.metrics.rateLimited.inc({ limit: 'global' });
      throw errors.rateLimited(resetSeconds);
    }
    if (
      claims &&
      state &&
      !state.sessionRevoked &&
      Math.round(claims.iat * 1000) >= state.validAfter
    ) {
      ctx.state.principal = {
        userId: claims.sub,
        sessionId: claims.sid,
        cacheVersion: state.cacheVersion,
      };
    }
    return next();
  };
  return Object.assign(gate, { close: () => limiter.close() });
}

/** Route guard: 401 unless the gate accepted the bearer token. */
export async function requireAuth(ctx: AppContext, next: Next) {
  if (!ctx.state.principal) throw errors.unauthenticated();
  return next();
}
