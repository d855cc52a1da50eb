// `npm run bench`: measures Judix against reference servers on the same machine and the same
// database server, in one run with interleaved rounds so that drift and noise from other work on
// the machine fall on every target alike, and prints the table, the ratios and their targets.
// The flags are in cli.ts (--help lists them), the targets and their values in targets.ts, what
// is written before measuring in seed.ts, the measuring loop in rounds.ts.
//
// `streams` starts one more api on the same servers, reads its memory after a full GC (see
// memory-probe.mjs) with 0 and then 1,000 idle event streams open (100 users × 10, the per-user
// limit), and measures the cached list on that api while the streams stay open, next to bare Koa
// (which `streams` brings along).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient, ObjectId } from 'mongodb';
import { readSettings } from './cli';
import { LoadGenerator } from './load';
import { listCacheCounts } from './metrics';
import { startOtlpSink } from './otlp-sink';
import { failures, missedTargets, renderReport, throughput, type TargetSummary } from './report';
import { CHART_PROFILE, ingressHeaders, renderChartApiEnv } from './production';
import { updateReadme } from './readme';
import { canPin, measureMemory, profileJudix, runOpenLoops, runRounds, settle } from './rounds';
import { expectSamePage, register, registerUsers, seedTasks, TASKS } from './seed';
import { Cleanup, startApi, startBareServers, startProbedApi, startWebNginx } from './servers';
import {
  openMeasuredStreams,
  openStreamCount,
  waitForOpenStreams,
  type IdleStreams,
  type StreamMemory,
} from './streams';
import {
  allTargets,
  LIMITS,
  ratiosOf,
  selected,
  STREAM_USERS,
  STREAMS,
  STREAMS_PER_USER,
  type Target,
} from './targets';

const repoRoot = resolve(__dirname, '..');

/** What the benchmark sets differently from the chart, for every api it starts. */
const BENCH_OVERRIDES = {
  RATE_LIMIT_MAX: '1000000000',
  SHUTDOWN_DELAY: '100ms',
  SHUTDOWN_TIMEOUT: '5s',
};

/** `NAME=value, …`, with the chart's value beside each one the benchmark changes. */
function envList(
  env: Record<string, string>,
  keep: (name: string) => boolean = () => true,
  chart: Record<string, string> = {},
): string {
  return Object.entries(env)
    .filter(([name]) => keep(name))
    .map(([name, value]) => `${name}=${value}${name in chart ? ` (chart: ${chart[name]})` : ''}`)
    .join(', ');
}

function leftList(left: { name: string; why: string }[]): string {
  const reasons = [...new Set(left.map((each) => each.why))];
  return reasons
    .map(
      (reason) =>
        `${left
          .filter((each) => each.why === reason)
          .map((each) => each.name)
          .join(', ')} (${reason})`,
    )
    .join('; ');
}
const profileRoot = resolve(__dirname, 'results', 'profiles');

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((text) => text.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
}

