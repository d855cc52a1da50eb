// The measuring loop: every target once per round, in the same order each round, with the
// database settled between targets; the open loop on the cached list afterwards, from a free and
// from a pinned load generator; the memory step; and, under --profile, one more profiled run of
// each Judix target.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Settings } from './cli';
import type { ClosedLoopResult } from './closed-loop';
import { machineTicks, processTreeTicks, TICKS_PER_SECOND } from './cpu-time';
import { LoadGenerator, type Request } from './load';
import { apiRuntime, scrape } from './metrics';
import { summariseProfile } from './profile';
import type { CpuPerRequest, MemoryPoint, OpenLoopRow, RoundResult } from './report';
import type { MemoryProbe } from './streams';
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
  return `${`round ${round}/${rounds}  ${label.padEnd(46)} ${rate} req/s  ${latency}  ${problems}`.trimEnd()}\n`;
}

/** The ticks the machine and each process in a closed-loop run have spent so far. */
function runTicks(load: LoadGenerator, target: Target) {
  const machine = machineTicks();
  return (
    machine && {
      machine: machine.busy,
      generator: processTreeTicks(load.pid),
      server: processTreeTicks(target.serverPid),
      nginx: target.nginxPid ? processTreeTicks(target.nginxPid) : undefined,
    }
  );
}

/** What the run between two readings cost per request answered, in microseconds. */
function perRequest(
  before: ReturnType<typeof runTicks>,
  after: ReturnType<typeof runTicks>,
  answered: number,
): CpuPerRequest | undefined {
  if (!before || !after || answered === 0) return undefined;
  const us = (from: number, to: number) => ((to - from) * 1e6) / TICKS_PER_SECOND / answered;
  return {
    machine: us(before.machine, after.machine),
    generator: us(before.generator, after.generator),
    server: us(before.server, after.server),
    nginx:
      before.nginx === undefined || after.nginx === undefined
        ? undefined
        : us(before.nginx, after.nginx),
  };
}

/**
 * Runs the interleaved rounds and returns each target's results, one per round, each with the CPU
 * time its requests cost.
 */
