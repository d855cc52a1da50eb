// Open-loop load: requests leave on a fixed schedule whatever the server does, and each latency is
// measured from the request's intended send time on that schedule. A server that stalls therefore
// pays for every request that should have been sent during the stall (coordinated omission
// corrected), which a closed-loop generator hides by simply sending less.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Pool, type Dispatcher } from 'undici';
import type { Request } from './load';

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Upper bound on connections; requests beyond it queue in the pool, and that wait is counted. */
  maxSockets: number;
}

export interface OpenLoopResult {
  ratePerSecond: number;
  achievedPerSecond: number;
  sent: number;
  /** Latency from the intended send time. */
  corrected: { p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number };
  /** Latency from the actual send time, shown beside it to make the correction visible. */
  uncorrectedP99Ms: number;
  /** The generator's own event-loop delay: when high, part of the latency is the generator's. */
  generatorLagP99Ms: number;
  errors: number;
  non2xx: number;
}

function histogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Sends `count` requests on schedule; resolves when every one has answered or failed. */
function schedule(
  target: URL,
  request: Request,
  pool: Pool,
  ratePerSecond: number,
  count: number,
  onDone: (intendedMs: number, sentMs: number, ok: boolean, status: number) => void,
): Promise<void> {
  const intervalMs = 1000 / ratePerSecond;
  const start = performance.now();
  const options: Dispatcher.DispatchOptions = {
    path: `${target.pathname}${target.search}`,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body ?? null,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  };
  let issued = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const settle = (intendedMs: number, sentMs: number, ok: boolean, status: number) => {
      onDone(intendedMs, sentMs, ok, status);
      if (++settled === count) resolve();
    };
    // undici's lowest layer: no response stream is built, the body's chunks are dropped as they
    // arrive, so the generator spends as little of the shared CPU as a Node client can.
    const send = (intendedMs: number) => {
      const sentMs = performance.now();
      let status = 0;
      pool.dispatch(options, {
        onRequestStart: () => undefined,
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: () => undefined,
        onResponseEnd: () => settle(intendedMs, sentMs, true, status),
        onResponseError: () => settle(intendedMs, sentMs, false, 0),
      });
    };
    // Timers fire late by up to a millisecond or more; every request that is due by now goes out,
    // each one keeping its own intended time, so the lateness is charged to the measurement.
    const tick = () => {
      const now = performance.now();
      while (issued < count && start + issued * intervalMs <= now) {
        send(start + issued * intervalMs);
        issued++;
      }
      if (issued < count) setTimeout(tick, Math.max(0, start + issued * intervalMs - now));
    };
    tick();
  });
}

export async function runOpenLoop(
  request: Request,
  options: OpenLoopOptions,
): Promise<OpenLoopResult> {
  const target = new URL(request.url);
  const { ratePerSecond } = options;
  const pool = new Pool(target.origin, { connections: options.maxSockets, pipelining: 1 });
  try {
    const ignore = () => undefined;
    const warmupCount = Math.round(ratePerSecond * options.warmupSeconds);
    if (warmupCount > 0) await schedule(target, request, pool, ratePerSecond, warmupCount, ignore);

    const corrected = histogram();
    const uncorrected = histogram();
    let errors = 0;
    let non2xx = 0;
    const count = Math.round(ratePerSecond * options.durationSeconds);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = performance.now();
    await schedule(target, request, pool, ratePerSecond, count, (intended, sent, ok, status) => {
      const now = performance.now();
      if (!ok) errors++;
      else if (status < 200 || status > 299) non2xx++;
      corrected.recordValue(Math.round((now - intended) * 1000));
      uncorrected.recordValue(Math.round((now - sent) * 1000));
    });
    const elapsedSeconds = (performance.now() - started) / 1000;
    lag.disable();
    const ms = (percentile: number) => corrected.getValueAtPercentile(percentile) / 1000;
    return {
      ratePerSecond,
      achievedPerSecond: count / elapsedSeconds,
      sent: count,
      corrected: { p50Ms: ms(50), p99Ms: ms(99), p999Ms: ms(99.9), maxMs: ms(100) },
      uncorrectedP99Ms: uncorrected.getValueAtPercentile(99) / 1000,
      generatorLagP99Ms: lag.percentile(99) / 1e6,
      errors,
      non2xx,
    };
  } finally {
    await pool.destroy();
  }
}
