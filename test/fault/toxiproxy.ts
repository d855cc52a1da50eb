// Toxiproxy, a TCP proxy that injects faults (latency, connection resets, outages) between the
// api and a server. Built once per pin from scripts/toxiproxy with Go and kept in the tool cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, ManagedProcess, onPath } from '../../scripts/services';
import { toolCacheDir } from '../../scripts/tool-cache';

const source = resolve(__dirname, '..', '..', 'scripts', 'toxiproxy');

export function toxiproxyBinary(): string {
  const pin = createHash('sha256')
    .update(readFileSync(join(source, 'go.mod')))
    .update(readFileSync(join(source, 'go.sum')))
    .digest('hex');
  const binary = toolCacheDir('bin', `toxiproxy-2.12.0-${pin.slice(0, 12)}`);
  if (existsSync(binary)) return binary;
  if (!onPath('go')) throw new Error('Go 1.24+ is needed to build Toxiproxy for the fault suite.');
  mkdirSync(toolCacheDir('bin'), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  const build = spawnSync(
    'go',
    ['build', '-trimpath', '-o', partial, 'github.com/Shopify/toxiproxy/v2/cmd/server'],
    {
      cwd: source,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '-mod=readonly' },
    },
  );
  if (build.status !== 0) throw new Error('Building Toxiproxy with Go failed (see above).');
  renameSync(partial, binary);
  return binary;
}

export interface Proxy {
  name: string;
  /** host:port the api connects to instead of the server. */
  listen: string;
}

export class Toxiproxy {
  private constructor(
    private readonly server: ManagedProcess,
    private readonly api: string,
  ) {}

  static async start(): Promise<Toxiproxy> {
    const port = await freePort();
    const server = new ManagedProcess(
      'toxiproxy',
      toxiproxyBinary(),
      ['-host', '127.0.0.1', '-port', String(port)],
      port,
    );
    await server.start();
    return new Toxiproxy(server, `http://127.0.0.1:${port}`);
  }

  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`toxiproxy ${method} ${path}: ${response.status} ${await response.text()}`);
  }

  async proxy(name: string, upstream: string): Promise<Proxy> {
    const listen = `127.0.0.1:${await freePort()}`;
    await this.call('POST', '/proxies', { name, listen, upstream, enabled: true });
    return { name, listen };
  }

  /** Adds a toxic to the traffic from the server to the api (where replies are delayed or cut). */
  async addToxic(proxy: Proxy, type: 'latency' | 'reset_peer', attributes: Record<string, number>) {
    await this.call('POST', `/proxies/${proxy.name}/toxics`, {
      name: type,
      type,
      stream: 'downstream',
      toxicity: 1,
      attributes,
    });
  }

  async removeToxic(proxy: Proxy, type: string) {
    await this.call('DELETE', `/proxies/${proxy.name}/toxics/${type}`);
  }

  async close(): Promise<void> {
    await this.server.stop();
  }
}
