// `npm run bench`: measures Judix against reference servers on the same machine and the same
// database server, in one run with interleaved rounds so that drift and noise from other work on
// the machine fall on every target alike, and prints the table, the ratios and their targets.
//
// Options (flag or environment variable): --connections / BENCH_CONNECTIONS (50),
// --duration / BENCH_DURATION seconds per target per round (5), --rounds / BENCH_ROUNDS (3),
// --warmup / BENCH_WARMUP seconds before each measurement (1), --open-duration /
// BENCH_OPEN_DURATION seconds of open-loop load (10), --no-build to reuse dist/ as it is,
// --only NAME,NAME to run some targets (raw koa list listTelemetry findOne read insert create
// streams), --profile to add, after the measured rounds, one more run of each Judix target with
// V8's CPU profiler on in the api, and print where its time went (profiles in
// bench/results/profiles/), --check to exit 1 when a target is missed (not only when the setup
// is broken). An unknown flag or a malformed value stops it with the usage (--help).
//
// `streams` starts one more api on the same servers, reads its memory after a full GC (see
// memory-probe.mjs) with 0 and then 1,000 idle event streams open (100 users × 10, the per-user
// limit), and measures the cached list on that api while the streams stay open, next to bare Koa
// (which `streams` brings along).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MongoClient, ObjectId } from 'mongodb';
import { startStack, stopProcess, type Stack } from '../scripts/stack';
import type { BareServersConfig, BareServersPorts } from './bare-servers';
import type { ClosedLoopOptions, ClosedLoopResult } from './closed-loop';
import type { OpenLoopResult } from './open-loop';
import { LoadGenerator, type Request } from './load';
import { startOtlpSink } from './otlp-sink';
import { summariseProfile } from './profile';
import {
  failures,
  missedTargets,
  renderReport,
  throughput,
  type Ratio,
  type TargetSummary,
} from './report';
import {
  MemoryProbe,
  openMeasuredStreams,
  openStreamCount,
  waitForOpenStreams,
  type IdleStreams,
  type StreamMemory,
} from './streams';

const repoRoot = resolve(__dirname, '..');
const OPEN_LOOP_TARGET_P99_MS = 5;
const TASKS = 20;
const STREAM_USERS = 100;
const STREAMS_PER_USER = 10;
const STREAMS = STREAM_USERS * STREAMS_PER_USER;
const profileRoot = resolve(__dirname, 'results', 'profiles');

interface Settings extends ClosedLoopOptions {
  rounds: number;
  openDurationSeconds: number;
  build: boolean;
  profile: boolean;
  /** Exit 1 when a target is missed, not only when the setup is broken. */
  check: boolean;
  only?: Set<string>;
}

const USAGE = `Usage: npm run bench -- [options]
  --connections N    concurrent connections of the closed loop (BENCH_CONNECTIONS, 50)
  --duration S       seconds per target and round (BENCH_DURATION, 5)
  --warmup S         seconds of warm-up before each measurement (BENCH_WARMUP, 1)
  --rounds N         interleaved rounds (BENCH_ROUNDS, 3)
  --open-duration S  seconds of the open loop (BENCH_OPEN_DURATION, 10)
  --only a,b         run these targets only
  --profile          CPU profile of the api, one extra run per Judix target
  --no-build         skip npm run build
  --check            exit 1 when a ratio or the open-loop p99 misses its target`;

