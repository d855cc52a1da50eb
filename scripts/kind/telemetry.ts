// Telemetry check of a release running the chart's bundled stack (the kind workflow, after the
// smoke check): signs a throw-away user up through the public URL under a known trace id, then,
// through port-forwards to the release's Services, asserts that Tempo holds that trace with the
// route-named server span, Loki holds a log record of it, Prometheus has every api target up, and
// Grafana answers its health check with the datasources of observability/grafana/ provisioned.
// Usage: npx tsx scripts/kind/telemetry.ts --release judix --namespace judix --url http://localhost
//        [--timeout 600]   (seconds each store gets to show the signal)
// Exits 0 when every row is ok, 1 with the failing rows, 2 on bad arguments.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { load } from 'js-yaml';
import { parseOptions as parseSmokeOptions } from '../smoke';
import { formatTable, type Result } from '../smoke/checks';

export interface Options {
  release: string;
  namespace: string;
  url: string;
  timeoutSeconds: number;
}

/** The smoke check's options (scripts/smoke.ts), with the URL required. */
export function parseOptions(argv: string[]): Options {
  const { url, ...rest } = parseSmokeOptions(argv);
  if (!url)
    throw new Error('--url: the release’s public origin is required, such as http://localhost');
  return { ...rest, url: url.replace(/\/$/, '') };
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** Span names of a Tempo trace-by-id answer (`/api/v2/traces/<id>`: OTLP under `trace`, or v1's `batches`). */
export function spanNames(body: unknown): string[] {
  const root = (body ?? {}) as Json;
  const trace = ((root.trace as Json | undefined) ?? root) as Json;
  const resources = [...list(trace.resourceSpans), ...list(trace.batches)];
  return resources.flatMap((resource) =>
    [...list(resource.scopeSpans), ...list(resource.instrumentationLibrarySpans)].flatMap((scope) =>
      list(scope.spans).map((span) => String(span.name)),
    ),
  );
}

/** Log lines of a Loki `query_range` answer over streams. */
export function logLines(body: unknown): string[] {
  const data = ((body ?? {}) as Json).data as Json | undefined;
  if (data?.resultType !== 'streams') return [];
  return list(data.result).flatMap((stream) =>
    (Array.isArray(stream.values) ? (stream.values as unknown[][]) : []).map((v) => String(v[1])),
  );
}

/** Health of a Prometheus `/api/v1/targets` answer's active targets of one job. */
export function targetHealth(body: unknown, job: string): string[] {
  const data = ((body ?? {}) as Json).data as Json | undefined;
  return list(data?.activeTargets)
    .filter((target) => (target.labels as Json | undefined)?.job === job)
    .map((target) => String(target.health));
}

/** The datasource uids observability/grafana/datasources/ provisions. */
export function provisionedUids(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      list((load(readFileSync(join(dir, file), 'utf8')) as Json).datasources).map((d) =>
        String(d.uid),
      ),
    )
    .sort();
}

/** The uids an expected list misses in a Grafana `/api/datasources` answer. */
export function missingUids(body: unknown, expected: string[]): string[] {
  const present = new Set(list(body).map((d) => String(d.uid)));
  return expected.filter((uid) => !present.has(uid));
}

const traceparent = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

function kubectl(args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8' });
}

/** The name of the release's Service of one component. */
function serviceOf(options: Options, component: string): string {
  const selector = `app.kubernetes.io/instance=${options.release},app.kubernetes.io/component=${component}`;
  const names = kubectl(['-n', options.namespace, 'get', 'svc', '-l', selector, '-o', 'name'])
    .split('\n')
    .filter(Boolean);
  if (names.length !== 1)
    throw new Error(`expected one ${component} Service, found ${names.length}`);
  return names[0]!;
}

/** Forwards a local port to a Service port; resolves with the local base URL once it listens. */
async function forward(
  options: Options,
  component: string,
  port: number,
  children: ChildProcess[],
): Promise<string> {
  const child = spawn(
    'kubectl',
    ['-n', options.namespace, 'port-forward', serviceOf(options, component), `:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`port-forward to ${component}: ${output}`)),
      30_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const local = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
      if (local) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${local[1]}`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`port-forward to ${component} exited with ${code}: ${output}`));
    });
  });
}

