// The global rate limit: a fixed window per client, counted in Redis so that every replica shares
// it, with the points taken from Redis in leases instead of one round trip per request.
//
// A replica takes points for a client from the shared counter and spends them locally; when they
// run out it takes more. A client seen for the first time, or after a pause of a second, takes one
// point per request, exactly as a plain counter would. A busy client's lease doubles with each
// refill, up to LEASE_MAX and to an eighth of what is left in the window, so near the limit the
// leases shrink back to one point. Every point spent was counted in Redis first, so the replicas
// together never admit more than the limit. Points leased and not spent before the window ends
// are lost: a client that spreads a burst over several replicas may be refused up to an eighth of
// its remaining points early per replica; never later.
import type Redis from 'ioredis';

const LEASE_MAX = 64;
/** A refill later than this after the previous one starts again from a lease of one point. */
const BUSY_MS = 1_000;
const SWEEP_MS = 10_000;

// KEYS[1] the counter; ARGV[1] points to take, ARGV[2] the window in ms.
// Returns the count after taking them and the ms left in the window.
const TAKE = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}
`;

interface Lease {
  /** The shared count after the last refill, which includes this lease. */
  counted: number;
  unspent: number;
  size: number;
  windowEnds: number;
  refilledAt: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Points left in the window as far as this replica knows. */
  remaining: number;
  resetMs: number;
}

type TakeCommand = (key: string, points: number, windowMs: number) => Promise<[number, number]>;

export class RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly refills = new Map<string, Promise<void>>();
  private readonly take: TakeCommand;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {
    if (!('judixTakePoints' in redis)) {
      redis.defineCommand('judixTakePoints', { numberOfKeys: 1, lua: TAKE });
    }
    const command = (redis as unknown as { judixTakePoints: TakeCommand }).judixTakePoints;
    this.take = command.bind(redis);
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS).unref();
  }

  async consume(client: string): Promise<RateLimitResult> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(client);
      if (lease && lease.windowEnds > now && lease.unspent > 0) {
        lease.unspent--;
        return this.result(lease, now);
      }
      // One refill per client at a time: the requests that arrive meanwhile wait for its lease.
      const refilling = this.refills.get(client);
      if (!refilling) break;
      await refilling.catch(() => undefined);
    }
    const refill = this.refill(client, Date.now());
    const settled = refill.then(
      () => undefined,
      () => undefined,
    );
    this.refills.set(client, settled);
    try {
      return await refill;
    } finally {
      if (this.refills.get(client) === settled) this.refills.delete(client);
    }
  }

  private async refill(client: string, now: number): Promise<RateLimitResult> {
    const size = this.nextSize(this.leases.get(client), now);
    const [count, ttl] = await this.take(`${this.keyPrefix}:${client}`, size, this.windowMs);
    const granted = Math.min(size, Math.max(0, this.max - (count - size)));
    if (granted === 0) {
      this.leases.delete(client);
      return { allowed: false, remaining: 0, resetMs: ttl };
    }
    const lease: Lease = {
      counted: count,
      unspent: granted - 1,
      size,
      windowEnds: now + ttl,
      refilledAt: now,
    };
    this.leases.set(client, lease);
    return this.result(lease, now);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private nextSize(lease: Lease | undefined, now: number): number {
    if (!lease || lease.windowEnds <= now || now - lease.refilledAt > BUSY_MS) return 1;
    const left = this.max - lease.counted;
    return Math.max(1, Math.min(LEASE_MAX, lease.size * 2, Math.floor(left / 8)));
  }

  private result(lease: Lease, now: number): RateLimitResult {
    return {
      allowed: true,
      remaining: Math.max(0, this.max - (lease.counted - lease.unspent)),
      resetMs: lease.windowEnds - now,
    };
  }

  private sweep(now: number): void {
    for (const [client, lease] of this.leases) {
      if (lease.windowEnds <= now) this.leases.delete(client);
    }
  }
}
