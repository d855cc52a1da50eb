// Fires due reminders, on every replica at once: each polls the shared schedule, claims a batch of
// due reminders (no other replica gets those) and fires them. Firing is a conditional write in the
// database, so a reminder fires once even when a lapsed claim hands it to a second replica.
//
// The schedule in Redis is rebuilt from the database when a replica starts (reminders that came
// due while every replica was down fire then) and by one replica every `rebuildMs`, which repairs
// a schedule lost with Redis or a write whose schedule update failed.
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { FiredReminder } from '../tasks/service';
import type { ReminderQueue, ScheduleEntry } from './queue';

export interface SchedulerOptions {
  pollMs: number;
  /** Reminders claimed at a time. */
  batch: number;
  /** Reminders fired at once. */
  concurrency: number;
  /** How long a claim lasts: a replica that dies holding it delays its reminders this long. */
  leaseMs: number;
  rebuildMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  pollMs: 1000,
  batch: 100,
  concurrency: 8,
  leaseMs: 30_000,
  rebuildMs: 10 * 60_000,
};

export interface ReminderActions {
  /** Fires the reminder if it is due and pending; null when it did not. */
  fire(id: string): Promise<FiredReminder | null>;
  /** Tells the owner: after the reminder has fired. */
  announce(fired: FiredReminder): Promise<void>;
  /** Hands every pending reminder over, a batch at a time. */
  pending(take: (batch: ScheduleEntry[]) => Promise<void>): Promise<void>;
}

export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private nextRebuild = 0;
  private failing = false;

  constructor(
    private readonly queue: ReminderQueue,
    private readonly actions: ReminderActions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {}

  /** Starts polling, with a rebuild of the schedule first. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.nextRebuild = 0;
    this.wake(0);
  }

  /** Stops polling and waits for the reminders being fired. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private wake(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().then((more) => {
        this.running = undefined;
        this.wake(more ? 0 : this.options.pollMs);
      });
    }, delayMs);
  }

  /** One round; whether more reminders may be due already. */
  private async tick(): Promise<boolean> {
    try {
      if (Date.now() >= this.nextRebuild) await this.maybeRebuild();
      const ids = await this.queue.claim(Date.now(), this.options.leaseMs, this.options.batch);
      await this.fireAll(ids);
      if (this.failing) this.logger.info('reminders are firing again');
      this.failing = false;
      return ids.length === this.options.batch;
    } catch (error) {
      // Logged once per outage: a replica without Redis or MongoDB polls on, quietly.
      if (!this.failing) {
        this.logger.warn({ err: { message: (error as Error).message } }, 'reminders not firing');
      }
      this.failing = true;
      return false;
    }
  }

  /** The first round rebuilds on every replica; later ones on the replica whose turn it is. */
  private async maybeRebuild() {
    const first = this.nextRebuild === 0;
    if (first || (await this.queue.takeSyncTurn(this.options.rebuildMs))) {
      let restored = 0;
      await this.actions.pending(async (batch) => {
        await this.queue.restore(batch);
        restored += batch.length;
      });
      this.logger.info({ pending: restored }, 'reminder schedule rebuilt');
    }
    // Between turns the others only ask whether it is theirs, a few times a period.
    this.nextRebuild = Date.now() + this.options.rebuildMs / 4;
  }

  private async fireAll(ids: string[]) {
    let next = 0;
    const worker = async () => {
      while (next < ids.length) await this.fireOne(ids[next++]!);
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, ids.length) }, worker),
    );
  }

  /** A reminder whose firing fails stays claimed: it fires when the claim lapses. */
  private async fireOne(id: string) {
    let fired: FiredReminder | null;
    try {
      fired = await this.actions.fire(id);
      await this.queue.release(id);
    } catch (error) {
      this.logger.warn(
        { err: { message: (error as Error).message }, task: id },
        'reminder not fired; retried when its claim lapses',
      );
      return;
    }
    if (!fired) return;
    this.metrics.remindersFired.inc();
    const lateMs = Math.max(0, Date.now() - fired.remindAt.getTime());
    this.metrics.reminderLateness.observe(lateMs / 1000);
    await this.actions
      .announce(fired)
      .catch((error: Error) =>
        this.logger.warn({ err: { message: error.message }, task: id }, 'reminder not announced'),
      );
  }
}
