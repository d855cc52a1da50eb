// Objects the node tier adds next to the release: the FerretDB that stands in for an external
// MongoDB, and a one-shot pod that tries addresses and prints what each attempt gave.
const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** FerretDB on SQLite in an emptyDir, its Service, and the Secret the chart reads the URI from. */
export function ferretdbManifest(namespace: string): string {
  const labels = { 'app.kubernetes.io/name': 'judix-ferretdb' };
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
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'judix-ferretdb', labels },
        spec: { selector: labels, ports: [{ name: 'mongodb', port: 27017, targetPort: 27017 }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'judix-ferretdb', labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'ferretdb',
                  image: 'judix.local/ferretdb:v1',
                  imagePullPolicy: 'Never',
                  ports: [{ name: 'mongodb', containerPort: 27017 }],
                  readinessProbe: { tcpSocket: { port: 27017 }, periodSeconds: 2 },
                  securityContext: restricted,
                  volumeMounts: [{ name: 'data', mountPath: '/data' }],
                },
              ],
              volumes: [{ name: 'data', emptyDir: {} }],
            },
          },
        },
      },
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
