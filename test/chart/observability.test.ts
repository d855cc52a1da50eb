// The api pod's collector sidecar as the chart renders it: config from observability/, endpoints
// and pod attributes in its environment, limits, probes and egress. The rendered config is
// validated by the real collector built from observability/collector/builder-config.yaml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../observability/support/collector';
import {
  chartDir,
  find,
  namespace,
  ofKind,
  podSpecOf,
  render,
  renderError,
  repoRoot,
  type K8sObject,
} from './support/chart';

const collectorFile = readFileSync(
  join(repoRoot, 'observability', 'collector', 'collector.yaml'),
  'utf8',
);
const external = [join(chartDir, 'ci', 'observability-external-values.yaml')];
const stores = {
  'observability.collector.enabled': 'true',
  'observability.tempo.enabled': 'false',
  'observability.loki.enabled': 'false',
  'observability.tempo.external.otlpUrl': 'http://tempo.tracing.svc:4318',
  'observability.loki.external.url': 'https://logs.example.org/',
};

const sidecarOf = (objects: K8sObject[]) =>
  podSpecOf(find(objects, 'Deployment', 'judix-api')).initContainers?.find(
    (c: K8sObject) => c.name === 'otel-collector',
  );
const envOf = (container: K8sObject) =>
  Object.fromEntries(
    container.env.map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]),
  ) as Record<string, any>;
const apiConfig = (objects: K8sObject[]) => find(objects, 'ConfigMap', 'judix-api').data;

