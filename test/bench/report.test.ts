// The report: which targets a run missed, and the tables it prints and puts into the README.
import type { ClosedLoopResult } from '../../bench/closed-loop';
import type { OpenLoopResult } from '../../bench/open-loop';
import {
  missedTargets,
  renderReport,
  type MemoryPoint,
  type OpenLoopRow,
  type Report,
} from '../../bench/report';

const closed = (requestsPerSecond: number, problems: Partial<ClosedLoopResult> = {}) => ({
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 2,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  non2xxByStatus: {},
  answered: 10_000,
  ...problems,
});

const open = (p99Ms: number, p999Ms: number): OpenLoopResult => ({
  ratePerSecond: 1000,
  achievedPerSecond: 999,
  sent: 10_000,
  corrected: { p50Ms: 1, p99Ms, p999Ms, maxMs: p999Ms + 1 },
  uncorrectedP99Ms: p99Ms - 0.5,
  generatorLagP99Ms: 0.4,
  errors: 0,
  non2xx: 0,
});

const judix = (generator: string, result: OpenLoopResult, machineBusy?: number): OpenLoopRow => ({
  server: 'Judix list',
  generator,
  reference: false,
  result,
  machineBusy,
});
const koa = (generator: string, result: OpenLoopResult): OpenLoopRow => ({
  server: 'Koa',
  generator,
  reference: true,
  result,
});

const MiB = 1024 * 1024;
const point = (requests: number, rss: number, afterGcRss: number): MemoryPoint => ({
  requests,
  rss: rss * MiB,
  afterGc: { rss: afterGcRss * MiB, heapUsed: 30 * MiB, external: 20 * MiB },
});

/** A run whose every target passes: list at 0.5 of Koa in each round, fast open loops, flat memory. */
function report(change: Partial<Report> = {}): Report {
  return {
    header: ['# Judix benchmark', '', '- Machine: test'],
    targets: [
      { name: 'koa', label: 'Koa', rounds: [closed(1000), closed(2000), closed(1000)] },
      { name: 'list', label: 'List', rounds: [closed(500), closed(1000), closed(600)] },
      { name: 'listWarn', label: 'List warn', rounds: [closed(100), closed(100), closed(100)] },
    ],
    ratios: [
      { label: 'list / koa', numerator: 'list', denominator: 'koa', target: 0.5 },
      { label: 'warn / koa', numerator: 'listWarn', denominator: 'koa' },
    ],
    openLoops: [
      judix('any CPU', open(4, 12), 0.856),
      judix('pinned to CPU 1', open(5, 15)),
      koa('any CPU', open(3, 9)),
    ],
    limits: { openLoopP99Ms: 5, openLoopP999Ms: 15, memoryGrowth: 0.1 },
    memory: [point(100_000, 300, 120), point(1_000_000, 400, 132)],
    notes: ['a note'],
    ...change,
  };
}

describe('missed targets', () => {
  it('when every target is met exactly, then none is missed, and a ratio without a target never is', () => {
    expect(missedTargets(report())).toEqual([]);
  });

  it('when the median ratio is below its target, then that ratio is missed with its value', () => {
    const slow = report().targets.map((target) =>
      target.name === 'list'
        ? { ...target, rounds: [closed(400), closed(1000), closed(490)] }
        : target,
    );
    expect(missedTargets(report({ targets: slow }))).toEqual(['list / koa 0.49 < 0.5']);
  });

  it('when an open-loop run misses p99 or p99.9, then each miss is named with its generator', () => {
    const openLoops = [judix('any CPU', open(5.01, 12)), judix('pinned to CPU 1', open(3, 15.5))];
    expect(missedTargets(report({ openLoops }))).toEqual([
      'open loop (any CPU) p99 5.01 ms > 5.00 ms',
      'open loop (pinned to CPU 1) p99.9 15.50 ms > 15.00 ms',
    ]);
  });

  it('when a reference server is slower than the limits, then nothing is missed: it has no target', () => {
    const openLoops = [judix('any CPU', open(4, 12)), koa('any CPU', open(30, 80))];
    expect(missedTargets(report({ openLoops }))).toEqual([]);
  });

  it('when RSS after a full GC grows by more than the limit, then memory is missed; plain RSS does not count', () => {
    const memory = [point(100_000, 300, 120), point(1_000_000, 301, 133)];
    expect(missedTargets(report({ memory }))).toEqual([
      'memory: RSS after a full GC grew 10.8 % from 100,000 to 1,000,000 requests > 10 %',
    ]);
    expect(missedTargets(report({ memory: [point(1, 100, 100), point(2, 900, 100)] }))).toEqual([]);
  });

  it('when a step did not run, then it has no target to miss', () => {
    expect(missedTargets(report({ openLoops: [], memory: undefined, ratios: [] }))).toEqual([]);
  });
});

