import Router from '@koa/router';
import type { AuthService } from '../auth/service';
import { requireAuth } from '../http/api-gate';
import type { AppState } from '../http/context';
import { parse } from '../http/validation';
import { errors } from '../platform/errors';
import type { UserModel } from './model';
import { presentUser } from './presenter';
import { changePasswordBody, deleteMeBody, updateMeBody } from './schemas';

const USER_FIELDS = { name: 1, email: 1, createdAt: 1 };

export function userRoutes(users: UserModel, auth: AuthService) {
  const router = new Router<AppState>({ prefix: '/users' });
  router.use(requireAuth);

  router.get('/me', async (ctx) => {
    const user = await users.findById(ctx.state.principal!.userId, USER_FIELDS).lean();
    if (!user) throw errors.unauthenticated('The account no longer exists.');
    ctx.body = { user: presentUser(user) };
  });

  router.patch('/me', async (ctx) => {
    const { name } = parse(updateMeBody, ctx.state.body);
    const user = await users
      .findByIdAndUpdate(
        ctx.state.principal!.userId,
        { $set: { name } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!user) throw errors.unauthenticated('The account no longer exists.');
    ctx.body = { user: presentUser(user) };
  });

  router.post('/me/password', async (ctx) => {
    const input = parse(changePasswordBody, ctx.state.body);
    const { userId, sessionId } = ctx.state.principal!;
    await auth.changePassword(userId, sessionId, input.currentPassword, input.newPassword);
    ctx.status = 204;
  });

  router.delete('/me', async (ctx) => {
    const { password } = parse(deleteMeBody, ctx.state.body);
    await auth.deleteAccount(ctx.state.principal!.userId, password);
    ctx.status = 204;
  });

  return router;
}