function readSettings(argv: string[]): Settings {
  let values: ReturnType<typeof parse>['values'];
  function parse(args: string[]) {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        connections: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        'open-duration': { type: 'string' },
        only: { type: 'string' },
        profile: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        check: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  }
  try {
    ({ values } = parse(argv));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (flag: keyof typeof values, variable: string, fallback: number) => {
    const text = (values[flag] as string | undefined) ?? process.env[variable];
    const value = text === undefined ? fallback : Number(text);
    if (text?.trim() === '' || !Number.isFinite(value) || value < 0) {
      console.error(`--${flag} (${variable}) must be a non-negative number, got "${text}"`);
      process.exit(2);
    }
    return value;
  };
  return {
    connections: Math.max(1, Math.round(number('connections', 'BENCH_CONNECTIONS', 50))),
    durationSeconds: Math.max(1, number('duration', 'BENCH_DURATION', 5)),
    warmupSeconds: number('warmup', 'BENCH_WARMUP', 1),
    rounds: Math.max(1, Math.round(number('rounds', 'BENCH_ROUNDS', 3))),
    openDurationSeconds: Math.max(1, number('open-duration', 'BENCH_OPEN_DURATION', 10)),
    build: !values['no-build'],
    profile: values.profile === true,
    check: values.check === true,
    only: values.only === undefined ? undefined : new Set(values.only.split(',')),
  };
}

/** The targets to run: `streams` is compared with `koa`, so it brings it along. */
function selected(settings: Settings): (name: string) => boolean {
  const only = settings.only;
  if (!only) return () => true;
  const names = new Set(only.has('streams') ? [...only, 'koa'] : only);
  return (name) => names.has(name);
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((text) => text.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function expectStatus(
  what: string,
  expected: number,
  reply: Promise<{ status: number; text: string }>,
) {
  const { status, text } = await reply;
  if (status !== expected) throw new Error(`${what}: expected ${expected}, got ${status}: ${text}`);
  return text;
}

async function register(apiUrl: string, who: string): Promise<{ token: string; userId: string }> {
  const text = await expectStatus(
    `registering the ${who}`,
    201,
    call(apiUrl, 'POST', '/api/v1/auth/register', undefined, {
      name: `Bench ${who}`,
      email: `bench-${who}-${randomBytes(4).toString('hex')}@example.com`,
      password: randomBytes(18).toString('base64url'),
    }),
  );
  const { accessToken, user } = JSON.parse(text) as { accessToken: string; user: { id: string } };
  return { token: accessToken, userId: user.id };
}

/**
 * Waits until the api reports MongoDB and Redis ready again. The database keeps working through
 * the requests a target left in flight when its load stopped; the next target must not pay for
 * them.
 */
async function settle(stack: Stack): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${stack.apiUrl}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('MongoDB or Redis did not become ready again within 120 s');
}

const priorities = ['low', 'medium', 'high'] as const;
const statuses = ['todo', 'in_progress', 'done'] as const;

/** A task like a person writes one, so that pages and documents have a realistic size. */
function taskInput(n: number) {
  return {
    title: `Prepare the quarterly review deck, part ${n}`,
    description:
      'Collect the numbers from the sales and support dashboards, draft the summary slide, and ' +
      'ask the team leads to check their sections before Thursday.',
    priority: priorities[n % priorities.length],
    status: statuses[n % statuses.length],
    dueDate: new Date(Date.UTC(2030, 0, 1 + n, 17)).toISOString(),
    tags: ['work', `project-${n % 4}`],
  };
}

async function startBareServers(config: BareServersConfig) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(__dirname, 'bare-servers.ts')],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, BARE_SERVERS_CONFIG: JSON.stringify(config) },
    },
  );
  const ports = await new Promise<BareServersPorts>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) done(JSON.parse(output.split('\n')[0]!) as BareServersPorts);
    });
    child.once('exit', (code) => fail(new Error(`the bare servers exited with ${code}`)));
  });
  return { ports, child };
}

/**
 * Response-cache look-ups for task lists, from the api's Prometheus metrics, summed over the
 * cache's layers (the process's own copy and Redis).
 */
async function listCacheCounts(stack: Stack): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(stack.metricsUrl)).text();
  const count = (result: string) =>
    text
      .split('\n')
      .filter(
        (row) =>
          row.startsWith('judix_cache_requests_total{') &&
          row.includes('cache="tasks"') &&
          row.includes(`result="${result}"`),
      )
      .reduce((total, row) => total + Number(row.split(' ').pop()), 0);
  return { hit: count('hit'), miss: count('miss') };
}

/**
 * Runs each target once more with the profiler on in the api that serves it (the api toggles it
 * on SIGUSR2, see cpu-profiler.mjs) and summarises each profile.
 */
