// Turns the measurements into the printed tables and the Markdown the README takes.
import type { ClosedLoopResult } from './closed-loop';
import type { ApiRuntime } from './metrics';
import type { OpenLoopResult } from './open-loop';
import type { MemoryReading, StreamMemory } from './streams';

/**
 * CPU time per request answered in one closed-loop run, in microseconds (/proc's clock ticks):
 * the machine's busy time over all CPUs, and the part of it each process spent.
 */
export interface CpuPerRequest {
  machine: number;
  generator: number;
  server: number;
  /** Only for a target reached through nginx: its master and workers. */
  nginx?: number;
}

/** One closed-loop run of a target; `cpu` is absent off Linux. */
export type RoundResult = ClosedLoopResult & { cpu?: CpuPerRequest };

export interface TargetSummary {
  name: string;
  label: string;
  rounds: RoundResult[];
}

export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  /** Absent for a ratio that is shown only. */
  target?: number;
}

/**
 * One open-loop run: the server it drove, which generator sent it, what it measured, and Judix's
 * runtime meanwhile.
 */
export interface OpenLoopRow {
  server: string;
  generator: string;
  /** A reference server's run is shown beside Judix's and has no target. */
  reference: boolean;
  result: OpenLoopResult;
  /** The share of all the machine's CPUs busy during the run (warm-up included); absent off Linux. */
  machineBusy?: number;
  /** Absent for a reference server, or when the api's metrics could not be read. */
  api?: ApiRuntime;
}

/** The api's memory after a number of requests: plain RSS, then process.memoryUsage() after a full GC. */
export interface MemoryPoint {
  requests: number;
  rss: number;
  afterGc: MemoryReading;
}

/** The targets that are not ratios. */
export interface Limits {
  openLoopP99Ms: number;
  openLoopP999Ms: number;
  /**
   * Largest growth of the api's RSS after a full GC from the first memory reading to the last, as
   * a fraction: what the api retains. Plain RSS also holds garbage not yet collected, which
   * depends on where the heap is in its cycle when it is read.
   */
  memoryGrowth: number;
}

