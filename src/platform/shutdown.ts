// Graceful shutdown, for zero failed requests during a rolling update:
//  1. readiness fails at once, but the server keeps serving for `delayMs` while the endpoint is
//     removed from Services and ingress controllers (that lags the signal by seconds); responses
//     carry `Connection: close` so clients stop reusing their connections;
//  2. long-lived event streams end (`beforeClose`), so their clients reconnect to another replica;
//     the listener closes (new connections are refused), in-flight requests finish, and after
//     `timeoutMs` whatever is still open is cut;
//  3. dependencies are closed and telemetry flushed by `closeDependencies`.
import type { Server } from 'node:http';
import type { Lifecycle } from '../app';
import type { Logger } from './logger';

export interface ShutdownOptions {
  servers: Server[];
  lifecycle: Lifecycle;
  delayMs: number;
  timeoutMs: number;
  logger: Logger;
  beforeClose?: () => void;
  closeDependencies: () => Promise<void>;
}

export async function shutDown(options: ShutdownOptions): Promise<void> {
  const { servers, lifecycle, logger } = options;
  lifecycle.shuttingDown = true;
  logger.info({ drainMs: options.delayMs }, 'shutting down: draining');
  await new Promise((resolve) => setTimeout(resolve, options.delayMs));

  logger.info('shutting down: closing listeners, finishing in-flight requests');
  options.beforeClose?.();
  const cutOff = setTimeout(() => {
    logger.warn('shutting down: timeout reached, closing remaining connections');
    for (const server of servers) server.closeAllConnections();
  }, options.timeoutMs);
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  clearTimeout(cutOff);

  await options.closeDependencies();
  logger.info('shutdown complete');
}
