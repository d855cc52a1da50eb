// CPU time from /proc: the machine's busy time and a process's own, in clock ticks, so that a
// closed-loop run can say how much CPU each request cost and who spent it. On a machine whose cores
// the load generator shares with the servers, throughput follows the total, not the server's part.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc's CPU times. */
export const TICKS_PER_SECOND = (() => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(result.stdout?.trim());
  return result.status === 0 && Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

/** Busy and total ticks of all CPUs from /proc/stat's first line (idle and iowait are not busy). */
export function parseMachineTicks(stat: string): { busy: number; total: number } {
  const fields = stat.split('\n')[0]!.trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error('/proc/stat does not start with the cpu line');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields
    .slice(1, 9)
    .map((value) => Number(value) || 0);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** User plus system ticks of a process, all its threads included, from /proc/<pid>/stat. */
export function parseProcessTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime), counted from the state, which is field 3.
  return Number(fields[11]) + Number(fields[12]);
}

/** The machine's ticks so far; undefined off Linux. */
export function machineTicks(): { busy: number; total: number } | undefined {
  return existsSync('/proc/stat')
    ? parseMachineTicks(readFileSync('/proc/stat', 'utf8'))
    : undefined;
}

/** The ticks `pid` and its live children have spent (nginx's workers are its master's children). */
export function processTreeTicks(pid: number): number {
  const read = (id: number) => {
    try {
      return parseProcessTicks(readFileSync(`/proc/${id}/stat`, 'utf8'));
    } catch {
      return 0;
    }
  };
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    children = [];
  }
  return read(pid) + children.reduce((sum, child) => sum + processTreeTicks(child), 0);
}
