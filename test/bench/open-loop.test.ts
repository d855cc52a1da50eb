// The open-loop generator against a node:http server on loopback: what it sends, what it counts,
// and that a stall is charged to every request scheduled during it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOpenLoop } from '../../bench/open-loop';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

describe('open-loop generator', () => {
  it('when the server answers, then every scheduled request is sent as given and counted once', async () => {
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const { server, url } = await serve((request, body, response) => {
      seen.push({
        method: request.method,
        url: request.url,
        auth: request.headers.authorization,
        body,
      });
      response.writeHead(seen.length % 10 === 0 ? 503 : 201).end('{"ok":true}');
    });
    try {
      const result = await runOpenLoop(
        {
          url: `${url}/api/v1/tasks?limit=20`,
          method: 'POST',
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          body: '{"title":"x"}',
        },
        { ratePerSecond: 400, durationSeconds: 0.5, warmupSeconds: 0.25, maxSockets: 4 },
      );
      expect(seen).toHaveLength(300);
      expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1);
      expect(seen[0]).toEqual({
        method: 'POST',
        url: '/api/v1/tasks?limit=20',
        auth: 'Bearer t',
        body: '{"title":"x"}',
      });
      expect(result).toMatchObject({ ratePerSecond: 400, sent: 200, errors: 0, non2xx: 20 });
      expect(result.corrected.p50Ms).toBeGreaterThan(0);
      expect(result.corrected.p99Ms).toBeGreaterThanOrEqual(result.corrected.p50Ms);
      expect(result.corrected.maxMs).toBeGreaterThanOrEqual(result.corrected.p999Ms);
    } finally {
      await close(server);
    }
  });

  it('when the server stalls, then the requests due meanwhile are charged from their intended time', async () => {
    let held: ServerResponse[] | undefined = [];
    const { server, url } = await serve((_request, _body, response) => {
      if (held) held.push(response);
      else response.end('{}');
    });
    const release = setTimeout(() => {
      for (const response of held ?? []) response.end('{}');
      held = undefined;
    }, 400);
    try {
      const result = await runOpenLoop(
        { url },
        { ratePerSecond: 200, durationSeconds: 1, warmupSeconds: 0, maxSockets: 2 },
      );
      expect(result).toMatchObject({ sent: 200, errors: 0, non2xx: 0 });
      // The first request waited out the whole stall; a quarter of them were due during it.
      expect(result.corrected.maxMs).toBeGreaterThanOrEqual(390);
      expect(result.corrected.p50Ms).toBeLessThan(result.corrected.maxMs);
    } finally {
      clearTimeout(release);
      await close(server);
    }
  });

  it('when nothing listens, then every request is an error and the run still ends', async () => {
    const { server, url } = await serve(() => undefined);
    await close(server);
    const result = await runOpenLoop(
      { url },
      { ratePerSecond: 100, durationSeconds: 0.5, warmupSeconds: 0, maxSockets: 2 },
    );
    expect(result).toMatchObject({ sent: 50, errors: 50, non2xx: 0 });
  });
});
