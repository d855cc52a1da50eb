// Objects the node tier adds next to the release: the FerretDB that stands in for an external
// MongoDB, the collector that stands in for the trace store and Loki, and a one-shot pod that
// tries addresses and prints what each attempt gave.
const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

type Manifest = Record<string, unknown>;

/**
 * A one-replica Deployment running `container` (restricted, its image imported, never pulled) and
 * the Service exposing its one port under the same name.
 */
function singleService(
  name: string,
  port: { name: string; port: number },
  container: Manifest,
  volumes: Manifest[],
): Manifest[] {
  const labels = { 'app.kubernetes.io/name': name };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { selector: labels, ports: [{ ...port, targetPort: port.port }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                imagePullPolicy: 'Never',
                ports: [{ name: port.name, containerPort: port.port }],
                securityContext: restricted,
                ...container,
              },
            ],
            volumes,
          },
        },
      },
    },
  ];
}

/** FerretDB on SQLite in an emptyDir, its Service, and the Secret the chart reads the URI from. */
export function ferretdbManifest(namespace: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'judix-ferretdb' },
        stringData: {
          'mongodb-uri': `mongodb://judix-ferretdb.${namespace}.svc.cluster.local:27017/judix`,
        },
      },
      ...singleService(
        'judix-ferretdb',
        { name: 'mongodb', port: 27017 },
        {
          name: 'ferretdb',
          image: 'judix.local/ferretdb:v1',
          readinessProbe: { tcpSocket: { port: 27017 }, periodSeconds: 2 },
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
        [{ name: 'data', emptyDir: {} }],
      ),
    ],
  });
}

// The stand-in backend: takes OTLP/HTTP traces at /v1/traces (as Tempo does) and log records at
// /otlp/v1/logs (as Loki does), and writes every batch it receives as one JSON line to stdout.
const sinkConfig = {
  extensions: { health_check: { endpoint: '0.0.0.0:13133' } },
  receivers: {
    otlp: {
      protocols: { http: { endpoint: '0.0.0.0:4318', logs_url_path: '/otlp/v1/logs' } },
    },
  },
  exporters: { file: { path: '/dev/stdout' } },
  service: {
    extensions: ['health_check'],
    pipelines: {
      traces: { receivers: ['otlp'], exporters: ['file'] },
      logs: { receivers: ['otlp'], exporters: ['file'] },
    },
    telemetry: { metrics: { level: 'none' } },
  },
};

/** The collector image (the api pod's sidecar image) run as `judix-telemetry-sink`, with its Service. */
export function telemetrySinkManifest(image: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'judix-telemetry-sink' },
        data: { 'collector.yaml': JSON.stringify(sinkConfig) },
      },
      ...singleService(
        'judix-telemetry-sink',
        { name: 'otlp-http', port: 4318 },
        {
          name: 'collector',
          image,
          args: ['--config=file:/etc/otelcol/collector.yaml'],
          readinessProbe: { httpGet: { path: '/', port: 13133 }, periodSeconds: 2 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/otelcol', readOnly: true }],
        },
        [{ name: 'config', configMap: { name: 'judix-telemetry-sink' } }],
      ),
    ],
  });
}

// Prints a JSON object mapping each host:port to "connected" or the error of the attempt.
const probeScript = `
const net = require('node:net');
const attempt = (target) => new Promise((resolve) => {
  const [host, port] = target.split(':');
  const socket = net.connect({ host, port: Number(port), timeout: 5000 });
  socket.on('connect', () => { socket.destroy(); resolve('connected'); });
  socket.on('timeout', () => { socket.destroy(); resolve('timeout'); });
  socket.on('error', (error) => resolve(error.code || error.message));
});
const targets = process.argv.slice(1);
Promise.all(targets.map(attempt)).then((results) =>
  console.log(JSON.stringify(Object.fromEntries(targets.map((t, i) => [t, results[i]])))));
`;

export function probePodManifest(image: string, targets: string[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'egress-probe' },
    spec: {
      restartPolicy: 'Never',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'probe',
          image,
          imagePullPolicy: 'Never',
          command: ['node', '-e', probeScript, ...targets],
          securityContext: restricted,
        },
      ],
    },
  });
}
