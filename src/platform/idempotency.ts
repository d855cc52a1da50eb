// Idempotency keys for non-idempotent writes, after the IETF httpapi `Idempotency-Key` draft: a
// client sends a unique key with a write and may retry it with the same key after a failure or a
// lost response; the first definitive outcome is stored with the key and replayed instead of
// writing again.
//
// Records live in Redis per user, for a bounded lifetime, as a small hash: the request's
// fingerprint and the state of the first attempt:
//   pending — it is in flight: a concurrent duplicate is a 409 problem;
//   done    — it succeeded and the client was sent that success: a retry gets the stored
//             response. Only a definitive outcome is stored, never a 503 or another problem;
//   unknown — it failed, possibly after the write was applied, or it was answered 503 when its
//             budget ran out while its handler went on (and perhaps succeeded): a retry runs
//             again, and the handler must make that safe (task creation derives the new task's
//             id from the key, so the database itself refuses a second copy and the retry gets
//             the task the first attempt wrote).
// The same key with a different request is a 422 problem, whatever the state.
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { z } from 'zod';
import { readJsonBody } from '../http/body';
import type { AppContext, Next } from '../http/context';
import { AppError, errors } from './errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A structured-field string (`"…"`, as the draft specifies) or, leniently, a bare token. */
const QUOTED_KEY = /^"([\x20\x21\x23-\x5b\x5d-\x7e]{1,255})"$/;
const BARE_KEY = /^[A-Za-z0-9._~:+/=-]{1,255}$/;

/** The header as a route declares it, so the document states the same rule the parser applies. */
export const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(new RegExp(`^(?:${QUOTED_KEY.source.slice(1, -1)}|${BARE_KEY.source.slice(1, -1)})$`))
    .optional()
    .describe(
      'A key unique to this write, as a quoted string (`"…"`, 1–255 printable characters) or a bare token; a retry with the same key gets the first success back instead of writing again (after a 503, whose outcome is unknown, it finds the write if it was applied).',
    ),
});

/** Replayed along with the body: the headers a created resource is described by. */
const REPLAYED_HEADERS = ['Location', 'ETag'];

const CLAIM = `
local state = redis.call('HGET', KEYS[1], 'state')
local fingerprint = redis.call('HGET', KEYS[1], 'fp')
if state and fingerprint ~= ARGV[1] then return {'mismatch'} end
if state == 'pending' then return {'pending'} end
if state == 'done' then return {'done', redis.call('HGET', KEYS[1], 'response')} end
redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'claimed'}`;

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'pending' }
  | { outcome: 'mismatch' }
  | { outcome: 'done'; response: StoredResponse };

export const idempotencyErrors = {
  malformed: () =>
    errors.invalidInput(
      [{ path: IDEMPOTENCY_HEADER, message: 'must be a string of 1 to 255 printable characters' }],
      'The Idempotency-Key header is malformed.',
    ),
  inFlight: () =>
    new AppError(
      409,
      'idempotency-key-in-flight',
      'Request in flight',
      'A request with this Idempotency-Key is still being processed; retry shortly to get its outcome.',
      { headers: { 'Retry-After': '1' } },
    ),
  reused: () =>
    new AppError(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was used for a different request; use a new key for a new request.',
    ),
};

/** The key from the header, or undefined when absent; a malformed one is a 400 problem. */
export function parseIdempotencyKey(header: string): string | undefined {
  if (header === '') return undefined;
  const key = QUOTED_KEY.exec(header)?.[1] ?? (BARE_KEY.test(header) ? header : undefined);
  if (key === undefined) throw idempotencyErrors.malformed();
  return key;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    /** How long a completed outcome is kept for replay. */
    private readonly ttlMs: number,
    /** How long an attempt may stay pending if its process dies before finishing it. */
    private readonly pendingTtlMs: number,
  ) {}

  private recordKey(userId: string, key: string) {
    return `judix:idempotency:{${userId}}:${digest(key)}`;
  }

  async claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    const [outcome, response] = (await this.redis.eval(
      CLAIM,
      1,
      this.recordKey(userId, key),
      fingerprint,
      this.pendingTtlMs,
    )) as [Claim['outcome'], string | undefined];
    if (outcome === 'done') return { outcome, response: JSON.parse(response!) as StoredResponse };
    return { outcome } as Claim;
  }

  async complete(userId: string, key: string, print: string, response: StoredResponse) {
    await this.store(userId, key, { state: 'done', fp: print, response: JSON.stringify(response) });
  }

  /** The attempt failed and may or may not have been applied: a retry may run again. */
  async release(userId: string, key: string, print: string) {
    await this.store(userId, key, { state: 'unknown', fp: print });
  }

  private async store(userId: string, key: string, fields: Record<string, string>) {
    const record = this.recordKey(userId, key);
    await this.redis.multi().hset(record, fields).pexpire(record, this.ttlMs).exec();
  }
}

/** Identifies the request a key was first used for: method, path with query, and body as read. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return digest(`${method} ${path}\n${JSON.stringify(body ?? null)}`);
}

/** The key of the request being handled, for the handler of an idempotent route. */
export const idempotencyKeyOf = (ctx: AppContext): string | undefined =>
  (ctx.state as { idempotencyKey?: string }).idempotencyKey;

/**
 * Route middleware for a write that accepts an Idempotency-Key; the handler reads the key with
 * `idempotencyKeyOf`. Recording an outcome is best effort: when it fails, a retry runs
 * the handler again, which it makes safe itself.
 */
export function idempotent(
  store: IdempotencyStore,
  /** Reads the body the way the route does (by default, as a JSON object). */
  readBody: (ctx: AppContext) => Promise<unknown> = readJsonBody,
) {
  return async function withIdempotencyKey(ctx: AppContext, next: Next) {
    const key = parseIdempotencyKey(ctx.get(IDEMPOTENCY_HEADER));
    if (key === undefined) return next();
    const userId = ctx.state.principal!.userId;
    const print = requestFingerprint(ctx.method, ctx.url, await readBody(ctx));
    const claim = await store.claim(userId, key, print);
    if (claim.outcome === 'mismatch') throw idempotencyErrors.reused();
    if (claim.outcome === 'pending') throw idempotencyErrors.inFlight();
    if (claim.outcome === 'done') {
      ctx.status = claim.response.status;
      for (const [name, value] of Object.entries(claim.response.headers)) ctx.set(name, value);
      ctx.body = claim.response.body;
      return;
    }
    (ctx.state as { idempotencyKey?: string }).idempotencyKey = key;
    try {
      await next();
    } catch (error) {
      await store.release(userId, key, print).catch(() => undefined);
      throw error;
    }
    // Once the budget has answered 503, the response here is no longer what the client got (the
    // status and headers of a sent response cannot change): the client saw an unknown outcome.
    if (ctx.state.budgetSpent || ctx.status < 200 || ctx.status >= 300) {
      await store.release(userId, key, print).catch(() => undefined);
      return;
    }
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.map((name) => [name, ctx.response.get(name)]).filter(([, value]) => value),
    );
    await store
      .complete(userId, key, print, { status: ctx.status, headers, body: ctx.body })
      .catch(() => undefined);
  };
}
