// Ids computed from what they name instead of drawn at random, so that writing the same thing
// twice (a retry, a second completion, a second request for the Inbox) finds the first copy.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

export const derivedId = (text: string) =>
  new Types.ObjectId(createHash('sha256').update(text).digest('hex').slice(0, 24));
