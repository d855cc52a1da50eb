// The real collector built from observability/collector/builder-config.yaml, for tests: validating
// a config text with the environment it will run with, and running instances on loopback ports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectorBinary } from '../../../scripts/otelcol/build';
import { freePort, waitForPort } from '../../../scripts/services';

export { collectorBinary };

const repoRoot = resolve(__dirname, '..', '..', '..');
export const sidecarConfigPath = join(repoRoot, 'observability', 'collector', 'collector.yaml');
export const backendConfigPath = join(__dirname, '..', 'fixtures', 'backend-collector.yaml');

/** Everything collector.yaml reads from the environment, as a pod would have it. */
export function sidecarEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    JUDIX_TRACES_ENDPOINT: 'http://tempo.judix.svc:4318',
    JUDIX_LOGS_ENDPOINT: 'http://loki.judix.svc:3100/otlp',
    JUDIX_SERVICE_NAMESPACE: 'judix',
    JUDIX_DEPLOYMENT_ENVIRONMENT: 'test',
    K8S_POD_NAME: 'judix-api-7d9f8-abcde',
    K8S_POD_UID: '0b7e6c1e-7f4d-4a55-9d9e-2f4f1f0f7a11',
    K8S_NAMESPACE_NAME: 'judix',
    K8S_NODE_NAME: 'node-1',
    ...overrides,
  };
}

export interface Validation {
  ok: boolean;
  output: string;
}

/**
 * Runs `otelcol validate` on a config text with exactly `env` as the environment (plus PATH), so a
 * variable the config needs and the caller forgot fails here rather than in a pod.
 */
export function validateConfig(yamlText: string, env: Record<string, string>): Validation {
  const dir = mkdtempSync(join(tmpdir(), 'judix-otelcol-validate-'));
  try {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, yamlText);
    const result = spawnSync(collectorBinary(), ['validate', `--config=file:${file}`], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const COMPONENT_KINDS = ['receivers', 'processors', 'exporters', 'extensions'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Component types by kind, from a config's top-level sections (`otlp_http/traces` is `otlp_http`). */
export function componentTypes(config: Record<string, unknown>): Record<ComponentKind, string[]> {
  const types = (kind: ComponentKind) =>
    Object.keys((config[kind] as Record<string, unknown> | undefined) ?? {}).map(
      (id) => id.split('/')[0] ?? id,
    );
  return {
    receivers: types('receivers'),
    processors: types('processors'),
    exporters: types('exporters'),
    extensions: types('extensions'),
  };
}

export interface RunningCollector {
  otlpPort: number;
  healthPort: number;
  telemetryPort: number;
  output(): string;
  /** SIGTERM, then waits for the exit (the collector drains its queues first). */
  stop(): Promise<number | null>;
}

/** Starts the collector on `configPath` with loopback ports of its own; resolves once it is healthy. */
export async function startCollector(
  configPath: string,
  env: Record<string, string>,
): Promise<RunningCollector> {
  const [otlpPort, healthPort, telemetryPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  let output = '';
  const child: ChildProcess = spawn(collectorBinary(), [`--config=file:${configPath}`], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      JUDIX_OTLP_PORT: String(otlpPort),
      JUDIX_HEALTH_HOST: '127.0.0.1',
      JUDIX_HEALTH_PORT: String(healthPort),
      JUDIX_TELEMETRY_HOST: '127.0.0.1',
      JUDIX_TELEMETRY_PORT: String(telemetryPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await waitForPort(healthPort, 60_000, child);
    await waitForPort(otlpPort, 60_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`collector did not start: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  return {
    otlpPort,
    healthPort,
    telemetryPort,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The sidecar config with traces sent to `store` and logs to its Loki-style `/otlp` path. */
export function startSidecar(store: string, overrides: Record<string, string> = {}) {
  return startCollector(
    sidecarConfigPath,
    sidecarEnv({
      JUDIX_TRACES_ENDPOINT: store,
      JUDIX_LOGS_ENDPOINT: `${store}/otlp`,
      ...overrides,
    }),
  );
}

/** JSON lines a file exporter wrote (one OTLP export request each); none yet is an empty list. */
export function readExports(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
