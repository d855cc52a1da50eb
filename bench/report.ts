// Turns the measurements into the printed tables and the Markdown the README takes.
import type { ClosedLoopResult } from './closed-loop';
import type { OpenLoopResult } from './open-loop';
import type { StreamMemory } from './streams';

export interface TargetSummary {
  name: string;
  label: string;
  rounds: ClosedLoopResult[];
}

export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  /** Absent for a ratio that is shown only. */
  target?: number;
}

export interface Report {
  header: string[];
  targets: TargetSummary[];
  ratios: Ratio[];
  /** Absent when the cached list was not among the targets. */
  openLoop?: OpenLoopResult;
  openLoopTargetP99Ms: number;
  /** Absent when the streams step did not run. */
  streamMemory?: StreamMemory;
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

function openSection(targetP99Ms: number, rows: string[][]): string[] {
  return [
    `Open loop, cached list at half its closed-loop maximum, latency from each request's intended send time (coordinated omission corrected); target p99 ≤ ${targetP99Ms} ms:`,
    '',
    ...table(
      [
        'rate req/s',
        'requests',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'p99 uncorrected ms',
        'generator lag p99 ms',
        'errors',
        'non-2xx',
        'result',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
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

/** The whole report as Markdown, which also reads well in a terminal. */
/** The targets the run missed, one line each ("cached list / Koa same page 0.19 < 0.5"). */
export function missedTargets(report: Report): string[] {
  const missed = report.ratios.flatMap((ratio) => {
    const { value } = ratioValues(report, ratio);
    return ratio.target === undefined || value >= ratio.target
      ? []
      : [`${ratio.label} ${fixed(value)} < ${fixed(ratio.target, 1)}`];
  });
  const open = report.openLoop;
  if (open && open.corrected.p99Ms > report.openLoopTargetP99Ms) {
    missed.push(
      `open-loop p99 ${fixed(open.corrected.p99Ms)} ms > ${fixed(report.openLoopTargetP99Ms)} ms`,
    );
  }
  return missed;
}

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
  const open = report.openLoop;
  const openFailures = open ? open.errors + open.non2xx : 0;
  const openRows = !open
    ? []
    : [
        [
          `${rps(open.ratePerSecond)} (${rps(open.achievedPerSecond)} achieved)`,
          String(open.sent),
          fixed(open.corrected.p50Ms),
          fixed(open.corrected.p99Ms),
          fixed(open.corrected.p999Ms),
          fixed(open.corrected.maxMs),
          fixed(open.uncorrectedP99Ms),
          fixed(open.generatorLagP99Ms),
          String(open.errors),
          String(open.non2xx),
          open.corrected.p99Ms <= report.openLoopTargetP99Ms ? 'pass' : 'MISS',
        ],
      ];
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
    ...(openRows.length === 0 ? [] : openSection(report.openLoopTargetP99Ms, openRows)),
    ...(report.streamMemory ? memorySection(report.streamMemory) : []),
    `Errors and non-2xx responses: ${allFailures === 0 ? 'none (pass)' : `${allFailures} (FAIL: the setup is broken)`}`,
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
