// The benchmark's command line: flags (node:util parseArgs) with environment variables as their
// fallbacks. Parsing is pure, so that a bad flag, a bad value and --help are tested without a run.
import { parseArgs } from 'node:util';
import type { ClosedLoopOptions } from './closed-loop';
import { STEP_NAMES, TARGET_NAMES } from './targets';

export interface Settings extends ClosedLoopOptions {
  rounds: number;
  openDurationSeconds: number;
  build: boolean;
  profile: boolean;
  /** Exit 1 when a target is missed, not only when the setup is broken. */
  check: boolean;
  /** Put the report into README.md's Benchmark section. */
  readme: boolean;
  only?: Set<string>;
  /** The CPU the load generator is pinned to in the open loop's second run. */
  pinCpu: number;
  /** Requests after which the memory step reads the api's memory, fewest first. */
  memoryRequests: number[];
}

export const USAGE = `Usage: npm run bench -- [options]
  --connections N    concurrent connections of the closed loop (BENCH_CONNECTIONS, 50)
  --duration S       seconds per target and round (BENCH_DURATION, 5)
  --warmup S         seconds of warm-up before each measurement (BENCH_WARMUP, 1)
  --rounds N         interleaved rounds (BENCH_ROUNDS, 3)
  --open-duration S  seconds of the open loop (BENCH_OPEN_DURATION, 10)
  --only a,b         run these targets and steps only (${[...TARGET_NAMES, ...STEP_NAMES].join(' ')})
  --pin-cpu N        CPU of the pinned open-loop run's load generator, the server on the others
                     (taskset; the last CPU)
  --memory-requests A,B  requests after which the memory step reads memory (100000,1000000)
  --profile          CPU profile of the api, one extra run per Judix target
  --no-build         skip npm run build
  --check            exit 1 when a ratio, an open-loop percentile or the memory growth misses its target
  --readme           put the report into README.md's Benchmark section (npx tsx bench/readme.ts
                     does it from the last run's report)`;

/** A flag or value the benchmark cannot run with; the message ends with the usage. */
export class SettingsError extends Error {}

export type Parsed = { help: true } | { help: false; settings: Settings };

/**
 * Reads the flags, falling back to `env` for the numbers; throws a SettingsError when wrong.
 * `cpuCount` is the machine's, for --pin-cpu.
 */
export function parseSettings(argv: string[], env: NodeJS.ProcessEnv, cpuCount: number): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        connections: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        'open-duration': { type: 'string' },
        only: { type: 'string' },
        'pin-cpu': { type: 'string' },
        'memory-requests': { type: 'string' },
        profile: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        check: { type: 'boolean' },
        readme: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new SettingsError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) return { help: true };
  const number = (flag: keyof typeof values, variable: string, fallback: number) => {
    const text = (values[flag] as string | undefined) ?? env[variable];
    const value = text === undefined ? fallback : Number(text);
    if (text?.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new SettingsError(
        `--${flag} (${variable}) must be a non-negative number, got "${text}"\n${USAGE}`,
      );
    }
    return value;
  };
  const wrong = (message: string) => new SettingsError(`${message}\n${USAGE}`);
  const names: readonly string[] = [...TARGET_NAMES, ...STEP_NAMES];
  const only = values.only === undefined ? undefined : new Set(values.only.split(','));
  const unknown = [...(only ?? [])].filter((name) => !names.includes(name));
  if (unknown.length > 0) throw wrong(`--only names no target or step ${unknown.join(', ')}`);
  const pinCpu = number('pin-cpu', 'BENCH_PIN_CPU', cpuCount - 1);
  if (!Number.isInteger(pinCpu) || pinCpu >= cpuCount) {
    throw wrong(`--pin-cpu must be a CPU number below ${cpuCount}, got "${values['pin-cpu']}"`);
  }
  const memoryText = values['memory-requests'] ?? '100000,1000000';
  const memoryRequests = memoryText.split(',').map(Number);
  if (
    memoryRequests.length < 2 ||
    memoryRequests.some(
      (n, i) => !Number.isInteger(n) || n < 1 || n <= (memoryRequests[i - 1] ?? 0),
    )
  ) {
    throw wrong(
      `--memory-requests takes two or more growing whole numbers such as 100000,1000000, got "${memoryText}"`,
    );
  }
  return {
    help: false,
    settings: {
      connections: Math.max(1, Math.round(number('connections', 'BENCH_CONNECTIONS', 50))),
      durationSeconds: Math.max(1, number('duration', 'BENCH_DURATION', 5)),
      warmupSeconds: number('warmup', 'BENCH_WARMUP', 1),
      rounds: Math.max(1, Math.round(number('rounds', 'BENCH_ROUNDS', 3))),
      openDurationSeconds: Math.max(1, number('open-duration', 'BENCH_OPEN_DURATION', 10)),
      build: !values['no-build'],
      profile: values.profile === true,
      check: values.check === true,
      readme: values.readme === true,
      only,
      pinCpu,
      memoryRequests,
    },
  };
}

/** The settings of this process's command line; --help and a wrong flag end the process. */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv, cpuCount: number): Settings {
  try {
    const parsed = parseSettings(argv, env, cpuCount);
    if (parsed.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return parsed.settings;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
