import Redis from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { refreshCookieOf, registerUser, signedIn, type SignedInUser } from '../support/builders';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function login(user: SignedInUser, userAgent: string): Promise<SignedInUser> {
  const response = await app.client.post('/api/v1/auth/login', {
    body: { email: user.email, password: user.password },
    headers: { 'user-agent': userAgent },
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return signedIn(user, response);
}

/** One account signed in twice: on a laptop (Firefox) and on a phone (Safari). */
async function userOnTwoDevices() {
  const account = await registerUser(app.client);
  const laptop = await login(account, FIREFOX_LINUX);
  const phone = await login(account, SAFARI_IPHONE);
  await app.client.post('/api/v1/auth/logout', { cookie: account.cookie });
  return { laptop, phone };
}

const listSessions = (user: SignedInUser) =>
  app.client.get('/api/v1/auth/sessions', { token: user.token });

async function sessionIdOf(user: SignedInUser): Promise<string> {
  const { body } = await listSessions(user);
  return body.data.find((session: { current: boolean }) => session.current).id;
}

describe('listing sessions', () => {
  it('when the user signed in on two devices, then both are listed and the current one is marked', async () => {
    const { laptop, phone } = await userOnTwoDevices();
    const response = await listSessions(laptop);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      {
        id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
        device: 'Firefox on Linux',
        address: '127.0.0.0',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: true,
      },
      expect.objectContaining({ device: 'Safari on iPhone', address: '127.0.0.0', current: false }),
    ]);
    const fromPhone = await listSessions(phone);
    expect(
      fromPhone.body.data.map((s: { device: string; current: boolean }) => [s.device, s.current]),
    ).toEqual([
      ['Safari on iPhone', true],
      ['Firefox on Linux', false],
    ]);
  });

  it('when a refresh token is rotated, then its session shows a later lastUsedAt', async () => {
    const { laptop } = await userOnTwoDevices();
    const [before] = (await listSessions(laptop)).body.data;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refreshed = await app.client.post('/api/v1/auth/refresh', { cookie: laptop.cookie });
    expect(refreshed.status).toBe(200);
    const [after] = (await listSessions({ ...laptop, token: refreshed.body.accessToken })).body
      .data;
    expect(after.id).toBe(before.id);
    expect(after.current).toBe(true);
    expect(after.createdAt).toBe(before.createdAt);
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(before.lastUsedAt));
  });

  it('when the User-Agent is huge, garbage or missing, then sign-in works and the device is unknown', async () => {
    const account = await registerUser(app.client);
    for (const userAgent of ['(('.repeat(5000), '}{;\\"\'<script>', '']) {
      const session = await login(account, userAgent);
      const { body } = await listSessions(session);
      const current = body.data.find((s: { current: boolean }) => s.current);
      expect(current.device).toBe('Unknown device');
    }
  });

  it('when called without an access token, then it answers 401', async () => {
    const response = await app.client.get('/api/v1/auth/sessions');
    expect(response.status).toBe(401);
    expect(response.body.type).toBe('urn:judix:problem:unauthenticated');
  });
});

