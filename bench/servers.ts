// The servers the benchmark starts besides MongoDB and Redis: the Judix api processes, each with
// the environment of its role, and the reference servers (bare-servers.ts) in a process of their
// own.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startStack, stopProcess, type Stack } from '../scripts/stack';
import type { BareServersConfig, BareServersPorts } from './bare-servers';

const repoRoot = resolve(__dirname, '..');

/** Undoes what was started, last first; run once, from the end of the run or from a signal. */
export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  private running?: Promise<void>;

  push(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) await Promise.resolve(step()).catch(() => undefined);
    })());
  }
}

/** Starts one more api process on the benchmark's database, stopped by `cleanup`. */
export async function startApi(
  cleanup: Cleanup,
  database: string,
  env: Record<string, string>,
): Promise<Stack> {
  const stack = await startStack({ database, apiOutput: 'ignore', env });
  cleanup.push(() => stack.close());
  return stack;
}

export async function startBareServers(cleanup: Cleanup, config: BareServersConfig) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(__dirname, 'bare-servers.ts')],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, BARE_SERVERS_CONFIG: JSON.stringify(config) },
    },
  );
  cleanup.push(() => stopProcess(child));
  return new Promise<BareServersPorts>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) done(JSON.parse(output.split('\n')[0]!) as BareServersPorts);
    });
    child.once('exit', (code) => fail(new Error(`the bare servers exited with ${code}`)));
  });
}
