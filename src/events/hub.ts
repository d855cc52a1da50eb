// Live updates across api replicas. A change is written to the user's capped Redis Stream (for
// replay) and published on the user's channel (for delivery) in one script, so every event has
// one id, the stream entry's, on every replica. Each replica holds one subscriber connection,
// subscribed to the channels of the users that have a stream open here.
//
// A stream that resumes with Last-Event-ID gets what it missed from the Redis Stream; an id that
// is no longer there (trimmed, expired, or unknown) gets a `reset`: the client refetches. Live
// events that arrive while the replay is read are held back and sent after it, those already
// replayed dropped, so nothing is sent twice or out of order.
import { PassThrough } from 'node:stream';
import type Redis from 'ioredis';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';

export const EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.deleted',
  'tasks.bulk',
  'tasks.imported',
  'session.revoked',
  'reminder.due',
  'project.created',
  'project.updated',
  'project.deleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface HubOptions {
  /** Entries kept per user for replay (about: Redis trims in whole nodes). */
  replayLength: number;
  /** How long a user's replay stream lives after its last event. */
  replayTtlMs: number;
  maxStreamsPerUser: number;
  maxStreams: number;
  heartbeatMs: number;
  /** The reconnection delay sent to clients. */
  retryMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  replayLength: 1000,
  replayTtlMs: 24 * 3_600_000,
  maxStreamsPerUser: 10,
  maxStreams: 2000,
  heartbeatMs: 15_000,
  retryMs: 3000,
};

const PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'type', ARGV[2], 'data', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], id .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3])
return id`;

const streamKey = (userId: string) => `judix:events:{${userId}}`;
const channelOf = (userId: string) => `judix:events:live:${userId}`;
const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

/** Whether stream id `a` comes after `b`. */
function after(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am > bm || (am === bm && as > bs);
}

const frame = (id: string | undefined, type: string, data: string) =>
  `${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${data}\n\n`;

interface Listener {
  userId: string;
  deliver(id: string, type: string, data: string): void;
  close(): void;
}

/** The hub has closed: the replica is shutting down. */
export class HubClosedError extends Error {}

export class StreamLimitError extends Error {
  constructor(readonly scope: 'user' | 'replica') {
    super(scope === 'user' ? 'too many streams for this user' : 'too many streams on this replica');
  }
}

export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber: Redis | undefined;
  private count = 0;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: HubOptions = DEFAULT_HUB_OPTIONS,
  ) {}

  /**
   * Records and delivers one event. Best effort for the write that caused it: that write has
   * succeeded, so a failure here is logged and counted, not answered.
   */
  async publish(userId: string, type: EventType, data: unknown): Promise<void> {
    try {
      await this.redis.eval(
        PUBLISH,
        1,
        streamKey(userId),
        this.options.replayLength,
        type,
        JSON.stringify(data),
        this.options.replayTtlMs,
        channelOf(userId),
      );
      this.metrics.eventsPublished.inc({ type });
    } catch (error) {
      this.metrics.eventsPublished.inc({ type: 'failed' });
      this.logger.warn({ err: { message: (error as Error).message }, type }, 'event not published');
    }
  }

  /** The open streams on this replica. */
  get open(): number {
    return this.count;
  }

  /**
   * Opens a stream for the user: Server-Sent Events text, starting with `ready` once it is live
   * (after a replay or a `reset` when `lastEventId` is given). It ends when `signal` aborts or
   * the hub closes.
   */
  async stream(userId: string, lastEventId: string | undefined, signal: AbortSignal) {
    if (this.closed) throw new HubClosedError('the replica is shutting down');
    const own = this.listeners.get(userId);
    if ((own?.size ?? 0) >= this.options.maxStreamsPerUser) throw new StreamLimitError('user');
    if (this.count >= this.options.maxStreams) throw new StreamLimitError('replica');

    const body = new PassThrough();
    let held: [string, string, string][] | undefined = [];
    let lastSent: string | undefined;
    const write = (id: string, type: string, data: string) => {
      if (lastSent !== undefined && !after(id, lastSent)) return;
      lastSent = id;
      body.write(frame(id, type, data));
      this.metrics.eventsDelivered.inc();
    };
    const heartbeat = setInterval(() => body.write(': keepalive\n\n'), this.options.heartbeatMs);
    const listener: Listener = {
      userId,
      deliver: (id, type, data) => (held ? held.push([id, type, data]) : write(id, type, data)),
      close: () => {
        if (!body.writableEnded) body.end();
      },
    };
    const release = () => {
      clearInterval(heartbeat);
      if (this.remove(listener)) {
        this.count -= 1;
        this.metrics.eventStreams.dec();
      }
    };
    body.on('close', release);
    signal.addEventListener('abort', () => body.destroy(), { once: true });

    this.count += 1;
    this.metrics.eventStreams.inc();
    try {
      await this.add(listener);
      body.write(`retry: ${this.options.retryMs}\n\n`);
      if (lastEventId !== undefined) await this.replay(userId, lastEventId, body, write);
    } catch (error) {
      body.destroy();
      release();
      throw error;
    }
    body.write(frame(undefined, 'ready', '{}'));
    for (const [id, type, data] of held) write(id, type, data);
    held = undefined;
    return body;
  }

  private async replay(
    userId: string,
    lastEventId: string,
    body: PassThrough,
    write: (id: string, type: string, data: string) => void,
  ) {
    const known =
      STREAM_ID.test(lastEventId) &&
      (await this.redis.xrange(streamKey(userId), lastEventId, lastEventId)).length === 1;
    if (!known) {
      this.metrics.eventResets.inc();
      body.write(frame(undefined, 'reset', '{}'));
      return;
    }
    const entries = await this.redis.xrange(streamKey(userId), `(${lastEventId}`, '+');
    for (const [id, fields] of entries) {
      const value = (name: string) => fields[fields.indexOf(name) + 1]!;
      write(id, value('type'), value('data'));
    }
  }

  /** Ends every stream: clients reconnect, to another replica while this one shuts down. */
  close(): void {
    this.closed = true;
    for (const listeners of this.listeners.values()) {
      for (const listener of listeners) listener.close();
    }
    void this.subscriber?.quit().catch(() => undefined);
  }

  private async add(listener: Listener) {
    let listeners = this.listeners.get(listener.userId);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(listener.userId, listeners);
      listeners.add(listener);
      await this.subscription().subscribe(channelOf(listener.userId));
    } else {
      listeners.add(listener);
    }
  }

  /** Whether the listener was registered; the user's channel is left with its last one. */
  private remove(listener: Listener): boolean {
    const listeners = this.listeners.get(listener.userId);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size === 0) {
      this.listeners.delete(listener.userId);
      void this.subscriber?.unsubscribe(channelOf(listener.userId)).catch(() => undefined);
    }
    return true;
  }

  private subscription(): Redis {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate({
        lazyConnect: false,
        enableOfflineQueue: true,
        commandTimeout: undefined,
      });
      subscriber.on('message', (channel: string, message: string) => {
        const userId = channel.slice(channelOf('').length);
        const [id, type, ...rest] = message.split('\n');
        for (const listener of this.listeners.get(userId) ?? []) {
          listener.deliver(id!, type!, rest.join('\n'));
        }
      });
      // Subscriptions are restored by ioredis after a reconnect; what was published meanwhile
      // is lost to the live path, so open streams end and their clients resume with a replay.
      subscriber.on('reconnecting', () => {
        for (const listeners of this.listeners.values()) {
          for (const listener of listeners) listener.close();
        }
      });
      subscriber.on('error', () => undefined);
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }
}
