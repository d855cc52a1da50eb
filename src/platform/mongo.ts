// The MongoDB connection (mongoose). Operations fail within ~1.5 s when no server can be selected
// (no command buffering), so requests get a 503 instead of hanging; once connected, the driver
// reconnects by itself. Every operation is bounded by the request budget on both sides: queries
// carry it as `maxTimeMS` (the server gives up), and the driver waits at most that long for a
// pooled connection and for each reply (`waitQueueTimeoutMS`, `socketTimeoutMS`, which apply only
// while an operation is in flight). The client side is what holds against a server that ignores
// `maxTimeMS` (FerretDB v1 does) or has stopped answering altogether. The driver's own
// `timeoutMS` is deprecated and without effect in the installed version, so it is not used.
import mongoose, { type Connection, type ConnectOptions } from 'mongoose';

const options: ConnectOptions = {
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  serverSelectionTimeoutMS: 1500,
  connectTimeoutMS: 2000,
  maxPoolSize: 20,
  heartbeatFrequencyMS: 2000,
};

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
