// What the benchmark takes from the chart's api Deployment, and what the api's metrics tell of a run.
import { apiRuntime } from '../../bench/metrics';
import { chartApiEnv, ingressHeaders, type Manifest } from '../../bench/production';

const manifests: Manifest[] = [
  { kind: 'ConfigMap', metadata: { name: 'other' }, data: { LOG_LEVEL: 'debug' } },
  {
    kind: 'ConfigMap',
    metadata: { name: 'judix-api' },
    data: {
      NODE_ENV: 'production',
      PORT: '8080',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      OTEL_SERVICE_NAME: 'judix-api',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    },
  },
  {
    kind: 'Deployment',
    metadata: { name: 'judix-api', labels: { 'app.kubernetes.io/component': 'api' } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'api',
              envFrom: [{ configMapRef: { name: 'judix-api' } }],
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: {} } },
                { name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'k8s.pod.name=$(POD_NAME)' },
                { name: 'JWT_SECRET', valueFrom: { secretKeyRef: {} } },
                { name: 'MONGO_USERNAME', value: 'judix' },
                { name: 'MONGO_URL', value: 'mongodb://$(MONGO_USERNAME)@db/judix' },
                { name: 'CACHE_TTL', value: '30s' },
              ],
            },
          ],
        },
      },
    },
  },
  { kind: 'Ingress', spec: { rules: [{ host: 'judix.example.com' }], tls: [{}] } },
];

describe("the chart's api environment", () => {
  const env = chartApiEnv(manifests);

  it('when the chart renders the api, then its settings apply and telemetry goes to its own api', () => {
    expect(env.common).toEqual({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      CACHE_TTL: '30s',
    });
    expect(env.telemetry).toEqual({ OTEL_SERVICE_NAME: 'judix-api' });
  });

  it('when a variable is an address, a secret or a pod field, then it is left out with the reason', () => {
    expect(env.left).toEqual([
      { name: 'PORT', why: 'address' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', why: 'address' },
      { name: 'POD_NAME', why: "the pod's own fields" },
      { name: 'OTEL_RESOURCE_ATTRIBUTES', why: "the pod's own fields" },
      { name: 'JWT_SECRET', why: 'secret' },
      { name: 'MONGO_USERNAME', why: 'secret' },
      { name: 'MONGO_URL', why: 'address' },
    ]);
  });

  it('when the Ingress serves HTTPS, then the headers carry its host and https', () => {
    const headers = ingressHeaders(env.ingress);
    expect(headers).toMatchObject({
      host: 'judix.example.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-real-ip': headers['x-forwarded-for'],
    });
    expect(headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(headers).not.toHaveProperty('cookie');
  });

  it('when the chart renders no api Deployment or no Ingress host, then it says so', () => {
    expect(() => chartApiEnv(manifests.filter((doc) => doc.kind !== 'Deployment'))).toThrow(
      /no api Deployment/,
    );
    expect(() => chartApiEnv(manifests.filter((doc) => doc.kind !== 'Ingress'))).toThrow(
      /no Ingress host/,
    );
  });
});

describe("the api's runtime during a run", () => {
  const gc = (minor: [number, number, number], major: [number, number, number]) =>
    [
      `nodejs_gc_duration_seconds_bucket{le="0.01",kind="minor"} ${minor[2]}`,
      `nodejs_gc_duration_seconds_sum{kind="minor"} ${minor[1]}`,
      `nodejs_gc_duration_seconds_count{kind="minor"} ${minor[0]}`,
      `nodejs_gc_duration_seconds_bucket{le="0.01",kind="major"} ${major[2]}`,
      `nodejs_gc_duration_seconds_sum{kind="major"} ${major[1]}`,
      `nodejs_gc_duration_seconds_count{kind="major"} ${major[0]}`,
    ].join('\n');

  it('when two scrapes frame a run, then GC pauses are their difference and the delay is beyond the tick', () => {
    const before = gc([10, 0.05, 10], [1, 0.02, 0]);
    const after = [
      gc([30, 0.25, 28], [1, 0.02, 0]),
      'nodejs_eventloop_lag_p50_seconds 0.0102',
      'nodejs_eventloop_lag_p99_seconds 0.0135',
      'nodejs_eventloop_lag_max_seconds 0.009',
    ].join('\n');
    const runtime = apiRuntime(before, after, 12);
    expect(runtime.seconds).toBe(12);
    expect(runtime.gc).toEqual([{ kind: 'minor', count: 20, totalMs: 200, over10Ms: 2 }]);
    expect(runtime.eventLoopDelay.p50Ms).toBeCloseTo(0.2);
    expect(runtime.eventLoopDelay.p99Ms).toBeCloseTo(3.5);
    expect(runtime.eventLoopDelay.maxMs).toBe(0);
  });
});
