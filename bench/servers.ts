// The servers the benchmark starts besides MongoDB and Redis: the Judix api processes, each with
// the environment of its role, and the reference servers (bare-servers.ts) in a process of their
// own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startNginx } from '../scripts/services/nginx';
import { startStack, stopProcess, type Stack } from '../scripts/stack';
import type { BareServersConfig, BareServersPorts } from './bare-servers';
import { MemoryProbe } from './streams';

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

/** One more api with memory-probe.mjs preloaded, and the probe that reads its memory. */
export async function startProbedApi(
  cleanup: Cleanup,
  database: string,
  env: Record<string, string>,
): Promise<{ stack: Stack; probe: MemoryProbe }> {
  const probe = new MemoryProbe();
  cleanup.push(() => probe.close());
  return { stack: await startApi(cleanup, database, { ...env, ...probe.env }), probe };
}

/** The reference servers' process: its ports, and its pid so the open loop can pin it like the api. */
export async function startBareServers(
  cleanup: Cleanup,
  config: BareServersConfig,
): Promise<BareServersPorts & { pid: number }> {
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
  const ports = await new Promise<BareServersPorts>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) done(JSON.parse(output.split('\n')[0]!) as BareServersPorts);
    });
    child.once('exit', (code) => fail(new Error(`the bare servers exited with ${code}`)));
  });
  return { ...ports, pid: child.pid! };
}

/**
 * The web app's nginx with the repository's config, proxying /api to `apiUrl` as local runs do;
 * builds the web app first when web/dist is missing.
 */
export async function startWebNginx(
  cleanup: Cleanup,
  apiUrl: string,
): Promise<{ url: string; pid: number }> {
  const root = join(repoRoot, 'web', 'dist');
  if (!existsSync(join(root, 'index.html'))) {
    process.stderr.write('Building the web app (npm run -w web build)…\n');
    const build = spawnSync('npm', ['run', '-w', 'web', 'build'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('npm run -w web build failed');
  }
  const nginx = await startNginx({ root, apiUpstream: apiUrl });
  cleanup.push(() => nginx.close());
  return { url: nginx.url, pid: nginx.pid };
}
