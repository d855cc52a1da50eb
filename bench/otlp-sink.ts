// A local OTLP/HTTP endpoint that accepts traces, metrics and logs and drops them, so that the
// telemetry-on api pays the full cost of exporting without a collector in the measurement.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  url: string;
  /** Export requests received so far, by path, to show that export really happened. */
  received: Map<string, number>;
  close(): Promise<void>;
}

export function startOtlpSink(): Promise<OtlpSink> {
  const received = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && path.startsWith('/v1/')) {
        received.set(path, (received.get(path) ?? 0) + 1);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      } else {
        response.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
