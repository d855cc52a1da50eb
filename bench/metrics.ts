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
