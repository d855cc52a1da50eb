// Refresh tokens: opaque random values, stored in Redis only as SHA-256 hashes, rotated on every
// use. A login starts a family; each rotation adds a token to it. Presenting a token that was
// already rotated means it was stolen or replayed, so the whole family is revoked.
//
// Keys: `rt:<hash>` a token {u user, f family, s active|used}; `family:<id>` the set of its token
// hashes; `user:<id>` the set of the user's families; `session:<family>` what the session list
// shows {u user, d device label, a truncated address, c created, l last used (ms)}. A family's
// keys share the lifetime of its newest token, so an expired session disappears with its tokens.
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Device } from './device';

const PREFIX = 'judix:auth:';
const tokenKey = (hash: string) => `${PREFIX}rt:${hash}`;
const familyKey = (family: string) => `${PREFIX}family:${family}`;
const userFamiliesKey = (userId: string) => `${PREFIX}user:${userId}`;
const sessionKey = (family: string) => `${PREFIX}session:${family}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

// Shared Lua: revoke one family (its tokens, the family set, its session, the user's reference).
const REVOKE_FAMILY = `
local function revoke(user, fam)
  local famKey = '${PREFIX}family:' .. fam
  for _, h in ipairs(redis.call('SMEMBERS', famKey)) do redis.call('DEL', '${PREFIX}rt:' .. h) end
  redis.call('DEL', famKey, '${PREFIX}session:' .. fam)
  redis.call('SREM', '${PREFIX}user:' .. user, fam)
end
`;

// KEYS[1] presented token; ARGV: new token hash, ttl ms, now ms. Returns {status, user, family}.
const ROTATE = `${REVOKE_FAMILY}
local rec = redis.call('HMGET', KEYS[1], 'u', 'f', 's')
if not rec[1] then return {0} end
if rec[3] ~= 'active' then revoke(rec[1], rec[2]) return {-1, rec[1], rec[2]} end
local famKey = '${PREFIX}family:' .. rec[2]
redis.call('HSET', KEYS[1], 's', 'used')
local newKey = '${PREFIX}rt:' .. ARGV[1]
redis.call('HSET', newKey, 'u', rec[1], 'f', rec[2], 's', 'active')
redis.call('PEXPIRE', newKey, ARGV[2])
redis.call('SADD', famKey, ARGV[1])
redis.call('PEXPIRE', famKey, ARGV[2])
redis.call('PEXPIRE', '${PREFIX}user:' .. rec[1], ARGV[2])
local sessKey = '${PREFIX}session:' .. rec[2]
if redis.call('EXISTS', sessKey) == 1 then
  redis.call('HSET', sessKey, 'l', ARGV[3])
  redis.call('PEXPIRE', sessKey, ARGV[2])
