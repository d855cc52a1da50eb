import { z } from 'zod';
import { isCommonPassword } from '../auth/passwords';

export const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters');
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'));
export const newPassword = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .refine((value) => !isCommonPassword(value), 'is too common; choose a less guessable password');
/** A password being checked, not set: no policy beyond a sane length. */
export const currentPassword = z
  .string()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters');

export const userSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'User' });

export const updateMeBody = z.strictObject({ name });
export const changePasswordBody = z.strictObject({ currentPassword, newPassword });
export const deleteMeBody = z.strictObject({ password: currentPassword });
