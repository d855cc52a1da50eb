// Request body reading with a hard size limit: 413 over the limit, 415 for media types the route
// does not take, 400 for malformed JSON. Only routes that declare a body read one: JSON objects
// (64 KiB), or an upload that may also be CSV text and is larger.
import { parse as parseContentType } from 'content-type';
import getRawBody from 'raw-body';
import { errors } from '../platform/errors';
import type { AppContext } from './context';

export const BODY_LIMIT_BYTES = 64 * 1024;

export type MediaKind = 'json' | 'csv';
export interface BodySpec {
  limitBytes: number;
  accepts: readonly MediaKind[];
}
export const JSON_BODY: BodySpec = { limitBytes: BODY_LIMIT_BYTES, accepts: ['json'] };

/** A body as read: parsed JSON, or CSV text (UTF-8, without a byte-order mark). */
export type RequestBody = { kind: 'json'; value: unknown } | { kind: 'csv'; text: string };

const MEDIA_TYPES: Record<MediaKind, string> = { json: 'application/json', csv: 'text/csv' };

function hasBody(ctx: AppContext): boolean {
  const length = ctx.get('Content-Length');
  return ctx.get('Transfer-Encoding') !== '' || (length !== '' && length !== '0');
}

function mediaKind(ctx: AppContext): MediaKind | undefined {
  try {
    const { type, parameters } = parseContentType(ctx.get('Content-Type'));
    const charset = parameters.charset?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8') return undefined;
    if (type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type)) {
      return 'json';
    }
    return type === 'text/csv' ? 'csv' : undefined;
  } catch {
    return undefined;
  }
}

const readBodies = new WeakMap<AppContext['req'], Promise<RequestBody | undefined>>();

/**
 * The body, or undefined when the request has none. Read once per request: middleware that
 * needs the body before validation (an idempotency fingerprint) shares the read.
 */
export function readBody(ctx: AppContext, spec: BodySpec): Promise<RequestBody | undefined> {
  let body = readBodies.get(ctx.req);
  if (!body) {
    body = readOnce(ctx, spec);
    readBodies.set(ctx.req, body);
  }
  return body;
}

/** The parsed JSON body of a route that takes JSON only. */
export async function readJsonBody(ctx: AppContext): Promise<unknown> {
  const body = await readBody(ctx, JSON_BODY);
  return body?.kind === 'json' ? body.value : undefined;
}

async function readOnce(ctx: AppContext, spec: BodySpec): Promise<RequestBody | undefined> {
  if (!hasBody(ctx)) return undefined;
  const kind = mediaKind(ctx);
  if (kind === undefined || !spec.accepts.includes(kind)) {
    throw errors.unsupportedMediaType(spec.accepts.map((accepted) => MEDIA_TYPES[accepted]));
  }
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > spec.limitBytes) throw errors.payloadTooLarge(spec.limitBytes);
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: spec.limitBytes, encoding: 'utf8' });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw errors.payloadTooLarge(spec.limitBytes);
    }
    throw kind === 'json' ? errors.malformedJson() : errors.malformedCsv(1, 'it could not be read');
  }
  if (kind === 'csv') return { kind, text: text.replace(/^\uFEFF/, '') };
  try {
    return { kind, value: JSON.parse(text) as unknown };
  } catch {
    throw errors.malformedJson();
  }
}
