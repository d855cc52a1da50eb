// The Redis client. Commands fail fast while Redis is unreachable (no offline queue, short
// timeouts) so that requests get a 503 within two seconds instead of hanging; the client keeps
// reconnecting in the background and recovers by itself.
import Redis from 'ioredis';
import type { Logger } from './logger';

export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn({ err: { message: error.message } }, 'redis unavailable');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.info('redis connection restored');
    reported = false;
  });
  return redis;
}

/** Connects at start-up; waits (retrying) until Redis answers, so the api can start before it. */
export async function connectRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'wait') return;
  await redis.connect().catch(() => undefined);
}
