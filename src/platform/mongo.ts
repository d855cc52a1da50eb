// The MongoDB connection (mongoose). Operations fail within ~1.5 s when no server can be selected
// (no command buffering), so requests get a 503 instead of hanging; once connected, the driver
// reconnects by itself.
import mongoose, { type Connection, type ConnectOptions } from 'mongoose';

const options: ConnectOptions = {
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  serverSelectionTimeoutMS: 1500,
  connectTimeoutMS: 2000,
  socketTimeoutMS: 30_000,
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
): Promise<boolean> {
  while (!shouldStop()) {
    try {
      await connection.openUri(url, options);
      return true;
    } catch (error) {
      onRetry(error as Error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return false;
}
