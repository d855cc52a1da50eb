// The Redis client. Commands fail fast while Redis is unreachable (no offline queue, short
// timeouts) so that requests get a 503 within their budget instead of hanging; the client keeps
// reconnecting in the background and recovers by itself. A command times out after half the request
// budget, so a request to a hung Redis fails by itself well before its budget is spent.
import Redis from 'ioredis';
import type { Logger } from './logger';

export function createRedis(url: string, logger: Logger, commandTimeoutMs = 1000): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: commandTimeoutMs,
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
