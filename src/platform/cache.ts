// Per-user state in Redis and the response cache built on it.
//
// Each user has one small hash: `va` (access tokens issued before this time, in ms, are invalid)
// and `cv` (the cache version). Cached responses live under keys that include the version, so any
// write by the user invalidates all of them in O(1) by incrementing `cv`; stale entries simply
// expire. One HMGET per authenticated request reads both fields.
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Metrics } from './metrics';

export interface UserState {
  validAfter: number;
  cacheVersion: string;
}

const userKey = (userId: string) => `judix:user:{${userId}}`;

export class UserStateStore {
  constructor(private readonly redis: Redis) {}

  async get(userId: string): Promise<UserState> {
    const [validAfter, cacheVersion] = await this.redis.hmget(userKey(userId), 'va', 'cv');
    return { validAfter: Number(validAfter ?? 0), cacheVersion: cacheVersion ?? '0' };
  }

  async invalidateCaches(userId: string): Promise<void> {
    await this.redis.hincrby(userKey(userId), 'cv', 1);
  }

  /** Access tokens issued before `at` stop working at once. */
  async invalidateAccessTokens(userId: string, at: number): Promise<void> {
    await this.redis.hset(userKey(userId), 'va', String(at));
  }

  async forget(userId: string): Promise<void> {
    await this.redis.hincrby(userKey(userId), 'cv', 1);
    await this.redis.hset(userKey(userId), 'va', String(Date.now()));
  }
}

export class ResponseCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly metrics: Metrics,
  ) {}

  private key(cache: string, userId: string, version: string, variant: string) {
    const digest = createHash('sha1').update(variant).digest('base64url');
    return `judix:cache:{${userId}}:${version}:${cache}:${digest}`;
  }

  /** The cached body, or the result of `load`, stored for next time (a failed store is ignored). */
  async getOrLoad(
    cache: string,
    userId: string,
    version: string,
    variant: string,
    load: () => Promise<string>,
  ): Promise<string> {
    const key = this.key(cache, userId, version, variant);
    const hit = await this.redis.get(key);
    if (hit !== null) {
      this.metrics.cacheRequests.inc({ cache, result: 'hit' });
      return hit;
    }
    this.metrics.cacheRequests.inc({ cache, result: 'miss' });
    const body = await load();
    await this.redis.set(key, body, 'PX', this.ttlMs).catch(() => undefined);
    return body;
  }
}
