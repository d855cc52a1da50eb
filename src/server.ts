// The api process: wires the real dependencies, listens, and shuts down gracefully on SIGTERM.
import './instrumentation';
import { createServer, type Server } from 'node:http';
import { buildApp, type Lifecycle } from './app';
import { loadConfig, ConfigError, type Config } from './platform/config';
import { createLogger, standardOutput } from './platform/logger';
import { createMetrics, createMetricsServer } from './platform/metrics';
import { createMongoConnection, openMongo, watchMonitors } from './platform/mongo';
import { connectRedis, createRedis } from './platform/redis';
import { shutDown } from './platform/shutdown';
import { stopTelemetry } from './platform/telemetry';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

async function main() {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL, standardOutput());
  const metrics = createMetrics();
  const mongo = createMongoConnection();
  const redis = createRedis(config.REDIS_URL, logger, config.REQUEST_TIMEOUT / 2);
  const lifecycle: Lifecycle = { shuttingDown: false };
  const { app, models, events, reminders, close } = buildApp({
    config,
    logger,
    metrics,
    mongo,
    redis,
    lifecycle,
  });

  const server = createServer(app.callback());
  // Longer than the usual 60 s upstream keep-alive of ingress controllers, so they never reuse a
  // connection this server has just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const metricsServer = createMetricsServer(metrics);
  await listen(server, config.PORT, config.HOST);
  await listen(metricsServer, config.METRICS_PORT, config.HOST);
  logger.info({ port: config.PORT, metricsPort: config.METRICS_PORT }, 'listening');

  void connectRedis(redis);
  void openMongo(
    mongo,
    config.MONGO_URL,
    (error) =>
      logger.warn({ err: { message: error.message } }, 'mongodb not reachable yet; retrying'),
    () => lifecycle.shuttingDown,
    config.REQUEST_TIMEOUT,
  ).then(async (connected) => {
    if (!connected) return;
    logger.info('connected to mongodb');
    watchMonitors(mongo, logger);
    await Promise.all([
      models.users.createIndexes(),
      models.tasks.createIndexes(),
      models.projects.createIndexes(),
    ]).catch((error: Error) => logger.error({ err: error }, 'creating indexes failed'));
    if (!lifecycle.shuttingDown) reminders.start();
  });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now"; a repeated SIGTERM changes nothing while draining.
      if (signal === 'SIGINT') {
        logger.warn({ signal }, 'second interrupt: exiting at once');
        process.exit(1);
      }
      return;
    }
    stopping = true;
    logger.info({ signal }, 'signal received');
    shutDown({
      servers: [server, metricsServer],
      lifecycle,
      delayMs: config.SHUTDOWN_DELAY,
      timeoutMs: config.SHUTDOWN_TIMEOUT,
      logger,
      beforeClose: () => events.close(),
      closeDependencies: async () => {
        await reminders.stop();
        close();
        await Promise.allSettled([mongo.close(), redis.quit()]);
        await stopTelemetry();
      },
    }).then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: Error) => {
  console.error(`judix-api failed to start: ${error.message}`);
  process.exit(1);
});
