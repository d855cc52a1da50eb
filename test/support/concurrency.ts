// Optimistic concurrency as every editable resource answers it: If-Match with the current ETag
// writes, with a stale one it is a 412 naming the current ETag and writes nothing.
import type { Client } from './app';

export async function expectIfMatchGuards(
  client: Client,
  token: string,
  path: string,
  [fresh, stale]: [Record<string, unknown>, Record<string, unknown>],
) {
  const ok = await client.patch(path, { token, headers: { 'if-match': '"1"' }, body: fresh });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('etag')).toBe('"2"');
  const refused = await client.patch(path, { token, headers: { 'if-match': '"1"' }, body: stale });
  expect(refused.status).toBe(412);
  expect(refused.body.type).toBe('urn:judix:problem:version-mismatch');
  expect(refused.headers.get('etag')).toBe('"2"');
  expect((await client.get(path, { token })).body).toMatchObject(fresh);
}
