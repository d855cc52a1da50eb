// The real application for the browser tests, started by scripts/stack.ts in a child process
// (see runner/stack-runner.ts). Needs `npm run build` (api) and `npm run -w web build` first.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Stack {
  webUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const runner = fileURLToPath(new URL('./runner/stack-runner.ts', import.meta.url));

export function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const child = spawn(process.execPath, [tsx, runner], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, JUDIX_STACK_ENV: JSON.stringify(env) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('JUDIX_STACK '));
      if (!line) return;
      const urls = JSON.parse(line.slice('JUDIX_STACK '.length)) as Omit<Stack, 'close'>;
      resolve({
        ...urls,
        async close() {
          child.stdin.end();
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the stack exited with code ${code}`)));
  });
}
