// A real Prometheus (Debian's package) on loopback, with the chart's rendered scrape configuration
// and the rules of observability/prometheus/rules; only Kubernetes discovery is swapped for static
// targets that carry the labels discovery would have given them.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { freePort, waitForPort } from '../../../scripts/services';
import { observabilityDir } from './queries';

interface ScrapeConfig {
  job_name: string;
  kubernetes_sd_configs?: unknown;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  [key: string]: unknown;
}
export interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}

/** What discovery would have found for a job: a target and its pod's meta labels. */
export interface StaticPod {
  target: string;
  namespace: string;
  pod: string;
  port: string;
}

export function withStaticTargets(
  config: PrometheusConfig,
  pods: Record<string, StaticPod>,
  rulesDir: string,
  self: string,
): PrometheusConfig {
  const scrapeConfigs = config.scrape_configs.flatMap((job): ScrapeConfig[] => {
    if (!job.kubernetes_sd_configs) return [{ ...job, static_configs: [{ targets: [self] }] }];
    const pod = pods[job.job_name];
    if (!pod) return [];
    const { kubernetes_sd_configs: _discovery, ...rest } = job;
    const labels = {
      __meta_kubernetes_namespace: pod.namespace,
      __meta_kubernetes_pod_name: pod.pod,
      __meta_kubernetes_pod_container_port_name: pod.port,
    };
    return [{ ...rest, static_configs: [{ targets: [pod.target], labels }] }];
  });
  return {
    ...config,
    // Seconds instead of the chart's interval, so a test sees several samples within a minute.
    global: { ...config.global, scrape_interval: '2s', evaluation_interval: '2s' },
    rule_files: [join(rulesDir, '*.yaml')],
    scrape_configs: scrapeConfigs,
  };
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<unknown[]>;
  metricNames(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(
  render: (rulesDir: string, self: string) => PrometheusConfig,
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'judix-prometheus-'));
  const rulesDir = join(dir, 'rules');
  cpSync(join(observabilityDir, 'prometheus', 'rules'), rulesDir, { recursive: true });
  const port = await freePort();
  const self = `127.0.0.1:${port}`;
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, yaml.dump(render(rulesDir, self)));
  let output = '';
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${self}`,
      '--enable-feature=exemplar-storage',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await waitForPort(port, 60_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`prometheus did not start: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  const url = `http://${self}`;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    query: async (expr) =>
      (await api<{ result: unknown[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    metricNames: () => api<string[]>('/api/v1/label/__name__/values'),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