/** Polls until `check` returns a detail string; the last failure message otherwise. */
async function poll(seconds: number, check: () => Promise<string | undefined>): Promise<string> {
  const deadline = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const detail = await check();
      if (detail) return detail;
      last = 'not there yet';
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(3_000);
  }
  throw new Error(`not within ${seconds} s: ${last}`);
}

async function json(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

export async function telemetryChecks(options: Options): Promise<Result[]> {
  const results: Result[] = [];
  const children: ChildProcess[] = [];
  const row = async (object: string, run: () => Promise<string>) => {
    try {
      results.push({ check: 'telemetry', object, ok: true, detail: await run() });
    } catch (error) {
      results.push({ check: 'telemetry', object, ok: false, detail: (error as Error).message });
    }
  };
  const traceId = randomBytes(16).toString('hex');
  const route = 'POST /api/v1/auth/register';
  try {
    await row(`${route} (trace ${traceId})`, async () => {
      const response = await fetch(`${options.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: traceparent(traceId) },
        body: JSON.stringify({
          name: 'telemetry check',
          email: `telemetry-${traceId.slice(0, 12)}@example.com`,
          password: randomBytes(18).toString('base64url'),
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status !== 201) throw new Error(`expected 201, got ${response.status}`);
      return '201';
    });
    if (!results[0]!.ok) return results;
    const seconds = options.timeoutSeconds;
    const tempo = await forward(options, 'tempo', 3200, children);
    await row('Tempo: the trace', () =>
      poll(seconds, async () => {
        const names = spanNames(await json(`${tempo}/api/v2/traces/${traceId}`));
        return names.includes(route) ? `spans: ${[...new Set(names)].join(', ')}` : undefined;
      }),
    );
    const loki = await forward(options, 'loki', 3100, children);
    await row('Loki: a log record of the trace', () =>
      poll(seconds, async () => {
        const query = `{service_name="judix-api"} | trace_id="${traceId}"`;
        const start = `${(Date.now() - 15 * 60_000) * 1_000_000}`;
        const params = new URLSearchParams({ query, start, limit: '20' });
        const lines = logLines(await json(`${loki}/loki/api/v1/query_range?${params}`));
        return lines.length
          ? `${lines.length} line(s), first: ${lines[0]!.slice(0, 80)}`
          : undefined;
      }),
    );
    const prometheus = await forward(options, 'prometheus', 9090, children);
    for (const job of ['judix-api', 'judix-collector']) {
      await row(`Prometheus: job ${job}`, () =>
        poll(seconds, async () => {
          const health = targetHealth(await json(`${prometheus}/api/v1/targets?state=active`), job);
          return health.length && health.every((h) => h === 'up')
            ? `${health.length} target(s) up`
            : undefined;
        }),
      );
    }
    const grafana = await forward(options, 'grafana', 3000, children);
    await row('Grafana: health and datasources', () =>
      poll(seconds, async () => {
        const health = (await json(`${grafana}/api/health`)) as Json;
        if (health.database !== 'ok') return undefined;
        const secret = JSON.parse(
          kubectl([
            '-n',
            options.namespace,
            'get',
            'secret',
            '-l',
            `app.kubernetes.io/instance=${options.release},app.kubernetes.io/component=grafana`,
            '-o',
            'json',
          ]),
        ) as { items: { data: Record<string, string> }[] };
        const data = secret.items[0]?.data ?? {};
        const decode = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString();
        const auth = Buffer.from(`${decode('admin-user')}:${decode('admin-password')}`).toString(
          'base64',
        );
        const expected = provisionedUids(
          join(__dirname, '../../observability/grafana/datasources'),
        );
        const missing = missingUids(
          await json(`${grafana}/api/datasources`, { authorization: `Basic ${auth}` }),
          expected,
        );
        if (missing.length) throw new Error(`datasources missing: ${missing.join(', ')}`);
        return `database ok, datasources ${expected.join(', ')}`;
      }),
    );
  } catch (error) {
    results.push({
      check: 'telemetry',
      object: 'port-forward',
      ok: false,
      detail: (error as Error).message,
    });
  } finally {
    for (const child of children) child.kill();
  }
  return results;
}

if (require.main === module) {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  void telemetryChecks(options).then((results) => {
    console.log(formatTable(results));
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  });
}
