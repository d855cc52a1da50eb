// Per-user state in Redis and the response cache built on it.
//
// Each user has one small hash: `va` (access tokens issued before this time, in ms, are invalid),
// `cv` (the cache version) and `s:<session>` for each session signed out in the last access-token
// lifetime (its access tokens are invalid; the field is pruned once they have all expired).
// Cached responses live under keys that include the version, so any write by the user invalidates
// all of them in O(1) by incrementing `cv`; stale entries simply expire. One HMGET per
// authenticated request reads `va`, `cv` and the field of the token's session.
//
// Responses are cached in two layers: a small in-process LRU in front of Redis. A versioned key
// never changes meaning, and the version is read from Redis on every request, so any replica may
// answer from its own memory without serving another replica's stale data; a hit there saves a
// Redis round trip and the transfer of the body. Both layers keep an entry for CACHE_TTL at most.
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Metrics } from './metrics';

export interface UserState {
  validAfter: number;
  cacheVersion: string;
  /** Whether the session asked about was signed out, which ends its access tokens. */
  sessionRevoked: boolean;
}

const userKey = (userId: string) => `judix:user:{${userId}}`;
const revokedSessionField = (sessionId: string) => `s:${sessionId}`;

// KEYS[1] the user's hash; ARGV: session field, now ms, ms after which a mark is no longer needed.
const REVOKE_SESSION = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local stale = tonumber(ARGV[2]) - tonumber(ARGV[3])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 's:' and tonumber(fields[i + 1]) < stale then
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
return 1
`;

export class UserStateStore {
  constructor(private readonly redis: Redis) {}

  async get(userId: string, sessionId: string): Promise<UserState> {
    const [validAfter, cacheVersion, revoked] = await this.redis.hmget(
      userKey(userId),
      'va',
      'cv',
      revokedSessionField(sessionId),
    );
    return {
      validAfter: Number(validAfter ?? 0),
      cacheVersion: cacheVersion ?? '0',
      sessionRevoked: revoked !== null,
    };
  }

  async invalidateCaches(userId: string): Promise<void> {
    await this.redis.hincrby(userKey(userId), 'cv', 1);
  }

  /** Access tokens issued before `at` stop working at once. */
  async invalidateAccessTokens(userId: string, at: number): Promise<void> {
    await this.redis.hset(userKey(userId), 'va', String(at));
  }

  /** The access tokens of one session stop working at once; `keepMs` is their lifetime. */
  async revokeSession(userId: string, sessionId: string, keepMs: number): Promise<void> {
    await this.redis.eval(
      REVOKE_SESSION,
      1,
      userKey(userId),
      revokedSessionField(sessionId),
      Date.now(),
      keepMs,
    );
  }

  async forget(userId: string): Promise<void> {
    await this.invalidateCaches(userId);
    await this.invalidateAccessTokens(userId, Date.now());
  }
}

/** A byte-bounded LRU of response bodies with a lifetime (Map order is recency order). */
export class LocalCache {
  private readonly entries = new Map<string, { body: Buffer; expires: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, now = Date.now()): Buffer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= now) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.body;
  }

  set(key: string, body: Buffer, expires: number): void {
    if (body.length > this.maxBytes / 4) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, { body, expires });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
  }

  get size(): number {
    return this.bytes;
  }
}

export class ResponseCache {
  private readonly local: LocalCache;
  /** Loads in progress, so concurrent misses of one key (e.g. when it expires) query once. */
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly metrics: Metrics,
    localMaxBytes = 32 * 1024 * 1024,
  ) {
    this.local = new LocalCache(localMaxBytes);
  }

  private key(cache: string, userId: string, version: string, variant: string) {
    const digest = createHash('sha1').update(variant).digest('base64url');
    return `judix:cache:{${userId}}:${version}:${cache}:${digest}`;
  }

  /**
   * The cached body, or the result of `load`, stored for next time (a failed store is ignored).
   * Bodies stay bytes end to end: a hit goes from Redis to the socket without being decoded.
   */
  async getOrLoad(
    cache: string,
    userId: string,
    version: string,
    variant: string,
    load: () => Promise<unknown>,
  ): Promise<Buffer> {
    const key = this.key(cache, userId, version, variant);
    const local = this.local.get(key);
    if (local) {
      this.metrics.cacheRequests.inc({ cache, result: 'hit', layer: 'local' });
      return local;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fill(cache, key, load).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fill(cache: string, key: string, load: () => Promise<unknown>): Promise<Buffer> {
    const shared = await this.redis.getBuffer(key);
    if (shared !== null) {
      this.metrics.cacheRequests.inc({ cache, result: 'hit', layer: 'redis' });
      const remainingMs = await this.redis.pttl(key);
      if (remainingMs > 0) this.local.set(key, shared, Date.now() + remainingMs);
      return shared;
    }
    this.metrics.cacheRequests.inc({ cache, result: 'miss', layer: 'redis' });
    const body = Buffer.from(JSON.stringify(await load()));
    this.local.set(key, body, Date.now() + this.ttlMs);
    await this.redis.set(key, body, 'PX', this.ttlMs).catch(() => undefined);
    return body;
  }
}
