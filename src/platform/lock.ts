// A short Redis mutex. Writes to one task go through it so that "check the version, then write"
// is atomic on every supported server: FerretDB v1 runs findAndModify as a query followed by a
// separate update, so its version filter alone does not stop two concurrent writers.
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { AppError } from './errors';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface LockOptions {
  /** How long the lock lives if its holder dies. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up with a 503. */
  waitMs?: number;
}

export async function withLock<T>(
  redis: Redis,
  key: string,
  work: () => Promise<T>,
  { ttlMs = 5000, waitMs = 2000 }: LockOptions = {},
): Promise<T> {
  const token = randomBytes(12).toString('base64url');
  const deadline = Date.now() + waitMs;
  let delay = 2;
  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() > deadline) {
      throw new AppError(503, 'busy', 'Busy', 'The resource is being changed; retry shortly.', {
        headers: { 'Retry-After': '1' },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