async function profileJudix(
  targets: Target[],
  run: (target: Target) => Promise<ClosedLoopResult>,
  settle: () => Promise<void>,
): Promise<string[]> {
  const written = new Map<string, number>();
  const lines: string[] = [];
  for (const target of targets) {
    const directory = target.profileDir!;
    const pid = Number(readFileSync(join(directory, 'pid'), 'utf8'));
    const file = join(directory, `${(written.get(directory) ?? 0) + 1}.cpuprofile`);
    written.set(directory, (written.get(directory) ?? 0) + 1);
    process.stdout.write(`profiling ${target.label}…\n`);
    process.kill(pid, 'SIGUSR2');
    const result = await run(target);
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 30_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await settle();
    await target.clean?.();
    await settle();
    lines.push(
      `${target.label} (${Math.round(result.requestsPerSecond)} req/s while profiled):`,
      ...summariseProfile(file),
    );
  }
  return lines;
}

interface Target {
  name: string;
  label: string;
  request: Request;
  /** Where the api serving this target writes CPU profiles under --profile. */
  profileDir?: string;
  /** Removes what the target wrote, so every round reads and writes collections of one size. */
  clean?: () => Promise<unknown>;
}

async function main() {
  const settings = readSettings(process.argv.slice(2));
  const cleanup: (() => Promise<void> | void)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping everything the benchmark started…\n`);
      void cleanUp().then(() => process.exit(130));
    });
  }

  const profileDirs = {
    api: join(profileRoot, 'api'),
    telemetry: join(profileRoot, 'api-telemetry'),
  };
  const profiler = pathToFileURL(resolve(__dirname, 'cpu-profiler.mjs')).href;
  const profiled = (directory: string): Record<string, string> =>
    settings.profile ? { NODE_OPTIONS: `--import=${profiler}`, BENCH_PROFILE_DIR: directory } : {};
  if (settings.profile) {
    rmSync(profileRoot, { recursive: true, force: true });
    for (const directory of Object.values(profileDirs)) mkdirSync(directory, { recursive: true });
  }

  try {
    if (settings.build) {
      process.stderr.write('Building the api (npm run build)…\n');
      const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }

    const database = `judix_bench_${Date.now().toString(36)}`;
    const judixEnv = {
      // The global limit would answer most of the load with 429.
      RATE_LIMIT_MAX: '1000000000',
      // The chart's default: one access-log line per request, as production runs it.
      LOG_LEVEL: 'info',
      // Shared by both api processes, so one access token works on either.
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    process.stderr.write('Starting MongoDB, Redis and the api…\n');
    const stack = await startStack({
      database,
      apiOutput: 'ignore',
      env: { ...judixEnv, ...profiled(profileDirs.api) },
    });
    cleanup.push(() => stack.close());

    const sink = await startOtlpSink();
    cleanup.push(() => sink.close());
    // The ladder takes MONGO_URL and REDIS_URL first, so the second api shares both servers.
    process.env.MONGO_URL = stack.services.mongo.url;
    process.env.REDIS_URL = stack.redisUrl;
    const telemetryStack = await startStack({
      database,
      apiOutput: 'ignore',
      env: {
        ...judixEnv,
        ...profiled(profileDirs.telemetry),
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        // As the chart deploys it with the collector sidecar: every request's log line is also
        // exported as an OTLP log record.
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_SERVICE_NAME: 'judix-bench',
      },
    });
    cleanup.push(() => telemetryStack.close());

    const wanted = selected(settings);
    let streamsStack: Stack | undefined;
    let probe: MemoryProbe | undefined;
    if (wanted('streams')) {
      probe = new MemoryProbe();
      cleanup.push(() => probe!.close());
      streamsStack = await startStack({
        database,
        apiOutput: 'ignore',
        env: { ...judixEnv, ...probe.env },
      });
      cleanup.push(() => streamsStack!.close());
    }

    process.stderr.write(`Seeding ${TASKS} tasks…\n`);
    const { token: reader } = await register(stack.apiUrl, 'reader');
    const { token: writer, userId: writerId } = await register(stack.apiUrl, 'writer');
    const taskIds: string[] = [];
    for (let n = 1; n <= TASKS; n++) {
      const text = await expectStatus(
        'creating a task',
        201,
        call(stack.apiUrl, 'POST', '/api/v1/tasks', reader, taskInput(n)),
      );
      taskIds.push((JSON.parse(text) as { id: string }).id);
    }
    // The first read fills the cache; the second is the cached page every target serves.
    await expectStatus('listing tasks', 200, call(stack.apiUrl, 'GET', '/api/v1/tasks', reader));
    const page = await expectStatus(
      'listing tasks',
      200,
      call(stack.apiUrl, 'GET', '/api/v1/tasks', reader),
    );
    const listed = (JSON.parse(page) as { data: unknown[] }).data.length;
    if (listed !== TASKS) throw new Error(`the list returned ${listed} tasks, not ${TASKS}`);
    const telemetryPage = await expectStatus(
      'listing tasks with telemetry on',
      200,
      call(telemetryStack.apiUrl, 'GET', '/api/v1/tasks', reader),
    );
    if (telemetryPage !== page) throw new Error('the two api processes returned different pages');
    const readId = taskIds[TASKS / 2]!;

    let streamMemory: StreamMemory | undefined;
    let idle: IdleStreams | undefined;
    if (streamsStack) {
      const streamsUrl = streamsStack.apiUrl;
      const streamsPage = await expectStatus(
        'listing tasks on the streams api',
        200,
        call(streamsUrl, 'GET', '/api/v1/tasks', reader),
      );
      if (streamsPage !== page) throw new Error('the streams api returned a different page');
      // Registered through the first api: scrypt's 32 MiB per hash would land in the RSS that
      // is measured. One token works on every api, which share JWT_SECRET, MongoDB and Redis.
      process.stderr.write(`Registering ${STREAM_USERS} users and opening ${STREAMS} streams…\n`);
      const tokens: string[] = [];
      let registered = 0;
      // Four at a time, as many as libuv's default thread pool hashes at once.
      const registrar = async () => {
        while (registered < STREAM_USERS) {
          const n = registered++;
          tokens[n] = (await register(stack.apiUrl, `streamer-${n}`)).token;
        }
      };
      await Promise.all(Array.from({ length: 4 }, registrar));
      const step = await openMeasuredStreams({
        eventsUrl: `${streamsUrl}/api/v1/events`,
        metricsUrl: streamsStack.metricsUrl,
        probe: probe!,
        tokens,
        perUser: STREAMS_PER_USER,
        firstToken: (await register(stack.apiUrl, 'first-streamer')).token,
      });
      idle = step.streams;
      cleanup.push(() => step.streams.close());
      streamMemory = step.memory;
    }

    const bare = await startBareServers({
      body: page,
      mongoUrl: stack.mongoUrl,
      readCollection: 'tasks',
      insertCollection: 'bench_inserts',
    });
    cleanup.push(() => stopProcess(bare.child));

    const client = new MongoClient(stack.mongoUrl);
    cleanup.push(() => client.close());
    const db = (await client.connect()).db();
    // Clean-up runs in reverse, so the benchmark's database goes before the client closes.
    cleanup.push(() => db.dropDatabase().then(() => undefined));

    const load = new LoadGenerator();
    cleanup.push(() => load.close());

    const local = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
    const json = { 'content-type': 'application/json' };
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const createBody = JSON.stringify(taskInput(0));
    // Pairs that are compared run next to each other within a round.
    const allTargets: Target[] = [
      {
        name: 'raw',
        label: `node:http, captured ${TASKS}-task page`,
        request: { url: local(bare.ports.raw, '/api/v1/tasks') },
      },
      {
        name: 'koa',
        label: 'Koa + router, same page',
        request: { url: local(bare.ports.koa, '/api/v1/tasks') },
      },
      {
        name: 'list',
        profileDir: profileDirs.api,
        label: `Judix GET /tasks (${TASKS}, cached)`,
        request: { url: `${stack.apiUrl}/api/v1/tasks`, headers: auth(reader) },
      },
      ...(streamsStack
        ? [
            {
              name: 'streams',
              label: `Judix GET /tasks, ${STREAMS.toLocaleString('en-US')} streams open`,
              request: { url: `${streamsStack.apiUrl}/api/v1/tasks`, headers: auth(reader) },
            },
          ]
        : []),
      {
        name: 'listTelemetry',
        profileDir: profileDirs.telemetry,
        label: 'Judix GET /tasks, telemetry on',
        request: { url: `${telemetryStack.apiUrl}/api/v1/tasks`, headers: auth(reader) },
      },
      {
        name: 'findOne',
        label: 'Koa + driver findOne by _id',
        request: { url: local(bare.ports.findOne, `/api/v1/tasks/${readId}`) },
      },
      {
        name: 'read',
        profileDir: profileDirs.api,
        label: 'Judix GET /tasks/:id',
        request: { url: `${stack.apiUrl}/api/v1/tasks/${readId}`, headers: auth(reader) },
      },
      {
        name: 'insert',
        label: 'Koa + driver insertOne',
        request: {
          url: local(bare.ports.insert, '/api/v1/tasks'),
          method: 'POST',
          headers: json,
          body: createBody,
        },
        clean: () => db.collection('bench_inserts').deleteMany({}),
      },
      {
        name: 'create',
        profileDir: profileDirs.api,
        label: 'Judix POST /tasks',
        request: {
          url: `${stack.apiUrl}/api/v1/tasks`,
          method: 'POST',
          headers: { ...json, ...auth(writer) },
          body: createBody,
        },
        clean: () => db.collection('tasks').deleteMany({ owner: new ObjectId(writerId) }),
      },
    ];
    const targets = allTargets.filter((t) => wanted(t.name));
    if (targets.length === 0) throw new Error('--only names none of the targets');
    const allRatios: Ratio[] = [
      { label: 'cached list / Koa same page', numerator: 'list', denominator: 'koa', target: 0.5 },
      {
        label: `cached list / Koa, ${STREAMS.toLocaleString('en-US')} streams open`,
        numerator: 'streams',
        denominator: 'koa',
        target: 0.5,
      },
      {
        label: 'single read / Koa + findOne',
        numerator: 'read',
        denominator: 'findOne',
        target: 0.6,
      },
      {
        label: 'create / Koa + insertOne',
        numerator: 'create',
        denominator: 'insert',
        target: 0.5,
      },
      {
        label: 'list telemetry on / off',
        numerator: 'listTelemetry',
        denominator: 'list',
        target: 0.7,
      },
    ];

    const measured = (name: string) => targets.some((target) => target.name === name);
    const ratios = allRatios.filter((r) => measured(r.numerator) && measured(r.denominator));

    const mongoKind = stack.services.mongo.kind;
    const header = [
      '# Judix benchmark',
      '',
      `- Machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}, ${process.platform} ${process.arch}`,
      `- MongoDB-protocol server: ${mongoKind}; Redis: ${stack.services.redis.kind}`,
      `- Closed loop: ${settings.connections} connections, ${settings.durationSeconds} s per target per round after ${settings.warmupSeconds} s warm-up, ${settings.rounds} interleaved rounds (autocannon in its own process)`,
      `- Judix: built api (\`node dist/server.js\`), LOG_LEVEL=${judixEnv.LOG_LEVEL} (the chart default: one access-log line per request), RATE_LIMIT_MAX raised so the limiter never answers 429 (it still runs on every request)`,
      `- Telemetry on: a second api process on the same MongoDB and Redis, exporting OTLP/HTTP traces and a log record per log line to a local sink that drops them`,
      ...(streamsStack
        ? [
            `- Streams open: a third api process on the same MongoDB and Redis, holding ${STREAMS.toLocaleString('en-US')} idle event streams (${STREAM_USERS} users × ${STREAMS_PER_USER}, each past its \`ready\` event) through the rounds; memory read after a full GC by bench/memory-probe.mjs`,
          ]
        : []),
      `- Started ${new Date().toISOString()}`,
    ];
    process.stdout.write(`${header.join('\n')}\n\n`);

    const cacheBefore = await listCacheCounts(stack);
    const streamsCacheBefore = streamsStack ? await listCacheCounts(streamsStack) : undefined;
    const results = new Map<string, ClosedLoopResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= settings.rounds; round++) {
      for (const target of targets) {
        const result = await load.closedLoop(target.request, settings);
        await settle(stack);
        if (target.clean) {
          await target.clean();
          await settle(stack);
        }
        results.get(target.name)!.push(result);
        const rate = Math.round(result.requestsPerSecond).toString().padStart(6);
        const latency = `p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`;
        const problems = [
          result.errors ? `errors ${result.errors}` : '',
          result.non2xx ? `non-2xx ${result.non2xx}` : '',
          result.requestsPerSecond === 0 ? 'NO RESPONSES' : '',
        ].join(' ');
        process.stdout.write(
          `round ${round}/${settings.rounds}  ${target.label.padEnd(38)} ${rate} req/s  ${latency}  ${problems}\n`.trimEnd() +
            '\n',
        );
      }
    }
    const cacheAfter = await listCacheCounts(stack);
    const streamNotes: string[] = [];
    let streamsBroken = false;
    if (streamsStack && idle) {
      const streamsCacheAfter = await listCacheCounts(streamsStack);
      const stillOpen = await openStreamCount(streamsStack.metricsUrl);
      const dropped = idle.dropped;
      idle.close();
      const closed = await waitForOpenStreams(streamsStack.metricsUrl, 0);
      streamsBroken = stillOpen !== STREAMS || dropped > 0 || !closed;
      streamNotes.push(
        `Task-list cache on the streams api during the closed-loop runs: ${streamsCacheAfter.hit - streamsCacheBefore!.hit} hits, ${streamsCacheAfter.miss - streamsCacheBefore!.miss} misses.`,
        `Streams open on the streams api after the rounds: ${stillOpen} of ${STREAMS} (${dropped} dropped by the server); ${closed ? 'all closed' : 'NOT all closed'} within 10 s of the benchmark aborting them${streamsBroken ? ' (FAIL)' : ''}.`,
      );
    }

    const summaries: TargetSummary[] = targets.map((target) => ({
      name: target.name,
      label: target.label,
      rounds: results.get(target.name)!,
    }));
    const list = summaries.find((summary) => summary.name === 'list');
    let openLoop: OpenLoopResult | undefined;
    if (list) {
      const ratePerSecond = Math.max(1, Math.round(throughput(list) / 2));
      process.stdout.write(
        `open loop: cached list at ${ratePerSecond} req/s for ${settings.openDurationSeconds} s…\n`,
      );
      openLoop = await load.openLoop(targets.find((t) => t.name === 'list')!.request, {
        ratePerSecond,
        durationSeconds: settings.openDurationSeconds,
        warmupSeconds: settings.warmupSeconds,
        maxSockets: settings.connections,
      });
    }

    const profiles = settings.profile
      ? await profileJudix(
          targets.filter((target) => target.profileDir),
          (target) => load.closedLoop(target.request, settings),
          () => settle(stack),
        )
      : [];

    const hits = cacheAfter.hit - cacheBefore.hit;
    const misses = cacheAfter.miss - cacheBefore.miss;
    const exports = [...sink.received.entries()].map(([path, n]) => `${path} ${n}`).join(', ');
    const outcome = {
      header,
      targets: summaries,
      ratios,
      openLoop,
      openLoopTargetP99Ms: OPEN_LOOP_TARGET_P99_MS,
      streamMemory,
      notes: [
        `Task-list cache during the closed-loop runs (telemetry-off api): ${hits} hits, ${misses} misses (entries live CACHE_TTL, 30 s by default).`,
        ...streamNotes,
        `OTLP export requests received by the sink: ${exports || 'none'}.`,
        "The reference insertOne writes to a collection with the same indexes as Judix's tasks; Judix's creates go to a second user, so the listed user keeps its 20 tasks.",
        'Ratios compare targets measured in the same run; absolute numbers depend on the machine and on whatever else it was doing.',
      ],
    };
    const report = renderReport(outcome);
    process.stdout.write(`\n${report}`);
    mkdirSync(resolve(__dirname, 'results'), { recursive: true });
    writeFileSync(resolve(__dirname, 'results', 'latest.md'), report);
    process.stdout.write('\nWritten to bench/results/latest.md\n');
    if (profiles.length > 0) {
      writeFileSync(join(profileRoot, 'summary.txt'), `${profiles.join('\n')}\n`);
      process.stdout.write(
        `\nCPU profiles, one extra run per Judix target:\n${profiles.join('\n')}\n`,
      );
    }

    const broken =
      streamsBroken ||
      summaries.some((summary) => failures(summary) > 0) ||
      (openLoop ? openLoop.errors + openLoop.non2xx > 0 : false);
    const missed = settings.check ? missedTargets(outcome) : [];
    if (missed.length > 0) process.stdout.write(`\n--check: missed ${missed.join('; ')}\n`);
    process.exitCode = broken || missed.length > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