describe('collector sidecar (external stores profile)', () => {
  const objects = render({ valuesFiles: external });
  const sidecar = sidecarOf(objects);
  const env = envOf(sidecar);

  it('when rendered, then the ConfigMap holds observability/collector/collector.yaml byte for byte', () => {
    const config = find(objects, 'ConfigMap', 'judix-collector');
    expect(config.data['collector.yaml']).toBe(collectorFile);
    const volume = podSpecOf(find(objects, 'Deployment', 'judix-api')).volumes.find(
      (v: K8sObject) => v.name === 'otel-collector-config',
    );
    expect(volume.configMap.name).toBe('judix-collector');
    expect(sidecar.args).toEqual(['--config=file:/etc/otelcol/collector.yaml']);
    expect(sidecar.volumeMounts).toEqual([
      { name: 'otel-collector-config', mountPath: '/etc/otelcol', readOnly: true },
    ]);
  });

  it('when the pod starts, then the collector is a native sidecar from the pinned contrib image', () => {
    expect(sidecar.restartPolicy).toBe('Always');
    expect(sidecar.image).toBe('docker.io/otel/opentelemetry-collector-contrib:0.161.0');
    const builder = readFileSync(
      join(repoRoot, 'observability', 'collector', 'builder-config.yaml'),
      'utf8',
    );
    expect(builder).toMatch(/^ {2}version: 0\.161\.0$/m);
  });

  it('when sized, then it has requests for the HPA and GOMEMLIMIT at 80 % of its memory limit', () => {
    expect(sidecar.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '256Mi' },
    });
    expect(env.GOMEMLIMIT).toBe(`${Math.floor(256 * 1024 * 1024 * 0.8)}B`);
    const big = sidecarOf(
      render({
        valuesFiles: external,
        set: { 'observability.collector.resources.limits.memory': '1Gi' },
      }),
    );
    expect(envOf(big).GOMEMLIMIT).toBe(`${Math.floor(1024 ** 3 * 0.8)}B`);
  });

  it('when probed, then every probe asks the health_check extension', () => {
    const port = sidecar.ports.find((p: K8sObject) => p.name === 'otel-health');
    expect(port.containerPort).toBe(13133);
    expect(collectorFile).toContain('${env:JUDIX_HEALTH_PORT:-13133}');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(sidecar[probe].httpGet).toEqual({ path: '/', port: 'otel-health' });
    }
  });

  it('when it sends, then endpoints, auth headers and pod attributes come from its environment', () => {
    expect(env).toMatchObject({
      JUDIX_TRACES_ENDPOINT: 'https://tempo.observability.example.org',
      JUDIX_LOGS_ENDPOINT: 'http://loki-gateway.observability.svc:3100/otlp',
      JUDIX_TRACES_AUTHORIZATION: {
        secretKeyRef: { name: 'telemetry-auth', key: 'tempo-authorization' },
      },
      JUDIX_LOGS_AUTHORIZATION: {
        secretKeyRef: { name: 'telemetry-auth', key: 'loki-authorization' },
      },
      JUDIX_SERVICE_NAMESPACE: namespace,
      JUDIX_DEPLOYMENT_ENVIRONMENT: 'staging',
      K8S_POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      K8S_POD_UID: { fieldRef: { fieldPath: 'metadata.uid' } },
      K8S_NAMESPACE_NAME: { fieldRef: { fieldPath: 'metadata.namespace' } },
      K8S_NODE_NAME: { fieldRef: { fieldPath: 'spec.nodeName' } },
    });
    // Every variable the config reads without a default is set on the container.
    const settings = collectorFile.replace(/^\s*#.*$/gm, '');
    const required = [...settings.matchAll(/\$\{env:([A-Z0-9_]+)\}/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(5);
    for (const name of required) expect(Object.keys(env)).toContain(name);
  });

  it('when the api starts, then it exports traces and logs to the sidecar over loopback', () => {
    expect(apiConfig(objects)).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'judix-api',
    });
    const noLogs = render({
      valuesFiles: external,
      set: { 'observability.collector.exportLogs': 'false' },
    });
    expect(apiConfig(noLogs).OTEL_LOGS_EXPORTER).toBe('none');
  });

  it('when the config changes, then the api pods roll', () => {
    const annotations = find(objects, 'Deployment', 'judix-api').spec.template.metadata.annotations;
    expect(annotations['checksum/collector-config']).toMatch(/^[a-f0-9]{64}$/);
  });

  it('when it sends, then its egress is allowed to exactly the stores’ ports', () => {
    const policy = find(objects, 'NetworkPolicy', 'judix-collector');
    expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('api');
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toEqual([
      { ports: [{ port: 3100, protocol: 'TCP' }] },
      { ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  it(
    'when the real collector validates the rendered config with the rendered environment, then it is accepted',
    () => {
      const podEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(env)) {
        if (typeof value === 'string') podEnv[name] = value;
        else if (value.fieldRef) podEnv[name] = `from-${value.fieldRef.fieldPath}`;
        else podEnv[name] = 'Bearer from-secret';
      }
      const config = find(objects, 'ConfigMap', 'judix-collector').data['collector.yaml'];
      const result = validateConfig(config, podEnv);
      expect(result).toEqual({ ok: true, output: expect.any(String) });
      // The same config with a pipeline naming an undefined exporter is refused: validation bites.
      const broken = config.replace(
        /(logs:\s*\n\s*receivers: \[otlp\][\s\S]*?exporters: \[)/,
        '$1undefined_exporter, ',
      );
      expect(broken).not.toBe(config);
      expect(validateConfig(broken, podEnv).ok).toBe(false);
    },
    15 * 60_000,
  );
});

describe('collector sidecar switches', () => {
  it('when installed with the defaults, then every api pod runs the sidecar feeding the bundled stores', () => {
    const objects = render();
    expect(sidecarOf(objects)).toBeDefined();
    expect(apiConfig(objects).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
    expect(apiConfig(objects).OTEL_LOGS_EXPORTER).toBe('otlp');
    expect(ofKind(objects, 'StatefulSet').map((o) => o.metadata.name)).toEqual(
      expect.arrayContaining(['judix-prometheus', 'judix-loki', 'judix-tempo', 'judix-grafana']),
    );
    expect(ofKind(objects, 'Deployment').map((o) => o.metadata.name)).toEqual(
      expect.arrayContaining(['judix-mongodb-exporter', 'judix-redis-exporter']),
    );
  });

  it('when the collector is off, then the api pod has no sidecar and no telemetry export', () => {
    const off = { 'observability.collector.enabled': 'false' };
    const objects = render({ set: off });
    expect(podSpecOf(find(objects, 'Deployment', 'judix-api')).initContainers).toBeUndefined();
    expect(ofKind(objects, 'ConfigMap').map((c) => c.metadata.name)).not.toContain(
      'judix-collector',
    );
    expect(apiConfig(objects).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const direct = render({
      set: { ...off, 'observability.otlpEndpoint': 'http://otel.example.org:4318' },
    });
    expect(apiConfig(direct).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel.example.org:4318');
    expect(apiConfig(direct).OTEL_LOGS_EXPORTER).toBeUndefined();
  });

  it('when the stores need no auth, then no Authorization variable is set and egress follows the URLs', () => {
    const objects = render({ set: stores });
    const env = envOf(sidecarOf(objects));
    expect(env.JUDIX_TRACES_AUTHORIZATION).toBeUndefined();
    expect(env.JUDIX_LOGS_ENDPOINT).toBe('https://logs.example.org/otlp');
    expect(find(objects, 'NetworkPolicy', 'judix-collector').spec.egress).toEqual([
      { ports: [{ port: 443, protocol: 'TCP' }] },
      { ports: [{ port: 4318, protocol: 'TCP' }] },
    ]);
    const open = render({ set: { ...stores, 'networkPolicy.enabled': 'false' } });
    expect(ofKind(open, 'NetworkPolicy')).toEqual([]);
  });

  it.each([
    [{ 'observability.tempo.external.otlpUrl': '' }, /needs a trace store/],
    [{ 'observability.loki.external.url': '' }, /needs a log store/],
    [{ 'observability.otlpEndpoint': 'http://elsewhere:4318' }, /leave it empty/],
    [{ 'observability.collector.resources.limits.memory': '' }, /limits.memory is required/],
    [{ 'observability.collector.resources.limits.memory': '0.5Gi' }, /whole quantity/],
    [{ 'observability.collector.image.tag': 'latest' }, /latest/],
    [{ 'observability.loki.external.url': 'loki:3100' }, /url/],
    [{ 'observability.tempo.external.otlpUrl': 'http://tempo:4318/?x=1' }, /otlpUrl/],
    [{ 'observability.deploymentEnvironment': 'prod staging' }, /deploymentEnvironment/],
    [{ 'observability.collector.sidecar': 'true' }, /sidecar/],
  ])('when %p, then the render fails naming the problem', (set, message) => {
    expect(renderError({ set: { ...stores, ...set } })).toMatch(message);
  });
});
