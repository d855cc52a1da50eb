// The benchmark's command line: flags (node:util parseArgs) with environment variables as their
// fallbacks. Parsing is pure, so that a bad flag, a bad value and --help are tested without a run.
import { parseArgs } from 'node:util';
import type { ClosedLoopOptions } from './closed-loop';

export interface Settings extends ClosedLoopOptions {
  rounds: number;
  openDurationSeconds: number;
  build: boolean;
  profile: boolean;
  /** Exit 1 when a target is missed, not only when the setup is broken. */
  check: boolean;
  only?: Set<string>;
}

export const USAGE = `Usage: npm run bench -- [options]
  --connections N    concurrent connections of the closed loop (BENCH_CONNECTIONS, 50)
  --duration S       seconds per target and round (BENCH_DURATION, 5)
  --warmup S         seconds of warm-up before each measurement (BENCH_WARMUP, 1)
  --rounds N         interleaved rounds (BENCH_ROUNDS, 3)
  --open-duration S  seconds of the open loop (BENCH_OPEN_DURATION, 10)
  --only a,b         run these targets only
  --profile          CPU profile of the api, one extra run per Judix target
  --no-build         skip npm run build
  --check            exit 1 when a ratio or the open-loop p99 misses its target`;

/** A flag or value the benchmark cannot run with; the message ends with the usage. */
export class SettingsError extends Error {}

export type Parsed = { help: true } | { help: false; settings: Settings };

/** Reads the flags, falling back to `env` for the numbers; throws a SettingsError when wrong. */
export function parseSettings(argv: string[], env: NodeJS.ProcessEnv = {}): Parsed {
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
        profile: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        check: { type: 'boolean' },
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
      only: values.only === undefined ? undefined : new Set(values.only.split(',')),
    },
  };
}

/** The settings of this process's command line; --help and a wrong flag end the process. */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings {
  try {
    const parsed = parseSettings(argv, env);
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
