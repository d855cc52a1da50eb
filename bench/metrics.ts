// Reads the api's Prometheus metrics (the exposition at stack.metricsUrl).

/** The exposition's sample rows: metric name with labels, and value. */
export function samples(text: string, name: string): { labels: string; value: number }[] {
  return text
    .split('\n')
    .filter((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `))
    .map((row) => {
      const value = Number(row.slice(row.lastIndexOf(' ') + 1));
      const labels = row.startsWith(`${name}{`)
        ? row.slice(name.length, row.lastIndexOf('}') + 1)
        : '';
      return { labels, value };
    });
}

export async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(metricsUrl)).text();
}

/**
 * Response-cache look-ups for task lists, summed over the cache's layers (the process's own copy
 * and Redis).
 */
export async function listCacheCounts(metricsUrl: string): Promise<{ hit: number; miss: number }> {
  const rows = samples(await scrape(metricsUrl), 'judix_cache_requests_total').filter((row) =>
    row.labels.includes('cache="tasks"'),
  );
  const count = (result: string) =>
    rows
      .filter((row) => row.labels.includes(`result="${result}"`))
      .reduce((total, row) => total + row.value, 0);
  return { hit: count('hit'), miss: count('miss') };
}

/** Collections of one kind (prom-client's minor, major, incremental, weakcb) over an interval. */
export interface GcPauses {
  kind: string;
  count: number;
  totalMs: number;
  /** Pauses longer than 10 ms, from the histogram's 0.01 s bucket. */
  over10Ms: number;
}

/** What the api's runtime did while a load ran, from its default metrics before and after. */
export interface ApiRuntime {
  /** Seconds between the two scrapes. */
  seconds: number;
  /** Event-loop delay beyond prom-client's 10 ms sampling tick, over the interval. */
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  gc: GcPauses[];
}

/** prom-client samples the delay with a 10 ms timer; each sample is tick plus delay. */
const LAG_TICK_SECONDS = 0.01;

function gcTotals(text: string): Map<string, { count: number; sum: number; upTo10Ms: number }> {
  const totals = new Map<string, { count: number; sum: number; upTo10Ms: number }>();
  const of = (labels: string) => {
    const kind = /kind="([^"]*)"/.exec(labels)?.[1] ?? '';
    if (!totals.has(kind)) totals.set(kind, { count: 0, sum: 0, upTo10Ms: 0 });
    return totals.get(kind)!;
  };
  for (const row of samples(text, 'nodejs_gc_duration_seconds_count'))
    of(row.labels).count = row.value;
  for (const row of samples(text, 'nodejs_gc_duration_seconds_sum')) of(row.labels).sum = row.value;
  for (const row of samples(text, 'nodejs_gc_duration_seconds_bucket')) {
    if (row.labels.includes('le="0.01"')) of(row.labels).upTo10Ms = row.value;
  }
  return totals;
}

/**
 * The runtime figures of an interval: `before` is the scrape that opened it (which also reset
 * prom-client's event-loop histogram, so `after` holds the delay of the interval alone).
 */
export function apiRuntime(before: string, after: string, seconds: number): ApiRuntime {
  const gauge = (name: string) => {
    const seconds = samples(after, name)[0]?.value ?? NaN;
    return Math.max(0, seconds - LAG_TICK_SECONDS) * 1000;
  };
  const start = gcTotals(before);
  const gc = [...gcTotals(after)].map(([kind, end]) => {
    const from = start.get(kind) ?? { count: 0, sum: 0, upTo10Ms: 0 };
    const count = end.count - from.count;
    return {
      kind,
      count,
      totalMs: (end.sum - from.sum) * 1000,
      over10Ms: count - (end.upTo10Ms - from.upTo10Ms),
    };
  });
  return {
    seconds,
    eventLoopDelay: {
      p50Ms: gauge('nodejs_eventloop_lag_p50_seconds'),
      p99Ms: gauge('nodejs_eventloop_lag_p99_seconds'),
      maxMs: gauge('nodejs_eventloop_lag_max_seconds'),
    },
    gc: gc.filter((each) => each.count > 0),
  };
}
