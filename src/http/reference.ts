// The interactive API reference, served in development only: a page that loads the reference
// viewer from the installed npm package (a development dependency, absent from production
// images) and points it at the served OpenAPI document. Nothing comes from a CDN.
import Router from '@koa/router';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppState } from './context';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Judix API reference</title>
  </head>
  <body>
    <script id="api-reference" data-url="/api/v1/openapi.json"></script>
    <script src="/reference/viewer.js"></script>
  </body>
</html>
`;

// The viewer runs inline styles and fetches the document from this origin; everything else stays
// as strict as the api's default policy.
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join(';');

export function referenceRouter(): Router<AppState> {
  // The package exports no path to its browser bundle; it sits beside the entry point.
  const entry = require.resolve('@scalar/api-reference');
  const viewer = readFileSync(join(dirname(entry), 'browser', 'standalone.js'), 'utf8');
  const router = new Router<AppState>({ prefix: '/reference' });
  router.get('/', (ctx) => {
    ctx.set('Content-Security-Policy', POLICY);
    ctx.type = 'text/html';
    ctx.body = PAGE;
  });
  router.get('/viewer.js', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/javascript';
    ctx.body = viewer;
  });
  return router;
}
