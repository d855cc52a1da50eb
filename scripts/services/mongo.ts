// A MongoDB-protocol server for tests and local runs, from the ladder in DESIGN.md, first match
// wins: MONGO_URL; a container runtime (real `mongo` image, one-member replica set); `mongod` on
// the PATH (one-member replica set); FerretDB v1 built from scripts/ferretdb with Go.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, ManagedProcess, onPath, ServiceUnavailableError } from './process';
import type { Service } from './types';
import { toolCacheDir } from '../tool-cache';

const MONGO_IMAGE = 'mongo:8.0.4';
const repoRoot = resolve(__dirname, '..', '..');
const ferretSource = join(repoRoot, 'scripts', 'ferretdb');

function containerRuntimeAnswers(): boolean {
  if (process.env.JUDIX_NO_CONTAINERS === '1') return false;
  if (process.env.DOCKER_HOST) return true;
  const socket = [
    '/var/run/docker.sock',
    `${process.env.XDG_RUNTIME_DIR ?? ''}/podman/podman.sock`,
  ].filter((path) => existsSync(path));
  if (socket.length === 0) return false;
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

async function startContainer(): Promise<Service> {
  // Loaded only here: the container client is heavy and most machines have no container runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const containers: typeof import('@testcontainers/mongodb') = require('@testcontainers/mongodb');
  const { MongoDBContainer } = containers;
  const container = await new MongoDBContainer(MONGO_IMAGE).start();
  const url = new URL(container.getConnectionString());
  url.searchParams.set('directConnection', 'true');
  return {
    kind: `container ${MONGO_IMAGE}`,
    url: url.toString(),
    close: async () => {
      await container.stop();
    },
  };
}

async function initiateReplicaSet(url: string): Promise<void> {
  const client = new MongoClient(url, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    await admin.command({ replSetInitiate: {} }).catch((error: { codeName?: string }) => {
      if (error.codeName !== 'AlreadyInitialized') throw error;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const hello = await admin.command({ hello: 1 });
      if (hello.isWritablePrimary) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('replica set did not elect a primary within 30 s');
  } finally {
    await client.close();
  }
}

async function startMongod(): Promise<Service> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'judix-mongod-'));
  const server = new ManagedProcess(
    'mongod',
    'mongod',
    [
      '--replSet',
      'rs0',
      '--bind_ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--dbpath',
      dir,
      '--quiet',
    ],
    port,
    60_000,
  );
  await server.start();
  const url = `mongodb://127.0.0.1:${port}/?replicaSet=rs0&directConnection=true`;
  await initiateReplicaSet(url);
  return {
    kind: 'mongod',
    url,
    controls: server,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Path of the FerretDB binary, built once per pinned version (go.sum decides). */
export function ferretBinary(): string {
  const pin = createHash('sha256')
    .update(readFileSync(join(ferretSource, 'go.sum')))
    .digest('hex');
  const binary = toolCacheDir('bin', `ferretdb-${pin.slice(0, 12)}`);
  if (existsSync(binary)) return binary;
  if (!onPath('go')) {
    throw new ServiceUnavailableError(
      'No MongoDB-protocol server: set MONGO_URL, start a container runtime, put mongod on the PATH, or install Go 1.22+ to build FerretDB.',
    );
  }
  mkdirSync(toolCacheDir('bin'), { recursive: true });
  process.stderr.write('Building FerretDB v1 with Go (first run only, about a minute)…\n');
  const build = spawnSync('go', ['build', '-trimpath', '-o', binary, '.'], {
    cwd: ferretSource,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
  });
  if (build.status !== 0)
    throw new ServiceUnavailableError('Building FerretDB with Go failed (see above).');
  return binary;
}

async function startFerret(): Promise<Service> {
  const binary = ferretBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'judix-ferretdb-'));
  const server = new ManagedProcess(
    'ferretdb',
    binary,
    ['-listen-addr', `127.0.0.1:${port}`, '-data-dir', dir],
    port,
  );
  await server.start();
  return {
    kind: 'FerretDB v1 (SQLite)',
    url: `mongodb://127.0.0.1:${port}/`,
    controls: server,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A MongoDB-protocol server run as a local process, so tests can stop and restart it. */
export async function startLocalMongo(): Promise<Service> {
  return onPath('mongod') ? startMongod() : startFerret();
}

export async function provideMongo(): Promise<Service> {
  const url = process.env.MONGO_URL;
  if (url) return { kind: 'external', url, close: async () => undefined };
  if (containerRuntimeAnswers()) return startContainer();
  return startLocalMongo();
}

/** The connection string with the given database name in its path. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
