// The security headers of every response, fixed at start-up and set without any per-request work.
// The api answers JSON (and, in development, its reference page, which sets its own policy), so
// these are the headers that matter for an API: no framing, no sniffing, no loading of anything
// by the response itself, HTTPS only, no referrer, and no cross-site reads of the bytes. Headers
// that only affect HTML documents or retired browsers (X-XSS-Protection, X-DNS-Prefetch-Control,
// X-Download-Options, X-Permitted-Cross-Domain-Policies, Origin-Agent-Cluster,
// Cross-Origin-Opener-Policy) are left out: no response of this api is such a document.
import type { AppContext, Next } from './context';

export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', "default-src 'none';frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-site'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

export function securityHeaders(ctx: AppContext, next: Next) {
  const response = ctx.res;
  for (const [name, value] of SECURITY_HEADERS) response.setHeader(name, value);
  return next();
}
