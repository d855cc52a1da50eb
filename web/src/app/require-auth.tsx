import type { ReactNode } from 'react';
import { Navigate, safeReturnPath, useLocation } from '@/lib/router';
import { ErrorScreen } from '@/components/error-boundary';
import { Spinner } from '@/components/ui/spinner';
import { useUser } from '@/lib/auth';

/** Shows the page to a signed-in person; anyone else goes to sign-in and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const user = useUser();
  const location = useLocation();
  if (user.isPending) return <PageSpinner />;
  if (user.isError) return <ErrorScreen />;
  if (!user.data) {
    const next = `${location.pathname}${location.search}`;
    const search = next === '/' ? '' : `?${new URLSearchParams({ next }).toString()}`;
    return <Navigate to={`/sign-in${search}`} replace />;
  }
  return children;
}

/** Sign-in and sign-up are for signed-out people; a signed-in one goes straight on. */
export function RequireGuest({ children }: { children: ReactNode }) {
  const user = useUser();
  const location = useLocation();
  if (user.isPending) return <PageSpinner />;
  if (user.data) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={safeReturnPath(next)} replace />;
  }
  return children;
}

function PageSpinner() {
  return (
    <div className="center-screen">
      <Spinner />
    </div>
  );
}
