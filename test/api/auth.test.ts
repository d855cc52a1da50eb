import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JWT_KEYS, startTestApp, TEST_ORIGIN, type TestApp } from '../support/app';
import { buildUser, refreshCookieOf, registerUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('register', () => {
  it('when the input is valid, then it creates the user, signs in and sets the refresh cookie', async () => {
    const input = buildUser({ email: '  Mixed.Case@Example.TEST ' });
    const response = await app.client.post('/api/v1/auth/register', { body: input });
    expect(response.status).toBe(201);
    expect(response.body.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: input.name,
      email: 'mixed.case@example.test',
      createdAt: expect.any(String),
    });
    expect(response.body.expiresIn).toBe(900);
    expect(response.body).not.toHaveProperty('user.passwordHash');
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(
      /^judix_rt=[A-Za-z0-9_-]{40,}; Path=\/api\/v1\/auth; Max-Age=604800; HttpOnly; SameSite=Strict$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('when the email exists (in any case), then it answers 409', async () => {
    const user = await registerUser(app.client);
    const again = await app.client.post('/api/v1/auth/register', {
      body: buildUser({ email: user.email.toUpperCase() }),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.errors).toEqual([{ path: 'email', message: 'is already registered' }]);
  });

  it.each([
    ['a common password', { password: 'password123' }, 'password'],
    ['a short password', { password: 'short' }, 'password'],
    ['an over-long password', { password: 'x'.repeat(129) }, 'password'],
    ['an empty name', { name: '   ' }, 'name'],
    ['an over-long name', { name: 'n'.repeat(81) }, 'name'],
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['an operator object as email', { email: { $gt: '' } }, 'email'],
    ['an operator object as password', { password: { $ne: null } }, 'password'],
  ])('when given %s, then it answers 400 naming the field', async (_label, override, path) => {
    const response = await app.client.post('/api/v1/auth/register', {
      body: { ...buildUser(), ...override },
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:judix:problem:invalid-input');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('when the body has unknown fields, then it answers 400', async () => {
    const response = await app.client.post('/api/v1/auth/register', {
      body: { ...buildUser(), admin: true },
    });
    expect(response.status).toBe(400);
  });
});

describe('login', () => {
  it('when the credentials are right, then it returns a session', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/auth/login', {
      body: { email: ` ${user.email.toUpperCase()} `, password: user.password },
    });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(user.id);
    expect(refreshCookieOf(response.headers)).toBeDefined();
  });

  it('when the email is unknown or the password wrong, then both answer the same 401', async () => {
    const user = await registerUser(app.client);
    const wrong = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: 'wrong-password' },
    });
    const unknown = await app.client.post('/api/v1/auth/login', {
      body: { email: 'nobody@example.test', password: 'wrong-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('when an operator object is sent as the email, then it is a 400, never a query', async () => {
    const response = await app.client.post('/api/v1/auth/login', {
      body: { email: { $ne: '' }, password: 'x' },
    });
    expect(response.status).toBe(400);
  });

  it('when five attempts failed, then further attempts get 429 with Retry-After, even with the right password', async () => {
    const user = await registerUser(app.client);
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await app.client.post('/api/v1/auth/login', {
        body: { email: user.email, password: 'bad-guess' },
      });
      expect(response.status).toBe(401);
    }
    const blocked = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metrics).toMatch(/judix_logins_total\{result="throttled"\} [1-9]/);
  });
});

describe('refresh tokens', () => {
  it('when a refresh token is used, then it is rotated and the old one stops working', async () => {
    const user = await registerUser(app.client);
    const first = await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toEqual(expect.any(String));
    const rotated = refreshCookieOf(first.headers)!;
    expect(rotated).not.toBe(user.cookie);
    const me = await app.client.get('/api/v1/users/me', { token: first.body.accessToken });
    expect(me.status).toBe(200);
    const second = await app.client.post('/api/v1/auth/refresh', { cookie: rotated });
    expect(second.status).toBe(200);
  });

  it('when a rotated token is reused, then the whole family is revoked', async () => {
    const user = await registerUser(app.client);
    const first = await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie });
    const current = refreshCookieOf(first.headers)!;
    const replay = await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie()[0]).toMatch(/^judix_rt=; .*Max-Age=0/);
    const legit = await app.client.post('/api/v1/auth/refresh', { cookie: current });
    expect(legit.status).toBe(401);
  });

  it('when the cookie is missing or garbage, then it answers 401', async () => {
    expect((await app.client.post('/api/v1/auth/refresh')).status).toBe(401);
    expect(
      (
        await app.client.post('/api/v1/auth/refresh', {
          cookie: 'judix_rt=forged-token-value-1234567890',
        })
      ).status,
    ).toBe(401);
  });

  it('when the request comes from a foreign origin, then refresh and logout answer 403', async () => {
    const user = await registerUser(app.client);
    const headers = { origin: 'https://evil.example' };
    expect(
      (await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie, headers })).status,
    ).toBe(403);
    expect(
      (await app.client.post('/api/v1/auth/logout', { cookie: user.cookie, headers })).status,
    ).toBe(403);
    const allowed = await app.client.post('/api/v1/auth/refresh', {
      cookie: user.cookie,
      headers: { origin: TEST_ORIGIN },
    });
    expect(allowed.status).toBe(200);
  });
});

