// The idle-streams step: event streams (GET /api/v1/events) held open against an api process of
// their own, and that process's memory read after a full garbage collection (memory-probe.mjs,
// preloaded into it). The streams are plain node:http requests on one keep-alive agent in the
// benchmark's own process, and a stream counts as open once its `ready` event has arrived.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of process.memoryUsage() the report shows, in bytes. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface StreamMemory {
  streams: number;
  before: MemoryReading;
  after: MemoryReading;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reads the memory of the api it is preloaded into; one probe per api process. */
export class MemoryProbe {
  private readonly directory = mkdtempSync(join(tmpdir(), 'judix-bench-memory-'));
  private taken = 0;

  /** The api's environment that loads the probe. */
  get env(): Record<string, string> {
    const probe = pathToFileURL(resolve(__dirname, 'memory-probe.mjs')).href;
    return { NODE_OPTIONS: `--import=${probe}`, BENCH_MEMORY_DIR: this.directory };
  }

  /** The process id of the api the probe is loaded into. */
  get pid(): number {
    const pidFile = join(this.directory, 'pid');
    if (!existsSync(pidFile)) throw new Error('the memory probe did not load into the api');
    return Number(readFileSync(pidFile, 'utf8'));
  }

  async read(): Promise<MemoryReading> {
    const pid = this.pid;
    const file = join(this.directory, `${++this.taken}.json`);
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 30_000;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error('the memory probe did not answer within 30 s');
      await sleep(50);
    }
    const reading = JSON.parse(readFileSync(file, 'utf8')) as MemoryReading | { error: string };
    if ('error' in reading) throw new Error(`the memory probe failed: ${reading.error}`);
    return { rss: reading.rss, heapUsed: reading.heapUsed, external: reading.external };
  }

  close(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

export interface IdleStreams {
  readonly open: number;
  /** Streams that ended or failed after their `ready` event. */
  readonly dropped: number;
  close(): void;
}

/**
 * Opens `perToken` streams for each token, a few at a time (a user's first stream costs the api a
 * Redis SUBSCRIBE), and resolves once every one has received `ready`; rejects, with every stream
 * closed, if one is refused or not ready within `readyTimeoutMs`.
 */
export async function openIdleStreams(
  url: string,
  tokens: string[],
  perToken: number,
  readyTimeoutMs = 30_000,
): Promise<IdleStreams> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const queue = tokens.flatMap((token) => Array<string>(perToken).fill(token));
  const requests = new Set<ClientRequest>();
  let closing = false;
  let dropped = 0;

  const openOne = (token: string) =>
    new Promise<void>((resolve, reject) => {
      let ready = false;
      const request = get(
        url,
        {
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'text/event-stream',
            connection: 'keep-alive',
          },
        },
        (response) => {
          response.setEncoding('utf8');
          let text = '';
          response.on('data', (chunk: string) => {
            if (ready) return;
            text += chunk;
            if (response.statusCode === 200 && /(^|\n)event: ready\n/.test(text)) {
              ready = true;
              clearTimeout(timer);
              resolve();
            }
          });
          response.once('end', () => {
            if (response.statusCode !== 200) {
              request.destroy(new Error(`the stream was refused: ${response.statusCode} ${text}`));
            } else request.destroy(new Error('the stream ended'));
          });
        },
      );
      requests.add(request);
      const timer = setTimeout(
        () => request.destroy(new Error(`no ready event within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      request.once('close', () => {
        clearTimeout(timer);
        requests.delete(request);
        if (ready && !closing) dropped += 1;
      });
      request.on('error', reject);
    });

  const close = () => {
    closing = true;
    queue.length = 0;
    for (const request of requests) request.destroy();
    agent.destroy();
  };
  const opener = async () => {
    for (let token = queue.shift(); token !== undefined; token = queue.shift()) {
      await openOne(token);
    }
  };
  try {
    await Promise.all(Array.from({ length: 20 }, opener));
  } catch (error) {
    close();
    throw error;
  }
  return {
    get open() {
      return requests.size;
    },
    get dropped() {
      return dropped;
    },
    close,
  };
}

/** Event streams open on the api, from its Prometheus metrics. */
export async function openStreamCount(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((row) => row.startsWith('judix_event_streams_open '));
  return Number(line?.split(' ').pop() ?? NaN);
}

/** Polls until the api reports `count` open streams; false if it does not within 10 s. */
export async function waitForOpenStreams(metricsUrl: string, count: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await openStreamCount(metricsUrl)) === count) return true;
    await sleep(100);
  }
  return false;
}

export interface StreamsStep {
  /** The api's /api/v1/events and /metrics, on the api the probe is loaded into. */
  eventsUrl: string;
  metricsUrl: string;
  probe: MemoryProbe;
  /** Users whose streams stay open, `perUser` each. */
  tokens: string[];
  perUser: number;
  /** A user of its own for the stream opened and closed before the first reading. */
  firstToken: string;
}

/** Reads the api's memory with 0 streams, opens them all, and reads it again; they stay open. */
export async function openMeasuredStreams(
  step: StreamsStep,
): Promise<{ memory: StreamMemory; streams: IdleStreams }> {
  const { eventsUrl, metricsUrl, probe, tokens, perUser } = step;
  // One stream opened and closed first, so that the 0-stream reading already holds what only the
  // first stream creates (the hub's Redis subscriber connection, the route's compiled code).
  (await openIdleStreams(eventsUrl, [step.firstToken], 1)).close();
  if (!(await waitForOpenStreams(metricsUrl, 0))) throw new Error('the first stream stayed open');
  const before = await probe.read();
  const streams = await openIdleStreams(eventsUrl, tokens, perUser);
  const count = tokens.length * perUser;
  try {
    if (!(await waitForOpenStreams(metricsUrl, count))) {
      throw new Error(`the api reports ${await openStreamCount(metricsUrl)} of ${count} open`);
    }
    return { memory: { streams: count, before, after: await probe.read() }, streams };
  } catch (error) {
    streams.close();
    throw error;
  }
}
