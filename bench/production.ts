// Production settings for every api the benchmark starts, and the headers its requests carry: the
// api container's environment as the chart renders it (its ConfigMap and literal env values), and
// the headers a browser's request has when the Ingress controller hands it to the api.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { helmPath } from '../scripts/helm';

const repoRoot = join(__dirname, '..');
const chartDir = join(repoRoot, 'charts', 'judix');
/** The chart's public-HTTPS profile: an Ingress with hosts and TLS, as a production install has. */
export const CHART_PROFILE = 'charts/judix/ci/tls-cert-manager-values.yaml';

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: unknown; fieldRef?: unknown };
}

/** The fields of rendered manifests that the benchmark reads. */
export interface Manifest {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    template?: {
      spec?: {
        containers?: {
          name: string;
          env?: EnvEntry[];
          envFrom?: { configMapRef?: { name: string } }[];
        }[];
      };
    };
    rules?: { host?: string }[];
    tls?: unknown[];
  };
}

export interface ChartEnv {
  /** Applied to every api: the chart's values, telemetry settings excepted. */
  common: Record<string, string>;
  /** The chart's OTLP settings but the collector's address, for the telemetry-on api. */
  telemetry: Record<string, string>;
  /** Variables not applied, each with the reason. */
  left: { name: string; why: string }[];
  /** The first host of the Ingress and whether it serves HTTPS. */
  ingress: { host: string; https: boolean };
}

function why(name: string, entry: Omit<EnvEntry, 'name'>): string | undefined {
  if (entry.valueFrom?.secretKeyRef || /PASSWORD|SECRET|USERNAME/.test(name)) return 'secret';
  if (/(^|_)(PORT|URL|HOST|ENDPOINT)$/.test(name)) return 'address';
  if (entry.valueFrom?.fieldRef || entry.value?.includes('$(')) return "the pod's own fields";
  return undefined;
}

/** The api container's environment in rendered manifests, sorted into what the benchmark applies. */
export function chartApiEnv(manifests: Manifest[]): ChartEnv {
  const deployment = manifests.find(
    (doc) =>
      doc.kind === 'Deployment' && doc.metadata?.labels?.['app.kubernetes.io/component'] === 'api',
  );
  const container = deployment?.spec?.template?.spec?.containers?.find(
    (each) => each.name === 'api',
  );
  if (!container) throw new Error('the chart renders no api Deployment with an api container');
  const entries: [string, Omit<EnvEntry, 'name'>][] = [];
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const map = manifests.find((doc) => doc.kind === 'ConfigMap' && doc.metadata?.name === name);
    if (!map) throw new Error(`the api's ConfigMap ${name} is not rendered`);
    for (const [key, value] of Object.entries(map.data ?? {})) entries.push([key, { value }]);
  }
  for (const entry of container.env ?? []) entries.push([entry.name, entry]);

  const env: ChartEnv = {
    common: {},
    telemetry: {},
    left: [],
    ingress: { host: '', https: false },
  };
  for (const [name, entry] of entries) {
    const reason = why(name, entry);
    if (reason) env.left.push({ name, why: reason });
    else if (name.startsWith('OTEL_')) env.telemetry[name] = entry.value ?? '';
    else env.common[name] = entry.value ?? '';
  }
  const ingress = manifests.find((doc) => doc.kind === 'Ingress');
  const host = ingress?.spec?.rules?.[0]?.host;
  if (!host) throw new Error(`the chart renders no Ingress host with ${CHART_PROFILE}`);
  env.ingress = { host, https: (ingress?.spec?.tls ?? []).length > 0 };
  return env;
}

/** Renders the chart with helm (as test/chart does) and reads the api's environment from it. */
export function renderChartApiEnv(): ChartEnv {
  const result = spawnSync(
    helmPath(),
    ['template', 'judix', chartDir, '--namespace', 'judix', '--values', CHART_PROFILE],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  const manifests = loadAll(result.stdout).filter(
    (doc): doc is Manifest => typeof doc === 'object' && doc !== null,
  );
  return chartApiEnv(manifests);
}

/** A client address from the documentation range, as the Ingress sees the browser. */
const CLIENT_IP = '203.0.113.7';

/**
 * What reaches the api for a browser's fetch of the task list through ingress-nginx: the
 * controller's Host, X-Request-ID, X-Real-IP and X-Forwarded-* headers, and the browser's own
 * (the web app's Accept, no Cookie: the refresh cookie is scoped to /api/v1/auth). The request id
 * is the same on every request, 32 hex digits like the controller's.
 */
export function ingressHeaders(ingress: ChartEnv['ingress']): Record<string, string> {
  const scheme = ingress.https ? 'https' : 'http';
  return {
    host: ingress.host,
    'x-request-id': '5f3c9a1e7b2d4c6f8a0e1b3d5c7f9a2e',
    'x-real-ip': CLIENT_IP,
    'x-forwarded-for': CLIENT_IP,
    'x-forwarded-host': ingress.host,
    'x-forwarded-port': ingress.https ? '443' : '80',
    'x-forwarded-proto': scheme,
    'x-forwarded-scheme': scheme,
    'x-scheme': scheme,
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'en-US,en;q=0.9',
    'user-agent':
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    referer: `${scheme}://${ingress.host}/`,
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
  };
}
