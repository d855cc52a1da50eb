// The measuring loop: every target once per round, in the same order each round, with the
// database settled between targets; the open loop on the cached list afterwards; and, under
// --profile, one more profiled run of each Judix target.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from './cli';
import type { ClosedLoopResult } from './closed-loop';
import type { LoadGenerator } from './load';
import { summariseProfile } from './profile';
import type { Target } from './targets';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Waits until the api reports MongoDB and Redis ready again. The database keeps working through
 * the requests a target left in flight when its load stopped; the next target must not pay for
 * them.
 */
export async function settle(apiUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${apiUrl}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(250);
  }
  throw new Error('MongoDB or Redis did not become ready again within 120 s');
}

function progressLine(round: number, rounds: number, label: string, result: ClosedLoopResult) {
  const rate = Math.round(result.requestsPerSecond).toString().padStart(6);
  const latency = `p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`;
  const problems = [
    result.errors ? `errors ${result.errors}` : '',
    result.non2xx ? `non-2xx ${result.non2xx}` : '',
    result.requestsPerSecond === 0 ? 'NO RESPONSES' : '',
  ].join(' ');
  return `${`round ${round}/${rounds}  ${label.padEnd(38)} ${rate} req/s  ${latency}  ${problems}`.trimEnd()}\n`;
}

/** Runs the interleaved rounds and returns each target's results, one per round. */
export async function runRounds(
  targets: Target[],
  load: LoadGenerator,
  settings: Settings,
  settleAll: () => Promise<void>,
): Promise<Map<string, ClosedLoopResult[]>> {
  const results = new Map<string, ClosedLoopResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of targets) {
      const result = await load.closedLoop(target.request, settings);
      await settleAll();
      if (target.clean) {
        await target.clean();
        await settleAll();
      }
      results.get(target.name)!.push(result);
      process.stdout.write(progressLine(round, settings.rounds, target.label, result));
    }
  }
  return results;
}

/**
 * Runs each target once more with the profiler on in the api that serves it (the api toggles it
 * on SIGUSR2, see cpu-profiler.mjs) and summarises each profile.
 */
export async function profileJudix(
  targets: Target[],
  run: (target: Target) => Promise<ClosedLoopResult>,
  settleAll: () => Promise<void>,
): Promise<string[]> {
  const written = new Map<string, number>();
  const lines: string[] = [];
  for (const target of targets) {
    const directory = target.profileDir!;
    const pid = Number(readFileSync(join(directory, 'pid'), 'utf8'));
    const file = join(directory, `${(written.get(directory) ?? 0) + 1}.cpuprofile`);
    written.set(directory, (written.get(directory) ?? 0) + 1);
    process.stdout.write(`profiling ${target.label}…\n`);
    process.kill(pid, 'SIGUSR2');
    const result = await run(target);
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 30_000;
    while (!existsSync(file) && Date.now() < deadline) await sleep(100);
    await settleAll();
    await target.clean?.();
    await settleAll();
    lines.push(
      `${target.label} (${Math.round(result.requestsPerSecond)} req/s while profiled):`,
      ...summariseProfile(file),
    );
  }
  return lines;
}
