// Refresh tokens: opaque random values, stored in Redis only as SHA-256 hashes, rotated on every
// use. A login starts a family; each rotation adds a token to it. Presenting a token that was
// already rotated means it was stolen or replayed, so the whole family is revoked.
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

const PREFIX = 'judix:auth:';
const tokenKey = (hash: string) => `${PREFIX}rt:${hash}`;
const familyKey = (family: string) => `${PREFIX}family:${family}`;
const userFamiliesKey = (userId: string) => `${PREFIX}user:${userId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

// Shared Lua: revoke one family (its tokens, the family set, the user's reference to it).
const REVOKE_FAMILY = `
local function revoke(user, fam)
  local famKey = '${PREFIX}family:' .. fam
  for _, h in ipairs(redis.call('SMEMBERS', famKey)) do redis.call('DEL', '${PREFIX}rt:' .. h) end
  redis.call('DEL', famKey)
  redis.call('SREM', '${PREFIX}user:' .. user, fam)
end
`;

// KEYS[1] presented token; ARGV: new token hash, ttl ms. Returns {status, user, family}.
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
  async issue(userId: string): Promise<{ token: string; sessionId: string }> {
    const sessionId = randomBytes(12).toString('base64url');
    const token = randomBytes(32).toString('base64url');
    const hash = hashToken(token);
    await this.redis
      .multi()
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
}
