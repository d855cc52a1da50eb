// Runs Judix locally as processes (see stack.ts) until Ctrl-C or SIGTERM, then stops all of them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startStack } from './stack';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a TCP port, got "${process.env[name]}"`);
    process.exit(2);
  }
  return value;
};

async function main() {
  const web = existsSync(resolve(__dirname, '..', 'web', 'dist', 'index.html'));
  const stack = await startStack({
    web,
    apiPort: port('JUDIX_API_PORT', 3000),
    webPort: port('JUDIX_WEB_PORT', 8080),
    metricsPort: port('JUDIX_METRICS_PORT', 9464),
    apiOutput: 'inherit',
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  });
  const lines = [
    '',
    'Judix is running:',
    ...(stack.webUrl ? [`  web app   ${stack.webUrl}`] : []),
    `  api       ${stack.apiUrl}/api/v1  (OpenAPI: ${stack.apiUrl}/api/v1/openapi.json)`,
    `  metrics   ${stack.metricsUrl}`,
    `  MongoDB   ${stack.mongoUrl}  (${stack.services.mongo.kind})`,
    `  Redis     ${stack.redisUrl}  (${stack.services.redis.kind})`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stderr.write(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nStopping…\n');
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