async function main() {
  const settings = readSettings(process.argv.slice(2), process.env, cpus().length);
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping everything the benchmark started…\n`);
      void cleanup.run().then(() => process.exit(130));
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
    const chart = renderChartApiEnv();
    const judixEnv: Record<string, string> = {
      ...chart.common,
      ...BENCH_OVERRIDES,
      // Shared by every api process, so one access token works on each.
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    const headers = ingressHeaders(chart.ingress);
    process.stderr.write('Starting MongoDB, Redis and the api…\n');
    const stack = await startApi(cleanup, database, {
      ...judixEnv,
      ...profiled(profileDirs.api),
    });

    const sink = await startOtlpSink();
    cleanup.push(() => sink.close());
    // The ladder takes MONGO_URL and REDIS_URL first, so the other apis share both servers.
    process.env.MONGO_URL = stack.services.mongo.url;
    process.env.REDIS_URL = stack.redisUrl;
    const telemetryStack = await startApi(cleanup, database, {
      ...judixEnv,
      ...profiled(profileDirs.telemetry),
      // As the chart deploys it with the collector sidecar: every span, and every request's log
      // line as an OTLP log record.
      ...chart.telemetry,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });

    const wanted = selected(settings.only);
    const nginx = wanted('nginx') ? await startWebNginx(cleanup, stack.apiUrl) : undefined;
    const nginxUrl = nginx?.url;
    const warnStack = wanted('listWarn')
      ? await startApi(cleanup, database, { ...judixEnv, LOG_LEVEL: 'warn' })
      : undefined;
    const { stack: streamsStack, probe } = wanted('streams')
      ? await startProbedApi(cleanup, database, judixEnv)
      : {};
    const { stack: memoryStack, probe: memoryProbe } = wanted('memory')
      ? await startProbedApi(cleanup, database, judixEnv)
      : {};

    process.stderr.write(`Seeding ${TASKS} tasks…\n`);
    const seeded = await seedTasks(stack.apiUrl);
    await expectSamePage('telemetry api', telemetryStack.apiUrl, seeded);
    if (warnStack) await expectSamePage('LOG_LEVEL=warn api', warnStack.apiUrl, seeded);
    if (memoryStack) await expectSamePage('memory api', memoryStack.apiUrl, seeded);

    let streamMemory: StreamMemory | undefined;
    let idle: IdleStreams | undefined;
    if (streamsStack && probe) {
      await expectSamePage('streams api', streamsStack.apiUrl, seeded);
      // Registered through the first api: scrypt's 32 MiB per hash would land in the RSS that
      // is measured. One token works on every api, which share JWT_SECRET, MongoDB and Redis.
      process.stderr.write(`Registering ${STREAM_USERS} users and opening ${STREAMS} streams…\n`);
      const tokens = await registerUsers(stack.apiUrl, 'streamer', STREAM_USERS);
      const step = await openMeasuredStreams({
        eventsUrl: `${streamsStack.apiUrl}/api/v1/events`,
        metricsUrl: streamsStack.metricsUrl,
        probe,
        tokens,
        perUser: STREAMS_PER_USER,
        firstToken: (await register(stack.apiUrl, 'first-streamer')).token,
      });
      idle = step.streams;
      cleanup.push(() => step.streams.close());
      streamMemory = step.memory;
    }

    const bare = await startBareServers(cleanup, {
      body: seeded.page,
      mongoUrl: stack.mongoUrl,
      readCollection: 'tasks',
      insertCollection: 'bench_inserts',
    });

    const client = new MongoClient(stack.mongoUrl);
    cleanup.push(() => client.close());
    const db = (await client.connect()).db();
    // Clean-up runs in reverse, so the benchmark's database goes before the client closes.
    cleanup.push(() => db.dropDatabase().then(() => undefined));

    const load = new LoadGenerator();
    cleanup.push(() => load.close());

    const pinned = canPin();
    const targets = allTargets({
      bare,
      apiUrl: stack.apiUrl,
      telemetryUrl: telemetryStack.apiUrl,
      warnUrl: warnStack?.apiUrl,
      nginxUrl,
      streamsUrl: streamsStack?.apiUrl,
      readerToken: seeded.reader.token,
      writerToken: seeded.writer.token,
      readId: seeded.taskIds[TASKS / 2]!,
      headers,
      profileDirs,
      pids: {
        bare: bare.pid,
        api: stack.apiPid,
        telemetry: telemetryStack.apiPid,
        warn: warnStack?.apiPid ?? 0,
        streams: streamsStack?.apiPid ?? 0,
        nginx: nginx?.pid ?? 0,
      },
      cleanInserts: () => db.collection('bench_inserts').deleteMany({}),
      cleanCreates: () =>
        db.collection('tasks').deleteMany({ owner: new ObjectId(seeded.writer.userId) }),
    }).filter((t) => wanted(t.name));
    if (targets.length === 0 && !memoryStack) throw new Error('--only names none of the targets');
    const ratios = ratiosOf(targets);

    const mongoKind = stack.services.mongo.kind;
    const header = [
      '# Judix benchmark',
      '',
      `- Machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}, ${process.platform} ${process.arch}`,
      `- MongoDB-protocol server: ${mongoKind}; Redis: ${stack.services.redis.kind}`,
      `- Closed loop: ${settings.connections} connections, ${settings.durationSeconds} s per target per round after ${settings.warmupSeconds} s warm-up, ${settings.rounds} interleaved rounds (autocannon in its own process)`,
      `- Judix: built api (\`node dist/server.js\`) with the chart's api environment (helm template with ${CHART_PROFILE}): ${envList(chart.common, (name) => !(name in BENCH_OVERRIDES))}`,
      `- Changed by the benchmark: ${envList(BENCH_OVERRIDES, () => true, chart.common)} (RATE_LIMIT_MAX raised so one user's load is not answered with 429; the limiter still runs on every request; a stopped api exits at once); not applied: ${leftList(chart.left)}`,
      `- Request headers, on every request to every server (Judix's also carry \`authorization: Bearer …\`, no cookie): ${Object.entries(
        headers,
      )
        .map(([name, value]) => `\`${name}: ${value}\``)
        .join(', ')}`,
      `- Telemetry on: a second api process on the same MongoDB and Redis with ${envList(chart.telemetry)}, exporting OTLP/HTTP traces and a log record per log line to a local sink that drops them`,
      ...(nginxUrl
        ? [
            `- Through nginx: the web app's nginx (web/nginx/nginx.conf and the local /api proxy, ${cpus().length} workers by \`worker_processes auto\`) in front of the first api; it gzips the JSON for the browser's Accept-Encoding, as a browser gets it`,
          ]
        : []),
      ...(warnStack
        ? ['- LOG_LEVEL=warn: one more api process, the same but for no access-log line']
        : []),
      ...(streamsStack
        ? [
            `- Streams open: a third api process on the same MongoDB and Redis, holding ${STREAMS.toLocaleString('en-US')} idle event streams (${STREAM_USERS} users × ${STREAMS_PER_USER}, each past its \`ready\` event) through the rounds; memory read after a full GC by bench/memory-probe.mjs`,
          ]
        : []),
      ...(wanted('list')
        ? [
            `- Open loop: ${settings.openDurationSeconds} s after ${settings.warmupSeconds} s warm-up, at most ${settings.connections} sockets, on Judix's cached list and then on each reference server in the run at the same rate, from the load generator on any CPU, then from one pinned with \`taskset -c ${settings.pinCpu}\` while the server is held to the other CPUs${pinned ? '' : ' (left out: no taskset here)'}; the api's GC pauses and event-loop delay from its prom-client metrics`,
          ]
        : []),
      ...(memoryStack
        ? [
            `- Memory: one more api process with bench/memory-probe.mjs preloaded, driven by the closed loop on the cached list to ${settings.memoryRequests.map((n) => n.toLocaleString('en-US')).join(' and then ')} requests in total; RSS read from /proc, then memory after a full GC`,
          ]
        : []),
      `- Started ${new Date().toISOString()}`,
    ];
    process.stdout.write(`${header.join('\n')}\n\n`);

    const settleAll = () => settle(stack.apiUrl);
    const cacheBefore = await listCacheCounts(stack.metricsUrl);
    const streamsCacheBefore = streamsStack && (await listCacheCounts(streamsStack.metricsUrl));
    const results = await runRounds(targets, load, settings, settleAll);
    const cacheAfter = await listCacheCounts(stack.metricsUrl);
    const streamNotes: string[] = [];
    let streamsBroken = false;
    if (streamsStack && idle && streamsCacheBefore) {
      const streamsCacheAfter = await listCacheCounts(streamsStack.metricsUrl);
      const stillOpen = await openStreamCount(streamsStack.metricsUrl);
      const dropped = idle.dropped;
      idle.close();
      const closed = await waitForOpenStreams(streamsStack.metricsUrl, 0);
      streamsBroken = stillOpen !== STREAMS || dropped > 0 || !closed;
      streamNotes.push(
        `Task-list cache on the streams api during the closed-loop runs: ${streamsCacheAfter.hit - streamsCacheBefore.hit} hits, ${streamsCacheAfter.miss - streamsCacheBefore.miss} misses.`,
        `Streams open on the streams api after the rounds: ${stillOpen} of ${STREAMS} (${dropped} dropped by the server); ${closed ? 'all closed' : 'NOT all closed'} within 10 s of the benchmark aborting them${streamsBroken ? ' (FAIL)' : ''}.`,
      );
    }

    const summaries: TargetSummary[] = targets.map((target) => ({
      name: target.name,
      label: target.label,
      rounds: results.get(target.name)!,
    }));
    const list = summaries.find((summary) => summary.name === 'list');
    const listTarget = targets.find((t) => t.name === 'list');
    const openServer = (target: Target, reference: boolean) => ({
      label: target.label,
      request: target.request,
      pid: target.serverPid,
      reference,
    });
    const references = targets
      .filter((target) => target.name === 'raw' || target.name === 'koa')
      .map((target) => openServer(target, true));
    const openLoops =
      list && listTarget
        ? await runOpenLoops(
            load,
            {
              servers: [
                { ...openServer(listTarget, false), metricsUrl: stack.metricsUrl },
                ...references,
              ],
              ratePerSecond: Math.max(1, Math.round(throughput(list) / 2)),
              settings,
            },
            pinned,
          )
        : [];

    const memory =
      memoryStack && memoryProbe
        ? await measureMemory(
            load,
            {
              url: `${memoryStack.apiUrl}/api/v1/tasks`,
              headers: { ...headers, authorization: `Bearer ${seeded.reader.token}` },
            },
            settings,
            memoryProbe,
          )
        : undefined;

    const profiles = settings.profile
      ? await profileJudix(
          targets.filter((target) => target.profileDir),
          (target) => load.closedLoop(target.request, settings),
          settleAll,
        )
      : [];

    const hits = cacheAfter.hit - cacheBefore.hit;
    const misses = cacheAfter.miss - cacheBefore.miss;
    const exports = [...sink.received.entries()].map(([path, n]) => `${path} ${n}`).join(', ');
    const outcome = {
      header,
      targets: summaries,
      ratios,
      openLoops,
      limits: LIMITS,
      streamMemory,
      memory,
      notes: [
        `Task-list cache during the closed-loop runs (telemetry-off api): ${hits} hits, ${misses} misses (entries live CACHE_TTL=${judixEnv.CACHE_TTL ?? '30s'}).`,
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
    if (settings.readme) {
      updateReadme(report);
      process.stdout.write("Written into README.md's Benchmark section\n");
    }
    if (profiles.length > 0) {
      writeFileSync(join(profileRoot, 'summary.txt'), `${profiles.join('\n')}\n`);
      process.stdout.write(
        `\nCPU profiles, one extra run per Judix target:\n${profiles.join('\n')}\n`,
      );
    }

    const broken =
      streamsBroken ||
      summaries.some((summary) => failures(summary) > 0) ||
      openLoops.some(({ result }) => result.errors + result.non2xx > 0);
    const missed = settings.check ? missedTargets(outcome) : [];
    if (missed.length > 0) process.stdout.write(`\n--check: missed ${missed.join('; ')}\n`);
    process.exitCode = broken || missed.length > 0 ? 1 : 0;
  } finally {
    await cleanup.run();
  }
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
