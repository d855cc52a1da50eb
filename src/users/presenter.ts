import type { UserDocument } from './model';

export interface UserView {
  id: string;
  name: string;
  email: string;
  createdAt: string;
}

export function presentUser(
  user: Pick<UserDocument, '_id' | 'name' | 'email' | 'createdAt'>,
): UserView {
  return {
    id: user._id.toHexString(),
    name: user.name,
    email: user.email,
    createdAt: user.createdAt.toISOString(),
  };
}
