import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { ErrorBoundary } from '@/components/error-boundary';
import { Toaster } from '@/components/ui/toast';
import { onSignedOut, setAccessToken } from '@/lib/api-client';
import { authKeys } from '@/lib/auth';
import { createQueryClient } from '@/lib/query-client';
import { forgetSessionHint } from '@/lib/session-hint';

// The stream and its cache rules load after the first screen, which does not need them.
const LiveUpdates = lazy(() =>
  import('./live-updates').then((module) => ({ default: module.LiveUpdates })),
);

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  // A refresh that fails mid-session (expired, revoked elsewhere) signs this tab out; the route
  // guard then sends the person to sign-in with a way back to where they were.
  useEffect(
    () =>
      onSignedOut(() => {
        setAccessToken(null);
        forgetSessionHint();
        queryClient.setQueryData(authKeys.user, null);
      }),
    [queryClient],
  );
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        {children}
        <Suspense fallback={null}>
          <LiveUpdates />
        </Suspense>
        <Toaster />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