describe('the rendered report', () => {
  const text = renderReport(report());

  it('when ratios were measured, then each shows its median, its per-round values, target and result', () => {
    expect(text).toMatch(/\| list \/ koa +\| +0\.50 \| 0\.50, 0\.50, 0\.60 \| +≥ 0\.5 \| pass +\|/);
    expect(text).toMatch(/\| warn \/ koa +\| +0\.10 \| 0\.10, 0\.05, 0\.10 \| +— \| shown +\|/);
  });

  it("when the open loop ran on Judix and a reference, then each row shows its server, percentiles, generator lag and the machine's busy CPU", () => {
    expect(text).toContain('target for Judix p99 ≤ 5 ms and p99.9 ≤ 15 ms');
    expect(text).toMatch(
      /\| Judix list \| any CPU +\| 1000 \(999 achieved\) \| +10000 \| +1\.00 \| +4\.00 \| +12\.00 \|/,
    );
    expect(text).toMatch(/\| Judix list \| any CPU .*\| +0\.40 \| +86 \| +0 \| +0 \| pass +\|/);
    expect(text).toMatch(
      /\| Judix list \| pinned to CPU 1 .*\| +0\.40 \| +— \| +0 \| +0 \| pass +\|/,
    );
    expect(text).toMatch(/\| Koa +\| any CPU +\| .* \| +3\.00 \| +9\.00 \| .*\| shown +\|/);
  });

  it("when the api's runtime was read, then its event-loop delay and GC pauses are shown", () => {
    const api = {
      seconds: 10,
      eventLoopDelay: { p50Ms: 0.2, p99Ms: 3.5, maxMs: 9 },
      gc: [
        { kind: 'minor', count: 40, totalMs: 80, over10Ms: 1 },
        { kind: 'major', count: 2, totalMs: 20, over10Ms: 1 },
      ],
    };
    const rendered = renderReport(
      report({ openLoops: [{ ...judix('any CPU', open(4, 12)), api }] }),
    );
    expect(rendered).toMatch(
      /\| any CPU +\| +0\.20 \| +3\.50 \| +9\.00 \| +42 \| +100 \| +1\.0 \| +2 \| minor 40 \(80 ms\), major 2 \(20 ms\) \|/,
    );
  });

  it('when the memory step ran, then each reading and its growth are shown, the target on RSS after GC', () => {
    expect(text).toMatch(/\| RSS +\| +300\.0 \| +400\.0 \| \+33\.3 % \| +\|/);
    expect(text).toMatch(/\| RSS after a full GC +\| +120\.0 \| +132\.0 \| \+10\.0 % \| pass +\|/);
  });

  it('when a target failed to answer, then the report says the setup is broken', () => {
    const broken = report().targets.map((target) =>
      target.name === 'koa'
        ? {
            ...target,
            rounds: [
              closed(1000, { non2xx: 3, non2xxByStatus: { '503': 2, '429': 1 } }),
              closed(2000),
              closed(1000, { non2xx: 1, non2xxByStatus: { '503': 1 } }),
            ],
          }
        : target,
    );
    const rendered = renderReport(report({ targets: broken }));
    expect(rendered).toContain('Errors and non-2xx responses: 4 (FAIL: the setup is broken)');
    expect(rendered).toMatch(/Non-2xx answers in the closed loop:\n- [^\n]+: 1 × 429, 3 × 503\n/);
    expect(text).not.toContain('Non-2xx answers');
    expect(text).toContain('Errors and non-2xx responses: none (pass)');
  });

  it('when no ratio was measured, then the ratio table is left out', () => {
    expect(renderReport(report({ ratios: [] }))).not.toContain('Ratios of requests/s');
    expect(text.startsWith('# Judix benchmark\n\n- Machine: test\n')).toBe(true);
  });

  it('when CPU time was read in every round, then each target shows its medians and the rest; without it, no table', () => {
    const cpu = (machine: number, nginx?: number) => ({
      machine,
      generator: 20,
      server: 50,
      nginx,
    });
    const targets = [
      {
        name: 'list',
        label: 'List',
        rounds: [
          { ...closed(500), cpu: cpu(100) },
          { ...closed(500), cpu: cpu(120) },
          { ...closed(500), cpu: cpu(300) },
        ],
      },
      {
        name: 'nginx',
        label: 'Through nginx',
        rounds: [{ ...closed(400), cpu: cpu(140, 30) }],
      },
      { name: 'koa', label: 'Koa', rounds: [closed(1000), { ...closed(900), cpu: cpu(60) }] },
    ];
    const rendered = renderReport(report({ targets, ratios: [] }));
    expect(rendered).toContain('CPU time per request answered in the closed loop, in µs');
    expect(rendered).toMatch(/\| List +\| +120 \| +20 \| +50 \| +— \| +50 \|/);
    expect(rendered).toMatch(/\| Through nginx \| +140 \| +20 \| +50 \| +30 \| +40 \|/);
    expect(rendered).not.toMatch(/\| Koa +\| +60 /);
    expect(text).not.toContain('CPU time per request');
  });
});
