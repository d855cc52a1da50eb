import { lazy, Suspense } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { Spinner } from '@/components/ui/spinner';
import { ProjectNav } from '@/features/projects/components/project-nav';
import { useLocation } from '@/lib/router';
import { RequireAuth } from './require-auth';

// Each screen is its own chunk, so the first screen downloads only what it shows.
const SignIn = lazy(() => import('./routes/sign-in'));
const SignUp = lazy(() => import('./routes/sign-up'));
const Tasks = lazy(() => import('./routes/tasks'));
// Through the list's chunk, whose parts the board shares (see routes/tasks.tsx).
const Board = lazy(() => import('./routes/tasks').then((module) => module.loadBoard()));
const Dashboard = lazy(() => import('./routes/dashboard'));
const Settings = lazy(() => import('./routes/settings'));
const NotFound = lazy(() => import('./routes/not-found'));

const SIGNED_IN_SCREENS: Record<string, React.ComponentType> = {
  '/': Tasks,
  '/board': Board,
  '/dashboard': Dashboard,
  '/settings': Settings,
};

/** The screens that can be scoped to a project, and so show the project navigation. */
const PROJECT_SCREENS = new Set(['/', '/board', '/dashboard']);

export function AppRoutes() {
  const { pathname } = useLocation();
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/sign-in' || path === '/sign-up') {
    const Screen = path === '/sign-in' ? SignIn : SignUp;
    return (
      <Suspense fallback={<Spinner />}>
        <Screen />
      </Suspense>
    );
  }
  const Screen = SIGNED_IN_SCREENS[path] ?? NotFound;
  return (
    <RequireAuth>
      <AppShell side={PROJECT_SCREENS.has(path) ? <ProjectNav /> : undefined}>
        <Screen />
      </AppShell>
    </RequireAuth>
  );
}
