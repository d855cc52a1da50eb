import { SignInPage } from '@/features/auth/components/auth-form';
import { RequireGuest } from '../require-auth';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Sign in');
  return (
    <RequireGuest>
      <SignInPage />
    </RequireGuest>
  );
}
