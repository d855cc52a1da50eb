// Starts the whole application as local processes: a MongoDB-protocol server and Redis (from the
// ladder in services/), the built api (`node dist/server.js`) and, optionally, nginx serving the
// built web app with the repository's nginx config. Used by the run command and by the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, provideMongo, provideRedis, withDatabase, type Service } from './services';
import { startNginx } from './services/nginx';

const repoRoot = resolve(__dirname, '..');

export interface StackOptions {
  /** Also serve web/dist through nginx, proxying /api to the api. */
  web?: boolean;
  /** Extra environment for the api process (e.g. ACCESS_TOKEN_TTL). */
  env?: Record<string, string>;
  apiPort?: number;
  metricsPort?: number;
  webPort?: number;
  /** Where the api's log lines go: the terminal, nowhere, or appended to a file. */
  apiOutput?: 'inherit' | 'ignore' | { file: string };
  /** Database name, so parallel stacks on one server do not share data. */
  database?: string;
}

export interface Stack {
  apiUrl: string;
  /** The api's process id. */
  apiPid: number;
  metricsUrl: string;
  webUrl?: string;
  mongoUrl: string;
  redisUrl: string;
  services: { mongo: Service; redis: Service };
  close(): Promise<void>;
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the api was not ready within ${timeoutMs} ms`);
}

/** Stops a child with SIGTERM, and SIGKILL if it has not exited after 15 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const entry = resolve(repoRoot, 'dist', 'server.js');
  if (!existsSync(entry)) throw new Error('dist/server.js is missing: run `npm run build` first.');
  if (options.web && !existsSync(resolve(repoRoot, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run -w web build` first.');
  }

  const cleanup: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const mongo = await provideMongo();
    cleanup.push(() => mongo.close());
    const redis = await provideRedis();
    cleanup.push(() => redis.close());

    const apiPort = options.apiPort ?? (await freePort());
    const metricsPort = options.metricsPort ?? (await freePort());
    const webPort = options.webPort ?? (await freePort());
    const webOrigins = [`http://localhost:${webPort}`, `http://127.0.0.1:${webPort}`];
    const mongoUrl = withDatabase(mongo.url, options.database ?? 'judix');
    const output = options.apiOutput ?? 'ignore';
    const logFd = typeof output === 'object' ? openSync(output.file, 'a') : undefined;
    const api = spawn(process.execPath, [entry], {
      cwd: repoRoot,
      stdio: ['ignore', logFd ?? (output as 'inherit' | 'ignore'), 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // Like the other local servers: reachable from this machine only.
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        METRICS_PORT: String(metricsPort),
        MONGO_URL: mongoUrl,
        REDIS_URL: redis.url,
        COOKIE_SECURE: 'false',
        CORS_ORIGINS: webOrigins.join(','),
        SHUTDOWN_DELAY: '100ms',
        SHUTDOWN_TIMEOUT: '5s',
        ...options.env,
      },
    });
    if (logFd !== undefined) closeSync(logFd);
    cleanup.push(() => stopProcess(api));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForReady(apiUrl, api, 60_000);

    let webUrl: string | undefined;
    if (options.web) {
      const nginx = await startNginx({
        root: resolve(repoRoot, 'web', 'dist'),
        apiUpstream: `127.0.0.1:${apiPort}`,
        port: webPort,
      });
      cleanup.push(() => nginx.close());
      webUrl = nginx.url;
    }

    return {
      apiUrl,
      apiPid: api.pid!,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      webUrl,
      mongoUrl,
      redisUrl: redis.url,
      services: { mongo, redis },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
