// Redis for tests and local runs: REDIS_URL when set, else a redis-server from the PATH (installed
// from Debian's packages when missing and permitted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall } from './apt';
import { freePort, ManagedProcess, onPath, ServiceUnavailableError } from './process';
import type { Service } from './types';

export async function startLocalRedis(): Promise<Service> {
  if (!onPath('redis-server') && !aptInstall(['redis-server'])) {
    throw new ServiceUnavailableError(
      'No Redis: set REDIS_URL or install redis-server (Debian package redis-server).',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'judix-redis-'));
  const server = new ManagedProcess(
    'redis-server',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    port,
  );
  await server.start();
  return {
    kind: 'redis-server',
    url: `redis://127.0.0.1:${port}`,
    controls: server,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function provideRedis(): Promise<Service> {
  const url = process.env.REDIS_URL;
  if (url) return { kind: 'external', url, close: async () => undefined };
  return startLocalRedis();
}
