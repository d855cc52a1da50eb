import { Suspense, useState, type ReactNode } from 'react';
import { useShortcut } from '@/hooks/use-shortcut';
import { navigate, NavLink, useLocation } from '@/lib/router';
import { Dialog } from '@/components/ui/dialog';
import { Menu } from '@/components/ui/menu';
import { Spinner } from '@/components/ui/spinner';
import { useSignOut, useUser, type User } from '@/lib/auth';
import { LiveIndicator } from './live-indicator';

// `scoped`: the screen follows the project chosen in the navigation, so its link keeps it.
const LINKS = [
  { to: '/', label: 'Tasks', end: true, scoped: true },
  { to: '/board', label: 'Board', end: false, scoped: true },
  { to: '/dashboard', label: 'Dashboard', end: false, scoped: true },
  { to: '/settings', label: 'Settings', end: false, scoped: false },
];

interface AppShellProps {
  children: ReactNode;
  /** A navigation beside the screen: a side bar on wide screens, a drawer on narrow ones. */
  side?: ReactNode;
}

export function AppShell({ children, side }: AppShellProps) {
  const user = useUser().data;
  const { pathname, search } = useLocation();
  // The drawer belongs to the page it was opened on: choosing a place in it closes it.
  const here = `${pathname}${search}`;
  const [drawerAt, setDrawerAt] = useState<string | null>(null);
  const project = side ? new URLSearchParams(search).get('project') : null;
  const scope = project ? `?${new URLSearchParams({ project }).toString()}` : '';
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
        {side && (
          <button
            type="button"
            className="icon-button drawer-button"
            aria-label="Projects"
            aria-haspopup="dialog"
            onClick={() => setDrawerAt(here)}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" strokeWidth="2" />
            </svg>
          </button>
        )}
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
                <NavLink to={link.scoped ? `${link.to}${scope}` : link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user && <AccountMenu user={user} />}
      </header>
      <div className={side ? 'shell with-side' : 'shell'}>
        {side && <div className="side-bar">{side}</div>}
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<Spinner />}>{children}</Suspense>
        </main>
      </div>
      {side && (
        <Dialog
          open={drawerAt === here}
          title="Projects"
          className="drawer"
          onClose={() => setDrawerAt(null)}
        >
          {side}
        </Dialog>
      )}
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
