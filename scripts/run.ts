// Runs Judix locally as processes (see stack.ts) until Ctrl-C, SIGINT or SIGTERM, then stops all
// of them. The api's log goes to a file, so the terminal keeps the URLs in view.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack, type Stack } from './stack';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a TCP port, got "${process.env[name]}"`);
    process.exit(2);
  }
  return value;
};

let stack: Stack | undefined;
let signalled = false;

async function shutDown(running: Stack) {
  await running.close();
  process.exit(0);
}

function onSignal() {
  if (signalled) return;
  signalled = true;
  process.stderr.write('\nStopping…\n');
  // During start-up, main() shuts down as soon as the stack is up.
  if (stack) void shutDown(stack);
}

async function main() {
  // Listening from the first moment: without a handler, a signal during start-up would kill this
  // process and leave the servers it has already started running.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const web = existsSync(resolve(__dirname, '..', 'web', 'dist', 'index.html'));
  const apiLog = join(mkdtempSync(join(tmpdir(), 'judix-run-')), 'api.log');
  stack = await startStack({
    web,
    apiPort: port('JUDIX_API_PORT', 3000),
    webPort: port('JUDIX_WEB_PORT', 8080),
    metricsPort: port('JUDIX_METRICS_PORT', 9464),
    apiOutput: { file: apiLog },
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  });
  if (signalled) return shutDown(stack);
  const lines = [
    '',
    'Judix is running:',
    ...(stack.webUrl ? [`  web app   ${stack.webUrl}`] : []),
    `  api       ${stack.apiUrl}/api/v1  (OpenAPI: ${stack.apiUrl}/api/v1/openapi.json)`,
    `  metrics   ${stack.metricsUrl}`,
    `  MongoDB   ${stack.mongoUrl}  (${stack.services.mongo.kind})`,
    `  Redis     ${stack.redisUrl}  (${stack.services.redis.kind})`,
    `  api log   ${apiLog}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stderr.write(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
