// The api's configuration: environment variables only, validated once at start-up. Every key is
// documented here and in the README's configuration table.
import { z } from 'zod';
import { parseDuration } from './duration';

export const DEV_JWT_SECRET = 'judix-development-secret-do-not-use-in-production';

const duration = (example: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a duration such as ${example}` });
      return z.NEVER;
    }
    return ms;
  });

const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);
const list = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Address the HTTP and metrics servers bind to; unset means every interface. */
    HOST: z
      .union([z.ipv4(), z.ipv6()], { error: 'must be an IP address such as 127.0.0.1 or ::' })
      .optional(),
    /** HTTP port of the API, `/healthz` and `/readyz`. */
    PORT: port.default(8080),
    /** Port of the Prometheus `/metrics` endpoint. */
    METRICS_PORT: port.default(9464),
    /** MongoDB connection string; list every replica-set member. */
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// connection string'),
    /** Redis connection string, `redis://[:password@]host:port[/db]`. */
    REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// connection string'),
    /** HMAC keys for access tokens, comma separated: the first signs, all verify. */
    JWT_SECRET: list
      .default([DEV_JWT_SECRET])
      .pipe(
        z
          .array(
            z
              .string()
              .refine((s) => Buffer.byteLength(s) >= 32, 'each key must be at least 32 bytes'),
          )
          .min(1, 'needs at least one key'),
      ),
    ACCESS_TOKEN_TTL: duration('15m').default(15 * 60_000),
    REFRESH_TOKEN_TTL: duration('7d').default(7 * 86_400_000),
    /** Browser origins allowed by CORS and by the cookie endpoints' origin check. */
    CORS_ORIGINS: list
      .default(['http://localhost:8080', 'http://127.0.0.1:8080'])
      .pipe(z.array(z.url({ protocol: /^https?$/, message: 'must be a list of http(s) origins' }))),
    COOKIE_SECURE: boolean.default(true),
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_WINDOW: duration('1m').default(60_000),
    TRUST_PROXY: boolean.default(false),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /**
     * The request budget: every request answers within it (a 503 problem when it is spent), and
     * every MongoDB and Redis call made for it is bounded by it.
     */
    REQUEST_TIMEOUT: duration('2s')
      .default(2_000)
      .pipe(z.number().min(100, 'must be at least 100ms').max(30_000, 'must be at most 30s')),
    /** Dependency failures in a row that open its circuit breaker (requests then fail at once). */
    BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    /** How long a breaker stays open before one request probes the dependency again. */
    BREAKER_HALF_OPEN_AFTER: duration('2s').default(2_000),
    /** How long a dependency may fail before readiness fails; shorter outages keep pods ready. */
    READINESS_GRACE: duration('30s').default(30_000),
    /** How long the outcome of a write sent with an Idempotency-Key is kept for its retries. */
    IDEMPOTENCY_TTL: duration('24h').default(86_400_000),
    /** Lifetime of cached task lists and stats; every write by the user invalidates them at once. */
    CACHE_TTL: duration('30s').default(30_000),
    /** After SIGTERM: how long to keep serving (with `Connection: close`) while endpoints update. */
    SHUTDOWN_DELAY: duration('5s').default(5_000),
    /** After the drain: how long in-flight requests may take before connections are cut. */
    SHUTDOWN_TIMEOUT: duration('20s').default(20_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET.includes(DEV_JWT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'the development secret is refused when NODE_ENV=production',
      });
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Validates the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const message =
    issue.code === 'invalid_type' && input[name] === undefined ? 'is required' : issue.message;
  throw new ConfigError(`Invalid configuration: ${name} ${message}`);
}
