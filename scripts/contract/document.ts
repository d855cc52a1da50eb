// Writes the api's OpenAPI document to a file (or stdout) without starting any server: the web
// app's types are generated from it at build time. The clients are created but never connected.
import { writeFileSync } from 'node:fs';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { createMetrics } from '../../src/platform/metrics';
import { createMongoConnection } from '../../src/platform/mongo';
import { createRedis } from '../../src/platform/redis';

export function contractDocument(): Record<string, unknown> {
  const config = loadConfig({
    NODE_ENV: 'development',
    MONGO_URL: 'mongodb://127.0.0.1:1/judix',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SECRET: 'document-only-signing-key-never-used-for-tokens',
  });
  const logger = createLogger('silent');
  const redis = createRedis(config.REDIS_URL, logger);
  const { document } = buildApp({
    config,
    logger,
    metrics: createMetrics(),
    mongo: createMongoConnection(),
    redis,
    lifecycle: { shuttingDown: false },
  });
  redis.disconnect();
  return document;
}

if (require.main === module) {
  const text = `${JSON.stringify(contractDocument(), null, 2)}\n`;
  const target = process.argv[2];
  if (target) writeFileSync(target, text);
  else process.stdout.write(text);
}
