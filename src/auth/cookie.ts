// The refresh-token cookie: httpOnly, SameSite=Strict, scoped to the auth endpoints.
import type { AppContext } from '../http/context';

export const REFRESH_COOKIE = 'judix_rt';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function setRefreshCookie(
  ctx: AppContext,
  token: string,
  maxAgeMs: number,
  secure: boolean,
) {
  const attributes = [
    `${REFRESH_COOKIE}=${token}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ];
  ctx.append('Set-Cookie', attributes.join('; '));
}

export function clearRefreshCookie(ctx: AppContext, secure: boolean) {
  setRefreshCookie(ctx, '', 0, secure);
}

export function readRefreshCookie(ctx: AppContext): string | undefined {
  for (const part of ctx.get('Cookie').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) {
      const token = value.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
    }
  }
  return undefined;
}
