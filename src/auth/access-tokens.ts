// Access tokens: short-lived HS256 JWTs. Keys rotate: the first configured secret signs, every
// configured secret verifies, and the `kid` header names the key so verification needs no search.
import {
  createHash,
  createHmac,
  createSecretKey,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Login family (session) id, so "other sessions" can be told from this one. */
  sid: string;
  /** Issued-at in seconds with millisecond precision. */
  iat: number;
}

interface Key {
  kid: string;
  secret: KeyObject;
}

const keyId = (secret: string) =>
  createHash('sha256').update(secret).digest('base64url').slice(0, 12);

/** Tokens already verified, with their claims: a client sends the same token for minutes. */
const VERIFIED_TOKENS = 10_000;

interface Verified {
  claims: AccessClaims;
  exp: number;
  nbf: number | undefined;
}

export class AccessTokens {
  private readonly signing: Key;
  private readonly verifying: Map<string, KeyObject>;
  /** Only tokens that passed every check get here, so made-up tokens cannot push others out. */
  private readonly verified = new Map<string, Verified>();

  constructor(
    secrets: string[],
    readonly ttlMs: number,
  ) {
    const keys = secrets.map((secret) => ({
      kid: keyId(secret),
      secret: createSecretKey(Buffer.from(secret)),
    }));
    this.signing = keys[0]!;
    this.verifying = new Map(keys.map((key) => [key.kid, key.secret]));
  }

  issue(userId: string, sessionId: string, now = Date.now()): string {
    return jwt.sign({ sub: userId, sid: sessionId, iat: now / 1000 }, this.signing.secret, {
      algorithm: 'HS256',
      keyid: this.signing.kid,
      expiresIn: this.ttlMs / 1000,
    });
  }

  /**
   * The claims of a valid token, or undefined for anything else (malformed, tampered, expired,
   * unknown key, any algorithm but HS256). Verified here rather than with jsonwebtoken because it
   * runs on every request and jsonwebtoken parses the token twice on the way (a third of the cost
   * of a cached read); jsonwebtoken still signs.
   */
  verify(token: string, now = Date.now()): AccessClaims | undefined {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > now && (known.nbf === undefined || known.nbf * 1000 <= now)) {
        return known.claims;
      }
      if (known.exp * 1000 <= now) this.verified.delete(token);
      return undefined;
    }
    const verified = this.check(token, now);
    if (!verified) return undefined;
    this.verified.set(token, verified);
    if (this.verified.size > VERIFIED_TOKENS) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    return verified.claims;
  }

  private check(token: string, now: number): Verified | undefined {
    const [header, payload, signature, extra] = token.split('.');
    if (!header || !payload || !signature || extra !== undefined) return undefined;
    const { alg, kid } = (parseSegment(header) ?? {}) as { alg?: unknown; kid?: unknown };
    const key = alg === 'HS256' && typeof kid === 'string' ? this.verifying.get(kid) : undefined;
    if (!key) return undefined;
    // Compared as canonical base64url text: decoding first would accept several spellings of
    // one signature (padding, `+` for `-`, unused low bits in the last character).
    const expected = Buffer.from(
      createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'),
    );
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    const claims = parseSegment(payload) as Partial<
      Record<'sub' | 'sid' | 'iat' | 'exp' | 'nbf', unknown>
    >;
    if (
      !claims ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      typeof claims.iat !== 'number' ||
      typeof claims.exp !== 'number' ||
      claims.exp * 1000 <= now ||
      (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf * 1000 > now))
    ) {
      return undefined;
    }
    return {
      claims: { sub: claims.sub, sid: claims.sid, iat: claims.iat },
      exp: claims.exp,
      nbf: claims.nbf as number | undefined,
    };
  }
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