describe('revoking a session', () => {
  it('when another session is revoked, then its refresh token and its access token stop working at once, and this one goes on', async () => {
    const { laptop, phone } = await userOnTwoDevices();
    const phoneSession = await sessionIdOf(phone);
    expect((await app.client.get('/api/v1/users/me', { token: phone.token })).status).toBe(200);

    const revoked = await app.client.delete(`/api/v1/auth/sessions/${phoneSession}`, {
      token: laptop.token,
    });
    expect(revoked.status).toBe(204);

    const phoneCall = await app.client.get('/api/v1/users/me', { token: phone.token });
    expect(phoneCall.status).toBe(401);
    expect(phoneCall.body.type).toBe('urn:judix:problem:unauthenticated');
    const phoneRefresh = await app.client.post('/api/v1/auth/refresh', { cookie: phone.cookie });
    expect(phoneRefresh.status).toBe(401);

    expect((await app.client.get('/api/v1/users/me', { token: laptop.token })).status).toBe(200);
    const laptopRefresh = await app.client.post('/api/v1/auth/refresh', { cookie: laptop.cookie });
    expect(laptopRefresh.status).toBe(200);
    const remaining = await listSessions({ ...laptop, token: laptopRefresh.body.accessToken });
    expect(remaining.body.data.map((s: { device: string }) => s.device)).toEqual([
      'Firefox on Linux',
    ]);
  });

  it('when the current session is revoked, then this device is signed out', async () => {
    const { laptop, phone } = await userOnTwoDevices();
    const revoked = await app.client.delete(`/api/v1/auth/sessions/${await sessionIdOf(laptop)}`, {
      token: laptop.token,
    });
    expect(revoked.status).toBe(204);
    expect((await app.client.get('/api/v1/users/me', { token: laptop.token })).status).toBe(401);
    expect((await app.client.post('/api/v1/auth/refresh', { cookie: laptop.cookie })).status).toBe(
      401,
    );
    expect((await app.client.get('/api/v1/users/me', { token: phone.token })).status).toBe(200);
  });

  it('when the session was already revoked, then a second revocation answers 404', async () => {
    const { laptop, phone } = await userOnTwoDevices();
    const path = `/api/v1/auth/sessions/${await sessionIdOf(phone)}`;
    expect((await app.client.delete(path, { token: laptop.token })).status).toBe(204);
    const again = await app.client.delete(path, { token: laptop.token });
    expect(again.status).toBe(404);
  });

  it('when another user names your session, then it is not found and your session keeps working', async () => {
    const { laptop } = await userOnTwoDevices();
    const stranger = await registerUser(app.client);
    const laptopSession = await sessionIdOf(laptop);

    const seen = await listSessions(stranger);
    expect(seen.body.data.map((s: { id: string }) => s.id)).not.toContain(laptopSession);
    const attempt = await app.client.delete(`/api/v1/auth/sessions/${laptopSession}`, {
      token: stranger.token,
    });
    expect(attempt.status).toBe(404);
    expect(attempt.body.type).toBe('urn:judix:problem:not-found');

    expect((await app.client.get('/api/v1/users/me', { token: laptop.token })).status).toBe(200);
    const refresh = await app.client.post('/api/v1/auth/refresh', { cookie: laptop.cookie });
    expect(refreshCookieOf(refresh.headers)).toBeDefined();
    expect(refresh.status).toBe(200);
  });

  it('when the id is well-formed but unknown, then it answers 404', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.delete('/api/v1/auth/sessions/AAAAAAAAAAAAAAAA', {
      token: user.token,
    });
    expect(response.status).toBe(404);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'A'.repeat(17)],
    ['with other characters', 'AAAAAAAA%2BAAAAAA'],
    ['with a dot', 'AAAAAAA.AAAAAAAA'],
  ])('when the id is %s, then it answers 400', async (_label, id) => {
    const user = await registerUser(app.client);
    const response = await app.client.delete(`/api/v1/auth/sessions/${id}`, {
      token: user.token,
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:judix:problem:invalid-input');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['id']);
  });
});

describe('revocation marks', () => {
  it('when a mark is older than the access-token lifetime, then the next revocation prunes it', async () => {
    const redis = new Redis(app.redis.url);
    try {
      const account = await registerUser(app.client);
      const [first, second, third] = [
        await login(account, FIREFOX_LINUX),
        await login(account, SAFARI_IPHONE),
        await login(account, FIREFOX_LINUX),
      ];
      const [firstId, secondId] = [await sessionIdOf(first), await sessionIdOf(second)];
      const key = `judix:user:{${account.id}}`;
      const revoke = (id: string) =>
        app.client.delete(`/api/v1/auth/sessions/${id}`, { token: third.token });

      expect((await revoke(firstId)).status).toBe(204);
      const expired = Date.now() - app.config.ACCESS_TOKEN_TTL - 1000;
      await redis.hset(key, `s:${firstId}`, String(expired));
      expect((await revoke(secondId)).status).toBe(204);

      expect(await redis.hexists(key, `s:${firstId}`)).toBe(0);
      expect(await redis.hexists(key, `s:${secondId}`)).toBe(1);
      expect((await app.client.get('/api/v1/users/me', { token: third.token })).status).toBe(200);
    } finally {
      redis.disconnect();
    }
  });
});
