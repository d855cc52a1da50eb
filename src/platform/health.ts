// Liveness and readiness. Liveness never touches a dependency. Readiness pings MongoDB and Redis
// with a short timeout and reports what it finds, with each circuit breaker's state, but fails
// only when this replica should get no traffic:
//  - at once when shutdown begins;
//  - until each dependency has answered once since start (a new pod takes no traffic before it
//    can serve, so a rollout during an outage stalls instead of replacing working pods);
//  - when a dependency has been failing for longer than `graceMs`.
// A shorter outage of a dependency every replica shares (a Redis restart, a MongoDB election)
// does not fail readiness: it would take every replica out of the Service at once, and clients
// would get connection errors instead of the api's own fast 503 problems with Retry-After.
import type Redis from 'ioredis';
import type { Connection } from 'mongoose';
import type { BreakerState } from './breaker';

export const READINESS_TIMEOUT_MS = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export type CheckResult = 'ok' | 'failing';
type Name = 'mongodb' | 'redis';

export interface ReadinessOptions {
  mongo: Connection;
  redis: Redis;
  graceMs: number;
  circuits: () => Record<Name, BreakerState>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<Name, CheckResult>;
  /** Seconds each failing dependency has been failing, as seen by these probes. */
  failingForSeconds: Partial<Record<Name, number>>;
  circuits: Record<Name, BreakerState>;
}

export class Readiness {
  private readonly reached: Record<Name, boolean> = { mongodb: false, redis: false };
  private readonly failingSince: Partial<Record<Name, number>> = {};

  constructor(private readonly options: ReadinessOptions) {
    const { mongo, redis } = options;
    if (mongo.readyState === 1) this.reached.mongodb = true;
    else mongo.once('connected', () => (this.reached.mongodb = true));
    if (redis.status === 'ready') this.reached.redis = true;
    else redis.once('ready', () => (this.reached.redis = true));
  }

  private async probe(name: Name, probe: () => Promise<unknown>): Promise<CheckResult> {
    try {
      await withTimeout(probe(), READINESS_TIMEOUT_MS);
      this.reached[name] = true;
      delete this.failingSince[name];
      return 'ok';
    } catch {
      this.failingSince[name] ??= Date.now();
      return 'failing';
    }
  }

  async check(shuttingDown: boolean): Promise<ReadinessReport> {
    const { mongo, redis } = this.options;
    const [mongodb, redisCheck] = await Promise.all([
      this.probe('mongodb', async () => {
        if (mongo.readyState !== 1 || !mongo.db) throw new Error('not connected');
        await mongo.db.command({ ping: 1 });
      }),
      this.probe('redis', () => redis.ping()),
    ]);
    const now = Date.now();
    const failingForSeconds = Object.fromEntries(
      Object.entries(this.failingSince).map(([name, since]) => [
        name,
        Math.floor((now - since) / 1000),
      ]),
    );
    const overGrace = Object.values(this.failingSince).some(
      (since) => now - since >= this.options.graceMs,
    );
    return {
      ready: !shuttingDown && this.reached.mongodb && this.reached.redis && !overGrace,
      checks: { mongodb, redis: redisCheck },
      failingForSeconds,
      circuits: this.options.circuits(),
    };
  }
}
