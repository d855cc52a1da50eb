// A small router over the History API: six screens need path matching, links and the query
// string, not a routing framework. Replacing one kept the first screen within its 100 KB budget.
import {
  useCallback,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
} from 'react';

export interface NavigateOptions {
  replace?: boolean;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentHref = () => `${window.location.pathname}${window.location.search}`;

export function navigate(to: string, options: NavigateOptions = {}): void {
  if (to === currentHref()) return;
  const samePage = new URL(to, window.location.href).pathname === window.location.pathname;
  window.history[options.replace ? 'replaceState' : 'pushState'](null, '', to);
  if (!samePage) window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, currentHref);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { pathname: url.pathname, search: url.search };
  }, [href]);
}

export function useNavigate() {
  return navigate;
}

type ParamsUpdate = URLSearchParams | ((current: URLSearchParams) => URLSearchParams);

export function useSearchParams() {
  const { search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = useCallback((update: ParamsUpdate, options: NavigateOptions = {}) => {
    const next =
      typeof update === 'function' ? update(new URLSearchParams(window.location.search)) : update;
    const query = next.toString();
    navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, options);
  }, []);
  return [params, setParams] as const;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        // Let the browser handle new-tab and new-window clicks.
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to, { replace });
      }}
    />
  );
}

export function NavLink({ end = false, ...props }: LinkProps & { end?: boolean }) {
  const { pathname } = useLocation();
  // The link's query (a project it keeps, say) does not make it another place.
  const path = props.to.split('?')[0]!;
  const active = end ? pathname === path : pathname === path || pathname.startsWith(`${path}/`);
  return <Link {...props} aria-current={active ? 'page' : undefined} />;
}

const HERE = 'http://judix.invalid';

/**
 * A path inside the app to return to after signing in; anything else becomes "/". The path is
 * resolved the way the browser will resolve it (`\` counts as `/`, tabs and newlines vanish), so
 * `/\evil.com` and `/\t/evil.com` are seen as the other sites they lead to.
 */
export function safeReturnPath(next: string | null): string {
  if (!next?.startsWith('/')) return '/';
  const url = new URL(next, HERE);
  return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : '/';
}

export function Navigate({ to, replace = false }: { to: string; replace?: boolean }) {
  useEffect(() => navigate(to, { replace }), [to, replace]);
  return null;
}
