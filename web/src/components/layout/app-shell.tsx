import { Suspense, type ReactNode } from 'react';
import { useShortcut } from '@/hooks/use-shortcut';
import { navigate, NavLink, useLocation } from '@/lib/router';
import { Menu } from '@/components/ui/menu';
import { Spinner } from '@/components/ui/spinner';
import { useSignOut, useUser, type User } from '@/lib/auth';
import { LiveIndicator } from './live-indicator';

const LINKS = [
  { to: '/', label: 'Tasks', end: true },
  { to: '/dashboard', label: 'Dashboard', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

export function AppShell({ children }: { children: ReactNode }) {
  const user = useUser().data;
  const { pathname } = useLocation();
  // On the task list the quick-add box answers `n` itself; elsewhere `n` leads there.
  useShortcut('n', () => {
    if (pathname !== '/') navigate('/#new');
  });
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>{' '}
          Judix
          {user && <LiveIndicator />}
        </span>
        <nav aria-label="Main">
          <ul>
            {LINKS.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user && <AccountMenu user={user} />}
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Spinner />}>{children}</Suspense>
      </main>
    </>
  );
}

function AccountMenu({ user }: { user: User }) {
  const signOut = useSignOut();
  return (
    <div className="account">
      <Menu
        label="Account"
        heading={`Signed in as ${user.email}`}
        trigger={
          <>
            <span className="avatar" aria-hidden="true">
              {user.name.trim().charAt(0).toUpperCase() || '?'}
            </span>
            <span className="user-name">{user.name}</span>
          </>
        }
        items={[
          { label: 'Settings', run: () => navigate('/settings') },
          {
            label: 'Sign out',
            run: () =>
              signOut.mutate(false, {
                onSettled: () => navigate('/sign-in', { replace: true }),
              }),
          },
        ]}
      />
    </div>
  );
}
