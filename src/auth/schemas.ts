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

const sessionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16}$/, 'must be a 16-character session id')
  .meta({ examples: ['q3Xb0Jv7kPzL2mNc'] });

export const sessionParams = z.strictObject({ id: sessionId });

export const deviceSessionSchema = z
  .object({
    id: sessionId,
    device: z.string().meta({
      description: 'Read from the User-Agent at sign-in',
      examples: ['Firefox on Linux'],
    }),
    address: z
      .string()
      .nullable()
      .meta({
        description:
          'The address signed in from, truncated to its network (IPv4 /24, IPv6 /48); null when unknown',
        examples: ['203.0.113.0'],
      }),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).meta({
      description: 'Sign-in or the last refresh of the access token',
    }),
    current: z.boolean().meta({ description: 'Whether this is the session of the calling token' }),
  })
  .meta({ id: 'DeviceSession' });
export const sessionListSchema = z
  .object({ data: z.array(deviceSessionSchema) })
  .meta({ id: 'DeviceSessionList' });
