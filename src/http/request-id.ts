import { randomUUID } from 'node:crypto';
import type { AppContext, Next } from './context';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane incoming `X-Request-Id`, else generates one; every response carries it. */
export async function requestId(ctx: AppContext, next: Next) {
  const incoming = ctx.get('X-Request-Id');
  ctx.state.requestId = SANE_ID.test(incoming) ? incoming : randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  await next();
}
