// Runs scripts/stack.ts (CommonJS, the root package) in its own process for the browser tests,
// whose package is ESM. Prints one line with the addresses, closes the stack when stdin ends.
import { join } from 'node:path';

interface Stack {
  apiUrl: string;
  webUrl?: string;
  close(): Promise<void>;
}

const stackModule = join(__dirname, '..', '..', '..', 'scripts', 'stack');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStack } = require(stackModule) as {
  startStack(options: { web: boolean; env?: Record<string, string> }): Promise<Stack>;
};

async function main() {
  const env = JSON.parse(process.env.JUDIX_STACK_ENV ?? '{}') as Record<string, string>;
  const stack = await startStack({ web: true, env });
  process.stdout.write(
    `JUDIX_STACK ${JSON.stringify({ webUrl: stack.webUrl, apiUrl: stack.apiUrl })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    void stack.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