export interface Report {
  header: string[];
  targets: TargetSummary[];
  ratios: Ratio[];
  /** Empty when the cached list was not among the targets. */
  openLoops: OpenLoopRow[];
  limits: Limits;
  /** Absent when the streams step did not run. */
  streamMemory?: StreamMemory;
  /** Absent when the memory step did not run; else its readings, fewest requests first. */
  memory?: MemoryPoint[];
  notes: string[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Mean requests/s over the rounds, which all ran for the same time. */
export const throughput = (target: TargetSummary) =>
  sum(target.rounds.map((round) => round.requestsPerSecond)) / target.rounds.length;

/** Errors and non-2xx answers, plus rounds in which nothing answered at all. */
export const failures = (target: TargetSummary) =>
  sum(target.rounds.map((round) => round.errors + round.non2xx)) +
  target.rounds.filter((round) => round.requestsPerSecond === 0).length;

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const rps = (value: number) => Math.round(value).toString();

function table(headings: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) =>
        align[column] === 'r' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      align[column] === 'r' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
    )
    .join(' | ')} |`;
  return [line(headings), rule, ...rows.map(line)];
}

/**
 * The ratio in each round, between two targets that ran one after the other, and their median:
 * on a shared machine the load from elsewhere changes over minutes, so neighbours in time compare
 * more fairly than means over the whole run.
 */
function ratioValues(report: Pick<Report, 'targets'>, ratio: Ratio) {
  const find = (name: string) => report.targets.find((target) => target.name === name)!;
  const numerator = find(ratio.numerator).rounds;
  const denominator = find(ratio.denominator).rounds;
  const perRound = numerator.map(
    (round, index) => round.requestsPerSecond / denominator[index]!.requestsPerSecond,
  );
  return { perRound, value: median(perRound) };
}

/**
 * CPU time per request of every target measured on Linux, the median over rounds of each column:
 * on a machine whose cores are all busy in the closed loop, a target's throughput follows its
 * total, so the columns say where a ratio below 1 went.
 */
function cpuSection(report: Report): string[] {
  const measured = report.targets.flatMap((target) => {
    const cpu = target.rounds.map((round) => round.cpu);
    return cpu.length > 0 && cpu.every((each) => each !== undefined)
      ? [{ label: target.label, cpu: cpu as CpuPerRequest[] }]
      : [];
  });
  if (measured.length === 0) return [];
  const rows = measured.map(({ label, cpu }) => {
    const us = (pick: (each: CpuPerRequest) => number) => fixed(median(cpu.map(pick)), 0);
    return [
      label,
      us((each) => each.machine),
      us((each) => each.generator),
      us((each) => each.server),
      cpu.every((each) => each.nginx !== undefined) ? us((each) => each.nginx!) : '—',
      us((each) => each.machine - each.generator - each.server - (each.nginx ?? 0)),
    ];
  });
  return [
    "CPU time per request answered in the closed loop, in µs (from /proc, warm-up included; median over rounds): all CPUs' busy time, and the part spent by the load generator, the server that answers, and nginx in front of it; the rest is MongoDB's and Redis's servers, the kernel's network work outside any process, and the benchmark itself:",
    '',
    ...table(['Target', 'all µs', 'load generator µs', 'server µs', 'nginx µs', 'rest µs'], rows, [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
  ];
}

function openSection(report: Report): string[] {
  const { openLoopP99Ms, openLoopP999Ms } = report.limits;
  const rows = report.openLoops.map(({ server, generator, reference, result, machineBusy }) => [
    server,
    generator,
    `${rps(result.ratePerSecond)} (${rps(result.achievedPerSecond)} achieved)`,
    String(result.sent),
    fixed(result.corrected.p50Ms),
    fixed(result.corrected.p99Ms),
    fixed(result.corrected.p999Ms),
    fixed(result.corrected.maxMs),
    fixed(result.uncorrectedP99Ms),
    fixed(result.generatorLagP99Ms),
    machineBusy === undefined ? '—' : fixed(100 * machineBusy, 0),
    String(result.errors),
    String(result.non2xx),
    openResult(report.limits, reference, result),
  ]);
  const runtimes = report.openLoops.flatMap(({ generator, api }) =>
    api ? [{ generator, api }] : [],
  );
  const runtimeRows = runtimes.map(({ generator, api }) => {
    const total = sum(api.gc.map((each) => each.totalMs));
    return [
      generator,
      fixed(api.eventLoopDelay.p50Ms),
      fixed(api.eventLoopDelay.p99Ms),
      fixed(api.eventLoopDelay.maxMs),
      String(sum(api.gc.map((each) => each.count))),
      fixed(total, 0),
      fixed((100 * total) / (api.seconds * 1000), 1),
      String(sum(api.gc.map((each) => each.over10Ms))),
      api.gc.map((each) => `${each.kind} ${each.count} (${fixed(each.totalMs, 0)} ms)`).join(', '),
    ];
  });
  return [
    `Open loop at half the cached list's closed-loop maximum, latency from each request's intended send time (coordinated omission corrected); target for Judix p99 ≤ ${fixed(openLoopP99Ms, 0)} ms and p99.9 ≤ ${fixed(openLoopP999Ms, 0)} ms; the reference servers answer the same page at the same rate, with no target:`,
    '',
    ...table(
      [
        'server',
        'generator',
        'rate req/s',
        'requests',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'p99 uncorrected ms',
        'generator lag p99 ms',
        'CPU busy %',
        'errors',
        'non-2xx',
        'result',
      ],
      rows,
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    ...(runtimeRows.length === 0
      ? []
      : [
          'The api during each open-loop run (its prom-client metrics, scraped before and after): event-loop delay beyond the 10 ms sampling tick, and garbage collections:',
          '',
          ...table(
            [
              'generator',
              'loop delay p50 ms',
              'p99 ms',
              'max ms',
              'GCs',
              'GC ms',
              'GC % of time',
              'GCs > 10 ms',
              'by kind',
            ],
            runtimeRows,
            ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
          ),
          '',
        ]),
  ];
}

function openResult(limits: Limits, reference: boolean, result: OpenLoopResult): string {
  if (reference) return 'shown';
  return openMisses(limits, result).length === 0 ? 'pass' : 'MISS';
}

/** The open-loop limits one run misses. */
function openMisses(limits: Limits, result: OpenLoopResult): string[] {
  return [
    ...(result.corrected.p99Ms > limits.openLoopP99Ms
      ? [`p99 ${fixed(result.corrected.p99Ms)} ms > ${fixed(limits.openLoopP99Ms)} ms`]
      : []),
    ...(result.corrected.p999Ms > limits.openLoopP999Ms
      ? [`p99.9 ${fixed(result.corrected.p999Ms)} ms > ${fixed(limits.openLoopP999Ms)} ms`]
      : []),
  ];
}

/** The RSS that the memory target reads: after a full GC. */
const retained = (point: MemoryPoint) => point.afterGc.rss;

/** Growth from the first memory reading to the last, as a fraction of the first. */
export function memoryGrowth(points: MemoryPoint[], rss: (point: MemoryPoint) => number) {
  return (rss(points.at(-1)!) - rss(points[0]!)) / rss(points[0]!);
}

function growthSection(points: MemoryPoint[], limit: number): string[] {
  const mib = (bytes: number) => fixed(bytes / 1024 / 1024, 1);
  const count = (n: number) => n.toLocaleString('en-US');
  const percent = (fraction: number) => `${fraction >= 0 ? '+' : ''}${fixed(100 * fraction, 1)} %`;
  const measures: [string, (point: MemoryPoint) => number][] = [
    ['RSS', (point) => point.rss],
    ['RSS after a full GC', (point) => point.afterGc.rss],
    ['V8 heap used after a full GC', (point) => point.afterGc.heapUsed],
    ['external after a full GC', (point) => point.afterGc.external],
  ];
  const growth = memoryGrowth(points, retained);
  return [
    `Memory of an api of its own under the cached list's closed loop, read after ${points.map((point) => count(point.requests)).join(' and ')} requests; target: RSS after a full GC grows by ≤ ${fixed(100 * limit, 0)} % (plain RSS, read first, also holds garbage not yet collected):`,
    '',
    ...table(
      [
        'Memory',
        ...points.map((point) => `${count(point.requests)} requests MiB`),
        'growth',
        'result',
      ],
      measures.map(([label, of], index) => [
        label,
        ...points.map((point) => mib(of(point))),
        percent(memoryGrowth(points, of)),
        index === 1 ? (growth <= limit ? 'pass' : 'MISS') : '',
      ]),
      ['l', ...points.map(() => 'r' as const), 'r', 'l'],
    ),
    '',
  ];
}