describe('logout', () => {
  it('when logging out, then the cookie is cleared, the session ends, and repeating it is harmless', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/auth/logout', { cookie: user.cookie });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()[0]).toMatch(
      /^judix_rt=; Path=\/api\/v1\/auth; Max-Age=0/,
    );
    expect((await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie })).status).toBe(
      401,
    );
    expect((await app.client.post('/api/v1/auth/logout', { cookie: user.cookie })).status).toBe(
      204,
    );
    expect((await app.client.post('/api/v1/auth/logout')).status).toBe(204);
  });

  it('when logging out everywhere, then every session and every issued access token stop working', async () => {
    const user = await registerUser(app.client);
    const other = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const response = await app.client.post('/api/v1/auth/logout-all', { token: user.token });
    expect(response.status).toBe(204);
    expect((await app.client.get('/api/v1/users/me', { token: user.token })).status).toBe(401);
    expect(
      (await app.client.get('/api/v1/users/me', { token: other.body.accessToken })).status,
    ).toBe(401);
    expect((await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie })).status).toBe(
      401,
    );
    expect(
      (await app.client.post('/api/v1/auth/refresh', { cookie: refreshCookieOf(other.headers) }))
        .status,
    ).toBe(401);
    const again = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(
      (await app.client.get('/api/v1/users/me', { token: again.body.accessToken })).status,
    ).toBe(200);
  });
});

describe('access tokens', () => {
  let user: Awaited<ReturnType<typeof registerUser>>;
  beforeAll(async () => {
    user = await registerUser(app.client);
  });
  const kidOf = (token: string) => jwt.decode(token, { complete: true })!.header.kid as string;
  const me = (token: string) => app.client.get('/api/v1/users/me', { token });

  it('when the token is valid, then the request is authenticated', async () => {
    expect((await me(user.token)).status).toBe(200);
  });

  it('when the token is missing, then it answers 401 with WWW-Authenticate', async () => {
    const response = await app.client.get('/api/v1/users/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('when the payload is tampered with, then it answers 401', async () => {
    const [header, , signature] = user.token.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: '0'.repeat(24),
        sid: 'x',
        iat: Date.now() / 1000,
        exp: Date.now() / 1000 + 600,
      }),
    ).toString('base64url');
    expect((await me(`${header}.${payload}.${signature}`)).status).toBe(401);
  });

  it('when the token has expired, then it answers 401', async () => {
    const claims = jwt.decode(user.token) as jwt.JwtPayload;
    const expired = jwt.sign(
      {
        sub: claims.sub,
        sid: claims.sid,
        iat: Date.now() / 1000 - 3600,
        exp: Date.now() / 1000 - 60,
      },
      JWT_KEYS[0]!,
      { keyid: kidOf(user.token) },
    );
    expect((await me(expired)).status).toBe(401);
  });

  it('when the token is signed with an unknown key, then it answers 401', async () => {
    const claims = jwt.decode(user.token) as jwt.JwtPayload;
    const forged = jwt.sign(
      { sub: claims.sub, sid: claims.sid },
      'an-attacker-key-that-is-long-enough-32',
      { keyid: kidOf(user.token), expiresIn: 600 },
    );
    expect((await me(forged)).status).toBe(401);
  });

  it('when the token uses alg none, then it answers 401', async () => {
    const claims = jwt.decode(user.token) as jwt.JwtPayload;
    const header = Buffer.from(
      JSON.stringify({ alg: 'none', typ: 'JWT', kid: kidOf(user.token) }),
    ).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims })).toString('base64url');
    expect((await me(`${header}.${payload}.`)).status).toBe(401);
  });

  it('when the token was signed by a rotated-out but still listed key, then it verifies', async () => {
    const claims = jwt.decode(user.token) as jwt.JwtPayload;
    const kid = createHash('sha256').update(JWT_KEYS[1]!).digest('base64url').slice(0, 12);
    const old = jwt.sign(
      { sub: claims.sub, sid: claims.sid, iat: Date.now() / 1000 },
      JWT_KEYS[1]!,
      { keyid: kid, expiresIn: 600 },
    );
    expect((await me(old)).status).toBe(200);
  });
});
