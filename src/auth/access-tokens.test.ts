import jwt from 'jsonwebtoken';
import { AccessTokens } from './access-tokens';

const KEY_A = 'key-a-that-is-comfortably-over-32-bytes';
const KEY_B = 'key-b-that-is-comfortably-over-32-bytes';

describe('AccessTokens', () => {
  it('when issued, then the token carries the user, the session, a kid and millisecond iat', () => {
    const tokens = new AccessTokens([KEY_A], 60_000);
    const token = tokens.issue('user-1', 'session-1', 1_700_000_000_123);
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header).toMatchObject({ alg: 'HS256', kid: expect.any(String) });
    expect(decoded.payload).toMatchObject({
      sub: 'user-1',
      sid: 'session-1',
      iat: 1_700_000_000.123,
    });
  });

  it('when keys rotate, then tokens of the old key verify while it is listed and fail once removed', () => {
    const before = new AccessTokens([KEY_A], 60_000);
    const token = before.issue('user-1', 'session-1');
    expect(new AccessTokens([KEY_B, KEY_A], 60_000).verify(token)).toMatchObject({ sub: 'user-1' });
    expect(new AccessTokens([KEY_B], 60_000).verify(token)).toBeUndefined();
  });

  it.each([
    ['not a jwt'],
    [jwt.sign({ sub: 'u', sid: 's' }, KEY_A)],
    [jwt.sign({ sid: 's' }, KEY_A, { keyid: 'x' })],
  ])('when the token is %p, then it does not verify', (token) => {
    expect(new AccessTokens([KEY_A], 60_000).verify(token)).toBeUndefined();
  });

  it('when the claims lack a session, then it does not verify', () => {
    const tokens = new AccessTokens([KEY_A], 60_000);
    const kid = jwt.decode(tokens.issue('u', 's'), { complete: true })!.header.kid!;
    expect(tokens.verify(jwt.sign({ sub: 'u' }, KEY_A, { keyid: kid }))).toBeUndefined();
  });
});

describe('AccessTokens.verify edge cases', () => {
  const tokens = new AccessTokens([KEY_A], 60_000);
  const valid = tokens.issue('user-1', 'session-1', 1_700_000_000_000);
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const kid = jwt.decode(valid, { complete: true })!.header.kid as string;
  const resign = (claims: object, alg = 'HS256') =>
    jwt.sign(claims, KEY_A, { algorithm: alg as jwt.Algorithm, keyid: kid, noTimestamp: true });

  it('when the token is valid at its time, then it verifies; at or after exp it does not', () => {
    expect(tokens.verify(valid, 1_700_000_030_000)).toMatchObject({ sub: 'user-1' });
    expect(tokens.verify(valid, 1_700_000_060_000)).toBeUndefined();
  });

  it.each([
    ['four segments', `${valid}.x`],
    ['an empty signature', `${header}.${payload}.`],
    ['a header that is not JSON', `bm90IGpzb24.${payload}.${signature}`],
    ['a header that is JSON null', `${segment(null)}.${payload}.${signature}`],
    ['a truncated signature', `${header}.${payload}.${signature.slice(0, 10)}`],
    ['another algorithm', resign({ sub: 'u', sid: 's', iat: 1, exp: 9e9 }, 'HS512')],
    ['no expiry', resign({ sub: 'u', sid: 's', iat: 1 })],
    ['a numeric subject', resign({ sub: 42, sid: 's', iat: 1, exp: 9e9 })],
    ['a not-before in the future', resign({ sub: 'u', sid: 's', iat: 1, exp: 9e9, nbf: 9e9 - 1 })],
  ])('when the token has %s, then it does not verify', (_label, token) => {
    expect(tokens.verify(token, 1_700_000_030_000)).toBeUndefined();
  });

  it('when the signature is spelled another way that decodes to the same bytes, then it does not verify', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    // 32 bytes leave two unused low bits in the 43rd character.
    const sameBytes = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(sameBytes, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    for (const spelling of [sameBytes, `${signature}=`, signature.replaceAll('-', '+')]) {
      if (spelling === signature) continue;
      expect(tokens.verify(`${header}.${payload}.${spelling}`, 1_700_000_030_000)).toBeUndefined();
    }
  });
});