function memorySection(memory: StreamMemory): string[] {
  const count = memory.streams.toLocaleString('en-US');
  const mib = (bytes: number) => fixed(bytes / 1024 / 1024, 1);
  const rows = (
    [
      ['RSS', 'rss'],
      ['V8 heap used', 'heapUsed'],
      ['external (Buffers, outside the heap)', 'external'],
    ] as const
  ).map(([label, key]) => {
    const difference = memory.after[key] - memory.before[key];
    return [
      label,
      mib(memory.before[key]),
      mib(memory.after[key]),
      mib(difference),
      fixed(difference / memory.streams / 1024, 1),
    ];
  });
  return [
    `Memory of the api holding the idle streams (process.memoryUsage() after a full GC), with 0 and then ${count} streams open:`,
    '',
    ...table(
      ['Memory', '0 streams MiB', `${count} streams MiB`, 'difference MiB', 'per stream KiB'],
      rows,
      ['l', 'r', 'r', 'r', 'r'],
    ),
    '',
  ];
}

/** The targets the run missed, one line each ("cached list / Koa same page 0.19 < 0.5"). */
export function missedTargets(report: Report): string[] {
  const missed = report.ratios.flatMap((ratio) => {
    const { value } = ratioValues(report, ratio);
    return ratio.target === undefined || value >= ratio.target
      ? []
      : [`${ratio.label} ${fixed(value)} < ${fixed(ratio.target, 1)}`];
  });
  for (const { generator, reference, result } of report.openLoops) {
    if (reference) continue;
    for (const miss of openMisses(report.limits, result))
      missed.push(`open loop (${generator}) ${miss}`);
  }
  if (report.memory) {
    const growth = memoryGrowth(report.memory, retained);
    if (growth > report.limits.memoryGrowth) {
      const [first, last] = [report.memory[0]!, report.memory.at(-1)!];
      missed.push(
        `memory: RSS after a full GC grew ${fixed(100 * growth, 1)} % from ${first.requests.toLocaleString('en-US')} to ${last.requests.toLocaleString('en-US')} requests > ${fixed(100 * report.limits.memoryGrowth, 0)} %`,
      );
    }
  }
  return missed;
}

