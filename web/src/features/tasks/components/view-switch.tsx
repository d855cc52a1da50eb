import { Link, useLocation } from '@/lib/router';

const VIEWS = [
  { path: '/', label: 'List' },
  { path: '/board', label: 'Board' },
];

/** List or board of the same tasks: the link keeps the project and the filters. */
export function ViewSwitch() {
  const { pathname, search } = useLocation();
  return (
    <nav aria-label="View" className="view-switch">
      {VIEWS.map((view) => (
        <Link
          key={view.path}
          to={`${view.path}${search}`}
          aria-current={pathname === view.path ? 'page' : undefined}
        >
          {view.label}
        </Link>
      ))}
    </nav>
  );
}
