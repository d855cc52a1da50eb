import { z } from 'zod';
import { currentPassword, email, name, newPassword, userSchema } from '../users/schemas';

export const registerBody = z.strictObject({ name, email, password: newPassword });
export const loginBody = z.strictObject({ email, password: currentPassword });

export const sessionSchema = z
  .object({ user: userSchema, accessToken: z.string(), expiresIn: z.number().int() })
  .meta({ id: 'Session' });
export const refreshedSchema = z
  .object({ accessToken: z.string(), expiresIn: z.number().int() })
  .meta({ id: 'RefreshedToken' });
