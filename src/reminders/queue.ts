// The reminder schedule in Redis, shared by every replica. `due` is a sorted set of task ids scored
// by when their reminder is due; a replica claims due ids by moving them, in one script, to
// `claimed`, scored by when its claim lapses. A claim is released once the reminder has been
// handled; one whose replica died lapses and goes back to `due`, so another replica fires it.
//
// The schedule is a copy: the database says which reminders are pending, and firing is a
// conditional write there, so a reminder claimed twice (after a lapse) still fires once. A lost
// schedule (Redis flushed, a failed write) is rebuilt from the database by `ReminderScheduler`.
import type Redis from 'ioredis';
import type { Types } from 'mongoose';
import type { Logger } from '../platform/logger';
import type { Status } from '../tasks/model';

/** What the schedule needs to know of a task after a write. */
export interface ReminderState {
  _id: Types.ObjectId;
  remindAt: Date | null;
  remindedAt: Date | null;
  status: Status;
}

/** Whether the task's reminder is still to fire. */
export const isPending = (task: ReminderState): task is ReminderState & { remindAt: Date } =>
  task.remindAt !== null && task.remindedAt === null && task.status !== 'done';

// KEYS: due, claimed. ARGV: now (ms), lease (ms), batch size. Lapsed claims go back first (NX: an
// id rescheduled meanwhile keeps its new time), then up to a batch of due ids move to `claimed`.
const CLAIM = `
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, id in ipairs(lapsed) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZADD', KEYS[1], 'NX', ARGV[1], id)
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local expires = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], expires, id)
end
return due`;

// KEYS: due, claimed. ARGV: time (ms) and id pairs. A rebuild's entries: an id keeps the earlier of
// its two times, and one that is claimed is left to its claim.
const RESTORE = `
for i = 1, #ARGV, 2 do
  if not redis.call('ZSCORE', KEYS[2], ARGV[i + 1]) then
    redis.call('ZADD', KEYS[1], 'LT', ARGV[i], ARGV[i + 1])
  end
end
return 1`;

/** A reminder on the schedule: its task's id and when it is due. */
export interface ScheduleEntry {
  id: string;
  at: Date;
}

/** Sorted-set members as ZADD takes them: score, then member. */
const members = (entries: ScheduleEntry[]) => entries.flatMap(({ id, at }) => [at.getTime(), id]);

export class ReminderQueue {
  /**
   * `scope` names the database, read when the keys are first needed (once it is connected): it
   * keeps the schedules of databases that share a Redis apart, each in one hash slot.
   */
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly scope: () => string,
  ) {}

  private key(name: 'due' | 'claimed' | 'sync') {
    return `{judix:reminders:${this.scope()}}:${name}`;
  }

  private get due() {
    return this.key('due');
  }

  private get claimed() {
    return this.key('claimed');
  }

  /**
   * Brings the schedule in step with tasks just written: a pending reminder is put on (or moved),
   * one that no longer is (its task is done, or it fired) taken off. A task without a reminder
   * costs nothing: a write that cleared one says so with `forget`. Best effort, after a write that
   * has succeeded: a failure is logged, and the next rebuild puts the schedule right.
   */
  track(written: ReminderState[]): Promise<void> {
    const pending = written.filter(isPending);
    const settled = written.filter((task) => task.remindAt !== null && !isPending(task));
    return this.bestEffort(written.length, () =>
      Promise.all([
        this.schedule(pending.map((task) => ({ id: task._id.toHexString(), at: task.remindAt }))),
        this.cancel(settled.map((task) => task._id.toHexString())),
      ]),
    );
  }

  /** Takes reminders off the schedule (deleted tasks, cleared reminders); best effort. */
  forget(ids: string[]): Promise<void> {
    return this.bestEffort(ids.length, () => this.cancel(ids));
  }

  private async bestEffort(tasks: number, change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
    } catch (error) {
      this.logger.warn(
        { err: { message: (error as Error).message }, tasks },
        'reminder schedule not updated; the next rebuild repairs it',
      );
    }
  }

  /** Puts the reminders on the schedule, or moves them. */
  async schedule(entries: ScheduleEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.zadd(this.due, ...members(entries));
  }

  /**
   * Puts back what a rebuild read from the database without undoing what happened meanwhile: a
   * reminder being fired stays claimed, and one scheduled keeps the earlier of its two times
   * (firing one that was moved later only puts it back).
   */
  async restore(entries: ScheduleEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.eval(RESTORE, 2, this.due, this.claimed, ...members(entries));
  }

  /** Takes the reminders off the schedule. */
  private async cancel(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.zrem(this.due, ...ids);
  }

  /** Claims up to `batch` due reminders for `leaseMs`: no other replica gets them meanwhile. */
  async claim(now: number, leaseMs: number, batch: number): Promise<string[]> {
    return (await this.redis.eval(
      CLAIM,
      2,
      this.due,
      this.claimed,
      now,
      leaseMs,
      batch,
    )) as string[];
  }

  /** Ends the claim on a reminder that has been handled. */
  async release(id: string): Promise<void> {
    await this.redis.zrem(this.claimed, id);
  }

  /** Whether this replica rebuilds the schedule now: one replica per `periodMs`. */
  async takeSyncTurn(periodMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('sync'), '1', 'PX', periodMs, 'NX')) === 'OK';
  }

  /** The schedule's keys, for a test to lose them as a flushed Redis would. */
  get keys(): string[] {
    return [this.due, this.claimed, this.key('sync')];
  }
}
