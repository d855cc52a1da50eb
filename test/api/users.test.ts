import { startTestApp, type TestApp } from '../support/app';
import { createTask, refreshCookieOf, registerUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('when asking for me, then the user comes back without secrets', async () => {
  const user = await registerUser(app.client, { name: 'Ada' });
  const response = await app.client.get('/api/v1/users/me', { token: user.token });
  expect(response.status).toBe(200);
  expect(Object.keys(response.body.user).sort()).toEqual(['createdAt', 'email', 'id', 'name']);
  expect(response.body.user.name).toBe('Ada');
});

it('when renaming, then the new trimmed name is stored; invalid names are a 400', async () => {
  const user = await registerUser(app.client);
  const response = await app.client.patch('/api/v1/users/me', {
    token: user.token,
    body: { name: '  Grace  ' },
  });
  expect(response.status).toBe(200);
  expect(response.body.user.name).toBe('Grace');
  expect((await app.client.get('/api/v1/users/me', { token: user.token })).body.user.name).toBe(
    'Grace',
  );
  for (const body of [
    { name: '' },
    { name: 'x'.repeat(81) },
    { name: { $set: 'x' } },
    { email: 'a@b.c' },
  ]) {
    expect((await app.client.patch('/api/v1/users/me', { token: user.token, body })).status).toBe(
      400,
    );
  }
});

describe('password change', () => {
  it('when the current password is wrong, then it answers 400 and nothing changes', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/users/me/password', {
      token: user.token,
      body: { currentPassword: 'not-the-password', newPassword: 'a-brand-new-secret' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('password');
    const login = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
  });

  it('when the new password is common, then it answers 400', async () => {
    const user = await registerUser(app.client);
    const response = await app.client.post('/api/v1/users/me/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'iloveyou' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('newPassword');
  });

  it('when changed, then other sessions end, this session refreshes, and only the new password works', async () => {
    const user = await registerUser(app.client);
    const other = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const response = await app.client.post('/api/v1/users/me/password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-secret' },
    });
    expect(response.status).toBe(204);
    expect(
      (await app.client.get('/api/v1/users/me', { token: other.body.accessToken })).status,
    ).toBe(401);
    expect(
      (await app.client.post('/api/v1/auth/refresh', { cookie: refreshCookieOf(other.headers) }))
        .status,
    ).toBe(401);
    const refreshed = await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie });
    expect(refreshed.status).toBe(200);
    expect(
      (await app.client.get('/api/v1/users/me', { token: refreshed.body.accessToken })).status,
    ).toBe(200);
    expect(
      (
        await app.client.post('/api/v1/auth/login', {
          body: { email: user.email, password: user.password },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await app.client.post('/api/v1/auth/login', {
          body: { email: user.email, password: 'a-brand-new-secret' },
        })
      ).status,
    ).toBe(200);
  });
});

it('when deleting the account with the password, then the user, the tasks and the sessions are gone', async () => {
  const user = await registerUser(app.client);
  const task = await createTask(app.client, user);
  expect(
    (
      await app.client.delete('/api/v1/users/me', {
        token: user.token,
        body: { password: 'wrong-one' },
      })
    ).status,
  ).toBe(400);
  const response = await app.client.delete('/api/v1/users/me', {
    token: user.token,
    body: { password: user.password },
  });
  expect(response.status).toBe(204);
  expect((await app.client.get(`/api/v1/tasks/${task.id}`, { token: user.token })).status).toBe(
    401,
  );
  expect((await app.client.post('/api/v1/auth/refresh', { cookie: user.cookie })).status).toBe(401);
  expect(
    (
      await app.client.post('/api/v1/auth/login', {
        body: { email: user.email, password: user.password },
      })
    ).status,
  ).toBe(401);
  const again = await registerUser(app.client, { email: user.email });
  expect((await app.client.get('/api/v1/tasks', { token: again.token })).body.data).toEqual([]);
});