/** The whole report as Markdown, which also reads well in a terminal. */
export function renderReport(report: Report): string {
  const targetRows = report.targets.map((target) => {
    const perRound = target.rounds.map((round) => round.requestsPerSecond);
    return [
      target.label,
      rps(throughput(target)),
      `${rps(Math.min(...perRound))}–${rps(Math.max(...perRound))}`,
      fixed(median(target.rounds.map((round) => round.p50Ms))),
      fixed(median(target.rounds.map((round) => round.p99Ms))),
      String(sum(target.rounds.map((round) => round.errors))),
      String(sum(target.rounds.map((round) => round.non2xx))),
    ];
  });
  const ratioRows = report.ratios.map((ratio) => {
    const { perRound, value } = ratioValues(report, ratio);
    return [
      ratio.label,
      fixed(value),
      perRound.map((each) => fixed(each)).join(', '),
      ratio.target === undefined ? '—' : `≥ ${fixed(ratio.target, 1)}`,
      ratio.target === undefined ? 'shown' : value >= ratio.target ? 'pass' : 'MISS',
    ];
  });
  const answered = report.targets.flatMap((target) => {
    const counts = new Map<string, number>();
    for (const round of target.rounds) {
      for (const [status, count] of Object.entries(round.non2xxByStatus)) {
        counts.set(status, (counts.get(status) ?? 0) + count);
      }
    }
    const statuses = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
    return statuses.length === 0
      ? []
      : [`${target.label}: ${statuses.map(([status, n]) => `${n} × ${status}`).join(', ')}`];
  });
  const openFailures = sum(report.openLoops.map(({ result }) => result.errors + result.non2xx));
  const allFailures = sum(report.targets.map(failures)) + openFailures;

  return [
    ...report.header,
    '',
    'Closed loop (requests/s is the mean over rounds; latencies are the median over rounds, in ms):',
    '',
    ...table(
      ['Target', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'errors', 'non-2xx'],
      targetRows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...(ratioRows.length === 0
      ? []
      : [
          'Ratios of requests/s (median over rounds of the ratio between neighbours in the same round):',
          '',
          ...table(['Ratio', 'median', 'per round', 'target', 'result'], ratioRows, [
            'l',
            'r',
            'r',
            'r',
            'l',
          ]),
          '',
        ]),
    ...cpuSection(report),
    ...(report.openLoops.length === 0 ? [] : openSection(report)),
    ...(report.memory ? growthSection(report.memory, report.limits.memoryGrowth) : []),
    ...(report.streamMemory ? memorySection(report.streamMemory) : []),
    `Errors and non-2xx responses: ${allFailures === 0 ? 'none (pass)' : `${allFailures} (FAIL: the setup is broken)`}`,
    ...(answered.length === 0
      ? []
      : ['', 'Non-2xx answers in the closed loop:', ...answered.map((line) => `- ${line}`)]),
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
