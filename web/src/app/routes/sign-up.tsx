import { SignUpPage } from '@/features/auth/components/auth-form';
import { RequireGuest } from '../require-auth';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Create account');
  return (
    <RequireGuest>
      <SignUpPage />
    </RequireGuest>
  );
}
