import type { AuthService } from '../auth/service';
import { route, type Route } from '../http/route';
import { errors } from '../platform/errors';
import type { UserModel } from './model';
import { presentUser } from './presenter';
import { changePasswordBody, deleteMeBody, updateMeBody, userEnvelopeSchema } from './schemas';

const USER_FIELDS = { name: 1, email: 1, createdAt: 1 };

export function userRoutes(users: UserModel, auth: AuthService): Route[] {
  return [
    route({
      method: 'GET',
      path: '/users/me',
      operationId: 'getMe',
      tag: 'users',
      summary: 'The signed-in user',
      auth: 'bearer',
      responses: { 200: { description: 'The user', schema: userEnvelopeSchema } },
      handler: async (ctx) => {
        const user = await users.findById(ctx.state.principal!.userId, USER_FIELDS).lean();
        if (!user) throw errors.unauthenticated('The account no longer exists.');
        ctx.body = { user: presentUser(user) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/users/me',
      operationId: 'updateMe',
      tag: 'users',
      summary: 'Rename the signed-in user',
      auth: 'bearer',
      request: { body: updateMeBody },
      responses: { 200: { description: 'The updated user', schema: userEnvelopeSchema } },
      handler: async (ctx, { body }) => {
        const user = await users
          .findByIdAndUpdate(
            ctx.state.principal!.userId,
            { $set: { name: body.name } },
            { returnDocument: 'after' },
          )
          .lean();
        if (!user) throw errors.unauthenticated('The account no longer exists.');
        ctx.body = { user: presentUser(user) };
      },
    }),
    route({
      method: 'POST',
      path: '/users/me/password',
      operationId: 'changePassword',
      tag: 'users',
      summary: 'Change the password; ends every other session',
      description: 'A wrong current password is a 400 problem naming the field.',
      auth: 'bearer',
      request: { body: changePasswordBody },
      responses: { 204: { description: 'Changed' } },
      handler: async (ctx, { body }) => {
        const { userId, sessionId } = ctx.state.principal!;
        await auth.changePassword(userId, sessionId, body.currentPassword, body.newPassword);
        ctx.status = 204;
      },
    }),
    route({
      method: 'DELETE',
      path: '/users/me',
      operationId: 'deleteMe',
      tag: 'users',
      summary: 'Delete the account and all its tasks and projects',
      description:
        'The password confirms the deletion; a wrong one is a 400 problem naming the field.',
      auth: 'bearer',
      request: { body: deleteMeBody },
      responses: { 204: { description: 'Deleted' } },
      handler: async (ctx, { body }) => {
        await auth.deleteAccount(ctx.state.principal!.userId, body.password);
        ctx.status = 204;
      },
    }),
  ];
}
