// Closed-loop load with autocannon: a fixed number of connections, each sending its next request
// as soon as the previous answer arrives. Every response's latency is recorded here with
// microsecond resolution, because autocannon's own histogram keeps whole milliseconds, which
// reads as 0 or 1 for the fastest targets.
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import type { Request } from './load';

export interface ClosedLoopOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Stop after this many requests instead of after durationSeconds. */
  amount?: number;
}

export interface ClosedLoopResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The non-2xx answers by status code, so a broken setup says what it answered. */
  non2xxByStatus: Record<string, number>;
  /** Requests answered in all, warm-up included: what the CPU time around the run was spent on. */
  answered: number;
}

function load(
  request: Request,
  connections: number,
  until: { duration: number } | { amount: number },
  record?: (latencyMs: number) => void,
) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        connections,
        ...until,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (record) instance.on('response', (_client, _status, _bytes, latencyMs) => record(latencyMs));
  });
}

export async function runClosedLoop(
  request: Request,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  const { connections, durationSeconds, warmupSeconds, amount } = options;
  const warmup =
    warmupSeconds > 0 ? await load(request, connections, { duration: warmupSeconds }) : undefined;
  const latencies = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const until = amount === undefined ? { duration: durationSeconds } : { amount };
  const result = await load(request, connections, until, (ms) =>
    latencies.recordValue(Math.round(ms * 1000)),
  );
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: latencies.getValueAtPercentile(50) / 1000,
    p99Ms: latencies.getValueAtPercentile(99) / 1000,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    non2xxByStatus: Object.fromEntries(
      Object.entries(result.statusCodeStats)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => [status, count]),
    ),
    answered: result.requests.total + (warmup?.requests.total ?? 0),
  };
}