end
return {1, rec[1], rec[2]}
`;

// KEYS[1] presented token. Revokes its family; returns the user id or false.
const REVOKE_BY_TOKEN = `${REVOKE_FAMILY}
local rec = redis.call('HMGET', KEYS[1], 'u', 'f')
if not rec[1] then return false end
revoke(rec[1], rec[2])
return rec[1]
`;

// KEYS[1] the user's family set; ARGV: user id, family to keep ('' for none).
const REVOKE_USER = `${REVOKE_FAMILY}
for _, fam in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if fam ~= ARGV[2] then revoke(ARGV[1], fam) end
end
return 1
`;

// KEYS[1] the user's family set; ARGV: user id, family. Revokes it if it is the user's and alive.
const REVOKE_SESSION = `${REVOKE_FAMILY}
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 0 then return 0 end
local alive = redis.call('EXISTS', '${PREFIX}family:' .. ARGV[2])
revoke(ARGV[1], ARGV[2])
return alive
`;

export interface SessionRecord {
  id: string;
  device: string;
  /** Truncated; empty when the address was unknown. */
  address: string;
  createdAt: Date;
  lastUsedAt: Date;
}

export type RotationResult =
  | { status: 'rotated'; token: string; userId: string; sessionId: string }
  | { status: 'invalid' }
  | { status: 'reused'; userId: string };

export class RefreshTokens {
  constructor(
    private readonly redis: Redis,
    readonly ttlMs: number,
  ) {}

  /** Starts a new login family; returns the token for the cookie and the family (session) id. */
  async issue(
    userId: string,
    device: Device,
    now = Date.now(),
  ): Promise<{ token: string; sessionId: string }> {
    const sessionId = randomBytes(12).toString('base64url');
    const token = randomBytes(32).toString('base64url');
    const hash = hashToken(token);
    const session = sessionKey(sessionId);
    await this.redis
      .multi()
      .hset(session, 'u', userId, 'd', device.label, 'a', device.address, 'c', now, 'l', now)
      .pexpire(session, this.ttlMs)
      .hset(tokenKey(hash), 'u', userId, 'f', sessionId, 's', 'active')
      .pexpire(tokenKey(hash), this.ttlMs)
      .sadd(familyKey(sessionId), hash)
      .pexpire(familyKey(sessionId), this.ttlMs)
      .sadd(userFamiliesKey(userId), sessionId)
      .pexpire(userFamiliesKey(userId), this.ttlMs)
      .exec();
    return { token, sessionId };
  }

  async rotate(presented: string): Promise<RotationResult> {
    const token = randomBytes(32).toString('base64url');
    const [status, userId, sessionId] = (await this.redis.eval(
      ROTATE,
      1,
      tokenKey(hashToken(presented)),
      hashToken(token),
      this.ttlMs,
      Date.now(),
    )) as [number, string?, string?];
    if (status === 1) return { status: 'rotated', token, userId: userId!, sessionId: sessionId! };
    if (status === -1) return { status: 'reused', userId: userId! };
    return { status: 'invalid' };
  }

  /** Revokes the family of the presented token; idempotent. */
  async revoke(presented: string): Promise<void> {
    await this.redis.eval(REVOKE_BY_TOKEN, 1, tokenKey(hashToken(presented)));
  }

  /** Revokes every family of the user except `keepSessionId`. */
  async revokeAll(userId: string, keepSessionId = ''): Promise<void> {
    await this.redis.eval(REVOKE_USER, 1, userFamiliesKey(userId), userId, keepSessionId);
  }

  /** The user's live sessions, most recently used first. */
  async sessions(userId: string): Promise<SessionRecord[]> {
    const families = await this.redis.smembers(userFamiliesKey(userId));
    if (families.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const family of families) pipeline.hgetall(sessionKey(family));
    const records = (await pipeline.exec()) ?? [];
    const sessions: SessionRecord[] = [];
    families.forEach((id, index) => {
      const [error, fields] = records[index] as [Error | null, Record<string, string>];
      if (error) throw error;
      // A session of another user cannot be in this set; the check keeps it that way.
      if (fields.u !== userId) return;
      sessions.push({
        id,
        device: fields.d ?? '',
        address: fields.a ?? '',
        createdAt: new Date(Number(fields.c)),
        lastUsedAt: new Date(Number(fields.l)),
      });
    });
    return sessions.sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
  }

  /** Whether `sessionId` is a live session of the user. */
  async isSessionOf(userId: string, sessionId: string): Promise<boolean> {
    const [member, alive] = await Promise.all([
      this.redis.sismember(userFamiliesKey(userId), sessionId),
      this.redis.exists(familyKey(sessionId)),
    ]);
    return member === 1 && alive === 1;
  }

  /** Revokes one family of the user; false when it is not a live session of theirs. */
  async revokeSession(userId: string, sessionId: string): Promise<boolean> {
    const revoked = await this.redis.eval(
      REVOKE_SESSION,
      1,
      userFamiliesKey(userId),
      userId,
      sessionId,
    );
    return revoked === 1;
  }
}
