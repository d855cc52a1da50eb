// A process-local copy of Redis values under one key prefix, kept exact by Redis itself: with
// server-assisted client-side caching (CLIENT TRACKING in broadcast mode), Redis tells this
// process about every write to a key under the prefix, whoever makes it, and the copy is dropped.
//
// Two connections of its own: the listener, subscribed to `__redis__:invalidate`, and the
// tracker, whose tracking registration redirects the invalidation messages to the listener. The
// copy is used only while both are up and registered, and while Redis answers the tracker's ping
// each second; whenever either connection drops or a ping fails it is emptied, and every read goes
// to Redis until the registration is made again. A read in flight holds a placeholder, so an
// invalidation that arrives before its answer keeps the answer from being stored (the race the
// Redis documentation describes). Entries also expire after `maxAgeMs`, which bounds how long a
// copy could outlive a missed message, and the oldest keys go beyond `maxEntries`.
//
// A Redis that refuses CLIENT TRACKING (older than 6, or with the command disabled) leaves the
// copy off: every read goes to Redis, as if there were no copy, and one warning is logged.
import type Redis from 'ioredis';
import type { Logger } from './logger';

const INVALIDATE_CHANNEL = '__redis__:invalidate';
/** How often the tracker pings: a Redis that hangs with the connections open stops the copy too. */
const HEARTBEAT_MS = 1_000;

type Entry<V> = { value: V; expires: number } | { pending: object };

export interface TrackedCacheOptions {
  prefix: string;
  maxEntries: number;
  maxAgeMs: number;
}

export class TrackedCache<V> {
  private readonly entries = new Map<string, Map<string, Entry<V>>>();
  private listener: Redis | undefined;
  private tracker: Redis | undefined;
  /** Bumped by every connection change; a registration that sees it move is abandoned. */
  private generation = 0;
  private active = false;
  private listenerId: number | undefined;
  private listenerGeneration = 0;
  private refused = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly options: TrackedCacheOptions,
  ) {}

  /**
   * The local copy of what `load()` reads of `key` (`variant` names which part of it, such as the
   * fields read), or `load()`'s answer, kept unless `key` was written meanwhile.
   */
  async read(key: string, variant: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    let variants = this.entries.get(key);
    const entry = variants?.get(variant);
    if (entry && 'value' in entry && entry.expires > now) return entry.value;
    if (!this.active) {
      this.start();
      return load();
    }
    if (!variants) {
      variants = new Map();
      this.entries.set(key, variants);
      if (this.entries.size > this.options.maxEntries) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    const pending = {};
    variants.set(variant, { pending });
    const value = await load();
    // An invalidation in the meantime removed the map or the placeholder.
    const current = this.entries.get(key)?.get(variant);
    if (current && 'pending' in current && current.pending === pending) {
      if (this.active) variants.set(variant, { value, expires: now + this.options.maxAgeMs });
      else variants.delete(variant);
    }
    return value;
  }

  /** Drops the local copies of `key`: called after this process writes it, before Redis says so. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.deactivate();
    for (const connection of [this.listener, this.tracker]) {
      void connection?.quit().catch(() => undefined);
    }
  }

  private deactivate(): void {
    this.generation++;
    this.active = false;
    this.entries.clear();
  }

  private start(): void {
    if (this.listener || this.closed || this.refused) return;
    const connection = () => {
      const duplicate = this.redis.duplicate({ autoResubscribe: false, lazyConnect: true });
      duplicate.on('error', () => undefined);
      return duplicate;
    };
    const listener = (this.listener = connection());
    const tracker = (this.tracker = connection());
    listener.on('close', () => {
      this.listenerId = undefined;
      this.listenerGeneration++;
      this.deactivate();
    });
    listener.on('ready', () => void this.subscribe(listener));
    listener.on('messageBuffer', (channel: Buffer, keys: Buffer[] | null) => {
      if (channel.toString() !== INVALIDATE_CHANNEL) return;
      if (keys === null) this.entries.clear();
      else for (const key of keys) this.entries.delete(key.toString());
    });
    tracker.on('close', () => this.deactivate());
    tracker.on('ready', () => void this.register(tracker));
    for (const each of [listener, tracker]) each.connect().catch(() => undefined);
    this.heartbeat = setInterval(() => void this.beat(tracker), HEARTBEAT_MS).unref();
  }

  private async beat(tracker: Redis): Promise<void> {
    if (tracker.status !== 'ready' || this.closed) return;
    try {
      await tracker.ping();
    } catch {
      this.deactivate();
      return;
    }
    if (!this.active) await this.register(tracker);
  }

  /** On each (re)connection of the listener: its new id, then the registration that names it. */
  private async subscribe(listener: Redis): Promise<void> {
    const generation = ++this.listenerGeneration;
    try {
      const id = Number(await listener.client('ID'));
      await listener.subscribe(INVALIDATE_CHANNEL);
      if (generation !== this.listenerGeneration) return;
      this.listenerId = id;
    } catch (error) {
      this.refuse(error as Error);
      return;
    }
    await this.register(this.tracker!);
  }

  private async register(tracker: Redis): Promise<void> {
    const id = this.listenerId;
    if (id === undefined || tracker.status !== 'ready' || this.closed) return;
    this.deactivate();
    const generation = this.generation;
    try {
      await tracker.call('CLIENT', 'TRACKING', 'off');
      await tracker.call(
        'CLIENT',
        'TRACKING',
        'on',
        'REDIRECT',
        String(id),
        'BCAST',
        'PREFIX',
        this.options.prefix,
      );
    } catch (error) {
      this.refuse(error as Error);
      return;
    }
    if (generation === this.generation && this.listenerId === id && !this.closed) {
      this.active = true;
    }
  }

  /** A Redis without tracking leaves the copy off for good; a dropped connection only for now. */
  private refuse(error: Error): void {
    if (this.closed || !/unknown (sub)?command|NOPERM|ERR .*TRACKING/i.test(error.message)) return;
    this.refused = true;
    this.logger.warn(
      { err: { message: error.message } },
      'redis refuses CLIENT TRACKING: every read goes to redis',
    );
    this.close();
  }
}
