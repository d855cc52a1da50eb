// The benchmark's command line: flags, their environment fallbacks, and what stops a run.
import { parseSettings, SettingsError, USAGE, type Settings } from '../../bench/cli';

const settings = (argv: string[], env: NodeJS.ProcessEnv = {}, cpus = 2): Settings => {
  const parsed = parseSettings(argv, env, cpus);
  if (parsed.help) throw new Error('expected settings, got --help');
  return parsed.settings;
};

const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parseSettings(argv, env, 2);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('bench settings', () => {
  it('when no flag is given, then the defaults apply', () => {
    expect(settings([])).toEqual({
      connections: 50,
      durationSeconds: 5,
      warmupSeconds: 1,
      rounds: 3,
      openDurationSeconds: 10,
      build: true,
      profile: false,
      check: false,
      readme: false,
      only: undefined,
      pinCpu: 1,
      memoryRequests: [100_000, 1_000_000],
    });
  });

  it('when flags are given, then they win over the environment', () => {
    const read = settings(
      ['--rounds', '1', '--duration', '2', '--no-build', '--check', '--readme', '--pin-cpu', '0'],
      { BENCH_ROUNDS: '7', BENCH_CONNECTIONS: '20' },
    );
    expect(read).toMatchObject({
      rounds: 1,
      durationSeconds: 2,
      connections: 20,
      build: false,
      check: true,
      readme: true,
      pinCpu: 0,
    });
  });

  it('when --only and --memory-requests are given, then they are read as lists', () => {
    const read = settings(['--only', 'nginx,list,memory', '--memory-requests', '20000,200000']);
    expect([...read.only!]).toEqual(['nginx', 'list', 'memory']);
    expect(read.memoryRequests).toEqual([20_000, 200_000]);
  });

  it('when --help is given, then it asks for the usage, which names every flag', () => {
    expect(parseSettings(['--help'], {}, 2)).toEqual({ help: true });
    for (const flag of ['--only', '--pin-cpu', '--memory-requests', '--check', '--readme']) {
      expect(USAGE).toContain(flag);
    }
  });

  it('when a flag is unknown, then it is refused with the usage', () => {
    const message = refusal(['--fast']);
    expect(message).toContain("'--fast'");
    expect(message).toContain(USAGE);
  });

  it('when a value is malformed, then it is refused naming the flag, with the usage', () => {
    expect(refusal(['--rounds', 'three'])).toMatch(/^--rounds \(BENCH_ROUNDS\) .*"three"/);
    expect(refusal([], { BENCH_DURATION: '-1' })).toMatch(/^--duration \(BENCH_DURATION\)/);
    expect(refusal(['--connections', ' '])).toContain(USAGE);
  });

  it('when --only names no target or step, then it is refused', () => {
    expect(refusal(['--only', 'list,lists'])).toMatch(/^--only names no target or step lists/);
  });

  it('when --pin-cpu is not a CPU of the machine, then it is refused', () => {
    expect(refusal(['--pin-cpu', '2'])).toMatch(/^--pin-cpu must be a CPU number below 2/);
    expect(refusal(['--pin-cpu', '0.5'])).toMatch(/^--pin-cpu/);
  });

  it('when --memory-requests is not two or more growing counts, then it is refused', () => {
    for (const text of ['100000', '200000,100000', '0,10', '1e5,x', '100,100']) {
      expect(refusal(['--memory-requests', text])).toMatch(/^--memory-requests takes/);
    }
  });
});
