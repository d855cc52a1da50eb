// Access tokens: short-lived HS256 JWTs. Keys rotate: the first configured secret signs, every
// configured secret verifies, and the `kid` header names the key so verification needs no search.
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
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

export class AccessTokens {
  private readonly signing: Key;
  private readonly verifying: Map<string, KeyObject>;

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

  /** The claims of a valid token, or undefined for anything else (tampered, expired, unknown key, other alg). */
  verify(token: string): AccessClaims | undefined {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    const key = kid === undefined ? undefined : this.verifying.get(kid);
    if (!key) return undefined;
    try {
      const claims = jwt.verify(token, key, { algorithms: ['HS256'] });
      if (
        typeof claims === 'object' &&
        typeof claims.sub === 'string' &&
        typeof claims.sid === 'string' &&
        typeof claims.iat === 'number'
      ) {
        return { sub: claims.sub, sid: claims.sid, iat: claims.iat };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
}
