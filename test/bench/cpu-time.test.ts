// CPU time from /proc: the parsers on fixed text, and the readers on real processes.
import { spawn } from 'node:child_process';
import {
  machineTicks,
  parseMachineTicks,
  parseProcessTicks,
  processTreeTicks,
} from '../../bench/cpu-time';
import { until } from '../support/wait';

const onLinux = process.platform === 'linux' ? it : it.skip;

describe('parsing /proc', () => {
  it('when /proc/stat is read, then busy time leaves out idle and iowait, and guest time is not counted twice', () => {
    const stat = 'cpu  100 5 40 800 20 3 7 2 9 0\ncpu0 50 2 20 400 10 1 3 1 4 0\n';
    expect(parseMachineTicks(stat)).toEqual({ busy: 157, total: 977 });
  });

  it('when the text is not /proc/stat, then it is refused rather than read as zeros', () => {
    expect(() => parseMachineTicks('intr 1 2 3\n')).toThrow(/cpu line/);
  });

  it("when a process's name holds spaces and parentheses, then its user and system ticks are still found", () => {
    const fields = ['S', '1', '1', '1', '0', '-1', '4194560', '10', '0', '0', '0', '31', '12'];
    const stat = `4242 (node (worker) x) ${fields.join(' ')} 0 0 20 0 11 0 100 200\n`;
    expect(parseProcessTicks(stat)).toBe(43);
  });
});

describe('reading /proc', () => {
  onLinux('when the machine works, then its busy ticks grow and never pass its total', () => {
    const before = machineTicks()!;
    const end = Date.now() + 200;
    while (Date.now() < end);
    const after = machineTicks()!;
    expect(after.busy).toBeGreaterThan(before.busy);
    expect(after.busy - before.busy).toBeLessThanOrEqual(after.total - before.total);
  });

  onLinux(
    "when a child process burns CPU, then its parent's tree counts the child's ticks",
    async () => {
      const shell = spawn('sh', [
        '-c',
        `"${process.execPath}" -e "const end = Date.now() + 20000; while (Date.now() < end);" & wait`,
      ]);
      const exited = new Promise((done) => shell.once('exit', done));
      try {
        expect(processTreeTicks(shell.pid!)).toBeLessThan(10);
        await until(() => processTreeTicks(shell.pid!) > 10, 15_000);
      } finally {
        spawn('pkill', ['-P', String(shell.pid)]);
        await exited;
      }
    },
  );

  it('when the process is gone, then it has spent nothing more', () => {
    expect(processTreeTicks(2 ** 22 + 1)).toBe(0);
  });
});
