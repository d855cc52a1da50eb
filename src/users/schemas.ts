import { z } from 'zod';
import { isCommonPassword } from '../auth/passwords';
import { text } from '../http/text';

export const name = text({ min: 1, max: 80, notBlank: true }).meta({
  description: 'Display name; stored without leading and trailing blanks.',
  examples: ['Ada Lovelace'],
});
/** zod's address rule, plus the 64-character limit on the part before the @ (RFC 5321). */
const EMAIL = new RegExp(`^(?=[^@]{1,64}@)${z.regexes.email.source.slice(1)}`);

export const email = z
  .string()
  .max(254, 'must be at most 254 characters')
  .trim()
  .toLowerCase()
  .pipe(z.email({ pattern: EMAIL, message: 'must be a valid email address' }))
  .meta({
    description: 'Compared and stored in lower case; surrounding blanks are ignored.',
    format: 'email',
    pattern: EMAIL.source,
    examples: ['ada@example.com'],
  });
export const newPassword = text({ min: 8, max: 128 })
  .refine((value) => !isCommonPassword(value), 'is too common; choose a less guessable password')
  .meta({
    description: 'At least 8 characters, and not one of the commonly used passwords.',
    examples: ['correct horse battery staple'],
  });
/** A password being checked, not set: no policy beyond a sane length. */
export const currentPassword = text({ min: 1, max: 128 }).meta({ examples: ['my old passphrase'] });

const objectId = z.string().regex(/^[0-9a-f]{24}$/);
const instant = z.iso.datetime({ offset: true });

export const userSchema = z
  .object({ id: objectId, name: z.string(), email: z.string(), createdAt: instant })
  .meta({ id: 'User' });
export const userEnvelopeSchema = z.object({ user: userSchema }).meta({ id: 'UserEnvelope' });

export const updateMeBody = z.strictObject({ name }).meta({ id: 'UpdateMeRequest' });
export const changePasswordBody = z
  .strictObject({ currentPassword, newPassword })
  .meta({ id: 'ChangePasswordRequest' });
export const deleteMeBody = z
  .strictObject({ password: currentPassword })
  .meta({ id: 'DeleteMeRequest' });
