// A short Redis mutex. Writes to one task go through it so that "check the version, then write"
// is atomic on every supported server: FerretDB v1 runs findAndModify as a query followed by a
// separate update, so its version filter alone does not stop two concurrent writers. A bulk write
// holds the locks of all its tasks at once, taken together or not at all.
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { AppError } from './errors';

// All the keys or none, so two writers that each need several never hold part of a set and wait on
// each other. KEYS: the locks; ARGV: the holder's token, the lifetime in ms.
const ACQUIRE = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return 1
`;
const RELEASE = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1
`;

export interface LockOptions {
  /** How long the lock lives if its holder dies. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up with a 503. */
  waitMs?: number;
}

export function withLock<T>(
  redis: Redis,
  key: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  return withLocks(redis, [key], work, options);
}

/** Runs `work` holding every one of the locks (a bulk write holds one per task). */
export async function withLocks<T>(
  redis: Redis,
  keys: readonly string[],
  work: () => Promise<T>,
  { ttlMs = 5000, waitMs = 2000 }: LockOptions = {},
): Promise<T> {
  const token = randomBytes(12).toString('base64url');
  const deadline = Date.now() + waitMs;
  let delay = 2;
  while ((await redis.eval(ACQUIRE, keys.length, ...keys, token, ttlMs)) !== 1) {
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
    await redis.eval(RELEASE, keys.length, ...keys, token).catch(() => undefined);
  }
}
