// JSON body reading with a hard size limit: 413 over the limit, 415 for other media types,
// 400 for malformed JSON. Only routes that declare a body read one.
import { parse as parseContentType } from 'content-type';
import getRawBody from 'raw-body';
import { errors } from '../platform/errors';
import type { AppContext } from './context';

export const BODY_LIMIT_BYTES = 64 * 1024;

function hasBody(ctx: AppContext): boolean {
  const length = ctx.get('Content-Length');
  return ctx.get('Transfer-Encoding') !== '' || (length !== '' && length !== '0');
}

function isJson(ctx: AppContext): boolean {
  try {
    const { type, parameters } = parseContentType(ctx.get('Content-Type'));
    const charset = parameters.charset?.toLowerCase();
    return (
      (type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type)) &&
      (charset === undefined || charset === 'utf-8')
    );
  } catch {
    return false;
  }
}

const parsedBodies = new WeakMap<AppContext['req'], Promise<unknown>>();

/**
 * The parsed body, or undefined when the request has none. Read once per request: middleware
 * that needs the body before validation (an idempotency fingerprint) shares the parse.
 */
export function readJsonBody(ctx: AppContext): Promise<unknown> {
  let body = parsedBodies.get(ctx.req);
  if (!body) {
    body = readOnce(ctx);
    parsedBodies.set(ctx.req, body);
  }
  return body;
}

async function readOnce(ctx: AppContext): Promise<unknown> {
  if (!hasBody(ctx)) return undefined;
  if (!isJson(ctx)) throw errors.unsupportedMediaType();
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > BODY_LIMIT_BYTES) throw errors.payloadTooLarge(BODY_LIMIT_BYTES);
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: BODY_LIMIT_BYTES, encoding: 'utf8' });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw errors.payloadTooLarge(BODY_LIMIT_BYTES);
    }
    throw errors.malformedJson();
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw errors.malformedJson();
  }
}
