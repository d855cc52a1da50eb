import { z } from 'zod';
import { currentPassword, email, name, newPassword, userSchema } from '../users/schemas';

export const registerBody = z
  .strictObject({ name, email, password: newPassword })
  .meta({ id: 'RegisterRequest' });
export const loginBody = z
  .strictObject({ email, password: currentPassword })
  .meta({ id: 'LoginRequest' });

const accessToken = z.string().meta({ description: 'A bearer token for the Authorization header' });
const expiresIn = z.number().int().meta({ description: 'Seconds until the access token expires' });

export const sessionSchema = z
  .object({ user: userSchema, accessToken, expiresIn })
  .meta({ id: 'Session' });
export const refreshedSchema = z.object({ accessToken, expiresIn }).meta({ id: 'RefreshedToken' });
