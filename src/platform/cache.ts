// Per-user state in Redis and the response cache built on it.
//
// Each user has one small hash: `va` (access tokens issued before this time, in ms, are invalid),
// `cv` (the cache version) and `s:<session>` for each session signed out in the last access-token
// lifetime (its access tokens are invalid; the field is pruned once they have all expired).
// Cached responses live under keys that include the version, so any write by the user invalidates
// all of them in O(1) by incrementing `cv`; stale entries simply expire. One HMGET per
// authenticated request needs `va`, `cv` and the field of the token's session: they are read with
// one HMGET and kept in a tracked local copy (tracked-cache.ts), so a user's later requests to
// this replica read none of them from Redis until one of them changes, on any replica.
//
// Responses are cached in two layers: a small in-process LRU in front of Redis. A versioned key
// never changes meaning, and the version is read from Redis on every request, so any replica may
// answer from its own memory without serving another replica's stale data; a hit there saves a
// Redis round trip and the transfer of the body. Both layers keep an entry for CACHE_TTL at most.
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { TrackedCache } from './tracked-cache';

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

/** The local copy holds up to this many users, each with the sessions seen here. */
const USER_STATE_ENTRIES = 50_000;
const USER_STATE_MAX_AGE_MS = 30_000;

export class UserStateStore {
  private readonly local: TrackedCache<UserState>;

  constructor(
    private readonly redis: Redis,
    logger: Logger,
  ) {
    this.local = new TrackedCache(redis, logger, {
      prefix: 'judix:user:',
      maxEntries: USER_STATE_ENTRIES,
      maxAgeMs: USER_STATE_MAX_AGE_MS,
    });
  }

  get(userId: string, sessionId: string): Promise<UserState> {
    const key = userKey(userId);
    return this.local.read(key, sessionId, async () => {
      const [validAfter, cacheVersion, revoked] = await this.redis.hmget(
        key,
        'va',
        'cv',
        revokedSessionField(sessionId),
      );
      return {
        validAfter: Number(validAfter ?? 0),
        cacheVersion: cacheVersion ?? '0',
        sessionRevoked: revoked !== null,
      };
    });
  }

  async invalidateCaches(userId: string): Promise<void> {
    await this.redis.hincrby(userKey(userId), 'cv', 1);
    this.local.invalidate(userKey(userId));
  }

  /** Access tokens issued before `at` stop working at once. */
  async invalidateAccessTokens(userId: string, at: number): Promise<void> {
    await this.redis.hset(userKey(userId), 'va', String(at));
    this.local.invalidate(userKey(userId));
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
    this.local.invalidate(userKey(userId));
  }

  /** Closes the connections of the local copy. */
  close(): void {
    this.local.close();
  }

  async forget(userId: string): Promise<void> {
    await this.invalidateCaches(userId);
    await this.invalidateAccessTokens(userId, Date.now());
  }
}

/**
 * A byte-bounded cache of response bodies with a lifetime, evicting in least-recently-used order
 * approximated by a second chance: a hit only marks its entry, and eviction moves a marked entry to
 * the back instead of dropping it. A hit therefore costs one Map look-up, not a re-insertion.
 */
export class LocalCache {
  private readonly entries = new Map<string, { body: Buffer; expires: number; used: boolean }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, now = Date.now()): Buffer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.entries.delete(key);
      this.bytes -= entry.body.length;
      return undefined;
    }
    entry.used = true;
    return entry.body;
  }

  set(key: string, body: Buffer, expires: number): void {
    if (body.length > this.maxBytes / 4) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, { body, expires, used: false });
    this.bytes += body.length;
    // Each entry is visited at most twice: a marked one comes back once, unmarked.
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else {
        this.bytes -= entry.body.length;
      }
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
  private readonly localHits = new Map<string, ReturnType<Metrics['cacheRequests']['labels']>>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly metrics: Metrics,
    localMaxBytes = 32 * 1024 * 1024,
  ) {
    this.local = new LocalCache(localMaxBytes);
  }

  private sharedKey(cache: string, userId: string, version: string, variant: string) {
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
    // Locally the variant is part of the key as it is; only Redis's key takes its digest.
    const localKey = `${userId}\n${version}\n${cache}\n${variant}`;
    const local = this.local.get(localKey);
    if (local) {
      this.hits(cache).inc();
      return local;
    }
    let pending = this.inFlight.get(localKey);
    if (!pending) {
      const key = this.sharedKey(cache, userId, version, variant);
      pending = this.fill(cache, key, localKey, load).finally(() => this.inFlight.delete(localKey));
      this.inFlight.set(localKey, pending);
    }
    return pending;
  }

  /** The local hit counter of one cache, bound once: it counts every cached response. */
  private hits(cache: string) {
    let counter = this.localHits.get(cache);
    if (!counter) {
      counter = this.metrics.cacheRequests.labels({ cache, result: 'hit', layer: 'local' });
      this.localHits.set(cache, counter);
    }
    return counter;
  }

  private async fill(
    cache: string,
    key: string,
    localKey: string,
    load: () => Promise<unknown>,
  ): Promise<Buffer> {
    const shared = await this.redis.getBuffer(key);
    if (shared !== null) {
      this.metrics.cacheRequests.inc({ cache, result: 'hit', layer: 'redis' });
      const remainingMs = await this.redis.pttl(key);
      if (remainingMs > 0) this.local.set(localKey, shared, Date.now() + remainingMs);
      return shared;
    }
    this.metrics.cacheRequests.inc({ cache, result: 'miss', layer: 'redis' });
    const body = Buffer.from(JSON.stringify(await load()));
    this.local.set(localKey, body, Date.now() + this.ttlMs);
    await this.redis.set(key, body, 'PX', this.ttlMs).catch(() => undefined);
    return body;
  }
}
