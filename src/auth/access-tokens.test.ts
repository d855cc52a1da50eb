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
