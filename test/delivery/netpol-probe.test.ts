// The NetworkPolicy probe of the kind job, run on loopback: it passes only when the target refuses
// while the probe's own network works, and fails when the target answers or the control does not.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './support';

function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.end());
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    ),
  );
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function probe(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'scripts', 'kind', 'netpol-probe.mjs')],
      { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('NetworkPolicy probe', () => {
  let control: { server: Server; port: number };

  beforeAll(async () => {
    control = await listen();
  });

  afterAll(() => control.server.close());

  const inPod = () => ({
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(control.port),
  });

  it('when the target refuses and the probe has network, then it reports blocked and passes', async () => {
    const { code, output } = await probe({ ...inPod(), TARGET: `localhost:${await closedPort()}` });
    expect(output).toMatch(/^blocked: localhost \(127\.0\.0\.1\):\d+ answered ECONNREFUSED/);
    expect(code).toBe(0);
  });

  it('when the target accepts the connection, then it fails', async () => {
    const target = await listen();
    try {
      const { code, output } = await probe({ ...inPod(), TARGET: `127.0.0.1:${target.port}` });
      expect(output).toMatch(/reached 127\.0\.0\.1 .*the NetworkPolicy let it through/);
      expect(code).toBe(1);
    } finally {
      target.server.close();
    }
  });

  it('when the probe itself has no network, then it fails instead of calling that blocked', async () => {
    const { code, output } = await probe({
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(await closedPort()),
      TARGET: `localhost:${await closedPort()}`,
    });
    expect(output).toMatch(/cannot reach the Kubernetes API \(ECONNREFUSED\); nothing was tested/);
    expect(code).toBe(2);
  });

  it('when it runs outside a pod or without a target, then it fails', async () => {
    expect(await probe({ TARGET: 'localhost:1' })).toMatchObject({ code: 2 });
    expect(await probe(inPod())).toMatchObject({
      code: 2,
      output: expect.stringContaining('TARGET'),
    });
  });
});
