// Liveness and readiness. Liveness never touches a dependency; readiness pings MongoDB and Redis
// with a short timeout and fails at once when shutdown begins.
import type Redis from 'ioredis';
import type { Connection } from 'mongoose';

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

export async function readiness(mongo: Connection, redis: Redis) {
  const check = async (probe: () => Promise<unknown>): Promise<CheckResult> =>
    withTimeout(probe(), READINESS_TIMEOUT_MS).then(
      () => 'ok' as const,
      () => 'failing' as const,
    );
  const [mongodb, redisCheck] = await Promise.all([
    check(async () => {
      if (mongo.readyState !== 1 || !mongo.db) throw new Error('not connected');
      await mongo.db.command({ ping: 1 });
    }),
    check(() => redis.ping()),
  ]);
  return { mongodb, redis: redisCheck };
}
