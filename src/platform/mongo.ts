// The MongoDB connection (mongoose). Operations fail within ~1.5 s when no server can be selected
// (no command buffering), so requests get a 503 instead of hanging; once connected, the driver
// reconnects by itself. Every operation is bounded by the request budget on both sides: queries
// carry it as `maxTimeMS` (the server gives up), and the driver waits at most that long for a
// pooled connection and for each reply (`waitQueueTimeoutMS`, `socketTimeoutMS`, which apply only
// while an operation is in flight). The client side is what holds against a server that ignores
// `maxTimeMS` (FerretDB v1 does) or has stopped answering altogether. The driver's own
// `timeoutMS` is deprecated and without effect in the installed version, so it is not used.
import mongoose, { type Connection, type ConnectOptions } from 'mongoose';
import type { Logger } from './logger';

const CONNECT_TIMEOUT_MS = 2000;
const HEARTBEAT_FREQUENCY_MS = 2000;

const options: ConnectOptions = {
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  serverSelectionTimeoutMS: 1500,
  connectTimeoutMS: CONNECT_TIMEOUT_MS,
  maxPoolSize: 20,
  heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
};

/** Whether a write failed on duplicate keys only (an unordered insert reports each one). */
export function isDuplicateKey(error: unknown): boolean {
  const { code, writeErrors } = error as { code?: number; writeErrors?: { code?: number }[] };
  if (writeErrors && writeErrors.length > 0) return writeErrors.every((e) => e.code === 11000);
  return code === 11000;
}

/**
 * Twice the longest a server check can take (connecting, then the hello, each bounded by
 * connectTimeoutMS; an awaited hello by connectTimeoutMS + heartbeatFrequencyMS).
 */
export const MONITOR_STALL_MS = 2 * (CONNECT_TIMEOUT_MS + HEARTBEAT_FREQUENCY_MS);

/** The driver's per-server monitor, which the public API does not expose. */
interface ServerMonitor {
  close(): void;
  connect(): void;
}
interface DriverTopology {
  s?: { servers?: Map<string, { monitor?: ServerMonitor | null }> };
}

/**
 * Restarts a server's monitor whose check has not ended within `stallMs`. The driver (7.8) has a
 * race: a check sent on the monitor's connection just as that connection closes (a server killed
 * under load) writes to the destroyed socket and waits for a `drain` that never comes, so the
 * server stays Unknown and every operation fails server selection until the process restarts.
 * Starting the monitor again, as the driver does when it connects, ends that.
 */
export function watchMonitors(
  connection: Connection,
  logger: Logger,
  stallMs = MONITOR_STALL_MS,
): void {
  const client = connection.getClient();
  const checking = new Map<string, number>();
  client.on('serverHeartbeatStarted', (event) => checking.set(event.connectionId, Date.now()));
  const ended = (event: { connectionId: string }) => checking.delete(event.connectionId);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  const timer = setInterval(() => {
    for (const [address, since] of checking) {
      if (Date.now() - since < stallMs) continue;
      checking.delete(address);
      const topology = (client as unknown as { topology?: DriverTopology }).topology;
      const monitor = topology?.s?.servers?.get(address)?.monitor;
      if (!monitor) continue;
      monitor.close();
      monitor.connect();
      logger.warn(
        { address, stalledMs: stallMs },
        'mongodb server check stalled; monitor restarted',
      );
    }
  }, stallMs / 4);
  timer.unref();
  connection.once('close', () => clearInterval(timer));
}

export function createMongoConnection(): Connection {
  return mongoose.createConnection();
}

/**
 * Opens the connection, retrying every second until the server answers or `shouldStop` says so;
 * the api starts listening before MongoDB is reachable and reports not-ready meanwhile.
 */
export async function openMongo(
  connection: Connection,
  url: string,
  onRetry: (error: Error) => void,
  shouldStop: () => boolean = () => false,
  operationTimeoutMs = 2000,
): Promise<boolean> {
  while (!shouldStop()) {
    try {
      connection.set('maxTimeMS', operationTimeoutMs);
      await connection.openUri(url, {
        ...options,
        socketTimeoutMS: operationTimeoutMs,
        waitQueueTimeoutMS: operationTimeoutMs,
      });
      return true;
    } catch (error) {
      onRetry(error as Error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return false;
}