export async function runRounds(
  targets: Target[],
  load: LoadGenerator,
  settings: Settings,
  settleAll: () => Promise<void>,
): Promise<Map<string, RoundResult[]>> {
  const results = new Map<string, RoundResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of targets) {
      const before = runTicks(load, target);
      const measured = await load.closedLoop(target.request, settings);
      const result = {
        ...measured,
        cpu: perRequest(before, runTicks(load, target), measured.answered),
      };
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

/** A server the open loop drives: Judix's cached list, or a reference server answering the same page. */
export interface OpenLoopServer {
  label: string;
  request: Request;
  /** The server's process, held to the CPUs the pinned generator leaves free during its run. */
  pid: number;
  /** Judix's metrics, scraped around each run for its GC pauses and event-loop delay. */
  metricsUrl?: string;
  /** A reference shows the floor the machine sets at the same rate; it has no target. */
  reference: boolean;
}

export interface OpenLoopPlan {
  /** Judix first, then the references, each at the same rate. */
  servers: OpenLoopServer[];
  ratePerSecond: number;
  settings: Settings;
}

/** Whether the pinned run can be made: taskset, and a CPU for the api besides the generator's. */
export function canPin(): boolean {
  return cpus().length > 1 && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Sets the CPUs a process (and all its threads) may run on, such as `0` or `0-1`. */
function pinProcess(pid: number, cpus: string): void {
  const result = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], {
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error(`taskset could not move process ${pid} to CPUs ${cpus}`);
}

/** The share of the machine's CPU time that was busy between two readings. */
function busyShare(
  before: ReturnType<typeof machineTicks>,
  after: ReturnType<typeof machineTicks>,
): number | undefined {
  if (!before || !after || after.total === before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** The CPUs but `cpu`, as a taskset list (`0`, `0,2-3`). */
function otherCpus(cpu: number): string {
  const all = Array.from({ length: cpus().length }, (_, n) => n).filter((n) => n !== cpu);
  return all.join(',');
}

/**
 * The open loop from the benchmark's load generator, free to run on any CPU, and from a second one
 * pinned to --pin-cpu while the server under test is held to the other CPUs, so the rows show what
 * sharing the cores between generator and server costs; each generator drives every server in
 * turn at the same rate, the references showing what the machine allows with no Judix in the way.
 */
export async function runOpenLoops(
  load: LoadGenerator,
  plan: OpenLoopPlan,
  pinned: boolean,
): Promise<OpenLoopRow[]> {
  const { servers, ratePerSecond, settings } = plan;
  const options = {
    ratePerSecond,
    durationSeconds: settings.openDurationSeconds,
    warmupSeconds: settings.warmupSeconds,
    maxSockets: settings.connections,
  };
  const all = `0-${cpus().length - 1}`;
  const serverCpus = otherCpus(settings.pinCpu);
  const runs: { generator: string; load: () => LoadGenerator; own: boolean; cpus: string }[] = [
    { generator: 'any CPU', load: () => load, own: false, cpus: all },
    ...(pinned
      ? [
          {
            generator: `pinned to CPU ${settings.pinCpu}, server on CPU ${serverCpus}`,
            load: () => new LoadGenerator(settings.pinCpu),
            own: true,
            cpus: serverCpus,
          },
        ]
      : []),
  ];
  const rows: OpenLoopRow[] = [];
  for (const run of runs) {
    const generator = run.load();
    try {
      for (const server of servers) {
        process.stdout.write(
          `open loop (${run.generator}): ${server.label} at ${ratePerSecond} req/s for ${settings.openDurationSeconds} s…\n`,
        );
        pinProcess(server.pid, run.cpus);
        try {
          const before = server.metricsUrl ? await scrape(server.metricsUrl) : undefined;
          const started = performance.now();
          const cpuBefore = machineTicks();
          const result = await generator.openLoop(server.request, options);
          const machineBusy = busyShare(cpuBefore, machineTicks());
          const seconds = (performance.now() - started) / 1000;
          const api =
            server.metricsUrl && before
              ? apiRuntime(before, await scrape(server.metricsUrl), seconds)
              : undefined;
          rows.push({
            server: server.label,
            generator: run.generator,
            reference: server.reference,
            result,
            machineBusy,
            api,
          });
        } finally {
          pinProcess(server.pid, all);
        }
      }
    } finally {
      if (run.own) generator.close();
    }
  }
  return rows;
}

/**
 * Drives `request` with the closed loop until each count of `requests` is reached in total, and
 * reads the api's memory at each: its plain RSS from /proc first, then process.memoryUsage()
 * after a full GC through the probe.
 */
export async function measureMemory(
  load: LoadGenerator,
  request: Request,
  settings: Settings,
  probe: MemoryProbe,
): Promise<MemoryPoint[]> {
  const points: MemoryPoint[] = [];
  let sent = 0;
  for (const requests of settings.memoryRequests) {
    const amount = requests - sent;
    process.stdout.write(
      `memory: ${amount.toLocaleString('en-US')} more requests, to ${requests.toLocaleString('en-US')}…\n`,
    );
    const result = await load.closedLoop(request, {
      connections: Math.min(settings.connections, amount),
      durationSeconds: settings.durationSeconds,
      warmupSeconds: 0,
      amount,
    });
    if (result.errors + result.non2xx > 0) {
      throw new Error(
        `the memory step's load met ${result.errors} errors and ${result.non2xx} non-2xx answers`,
      );
    }
    sent = requests;
    const rss = residentBytes(probe.pid);
    points.push({ requests, rss, afterGc: await probe.read() });
  }
  return points;
}

/** A process's resident set from /proc, in bytes. */
function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith('VmRSS:'));
  const kib = Number(line?.split(/\s+/)[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for process ${pid}`);
  return kib * 1024;
}
