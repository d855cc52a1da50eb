// How values change the rendering, and how bad values are refused with a clear message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import {
  allContainers,
  chartDir,
  find,
  ofKind,
  podSpecOf,
  profiles,
  render,
  renderError,
  valuesFile,
  workloads,
  type K8sObject,
} from './support/chart';

const profile = (name: string) => profiles[name]!;
const annotationsOf = (objects: K8sObject[], kind: string, name: string) =>
  find(objects, kind, name).spec.template.metadata.annotations;
const apiContainer = (objects: K8sObject[]) =>
  podSpecOf(find(objects, 'Deployment', 'judix-api')).containers.find(
    (c: K8sObject) => c.name === 'api',
  );
const envValue = (container: K8sObject, name: string) =>
  container.env.find((e: K8sObject) => e.name === name);
const decoded = (secret: K8sObject, key: string) =>
  Buffer.from(secret.data[key], 'base64').toString('utf8');

describe('checksums roll the pods when their configuration changes', () => {
  const base = render();

  it('when an api setting changes, then only the api config checksum changes', () => {
    const changed = render({ set: { 'api.config.logLevel': 'debug' } });
    expect(annotationsOf(changed, 'Deployment', 'judix-api')['checksum/config']).not.toBe(
      annotationsOf(base, 'Deployment', 'judix-api')['checksum/config'],
    );
    // Without a cluster the secrets are random on each render, so only the config checksum compares.
    expect(annotationsOf(changed, 'StatefulSet', 'judix-mongodb')['checksum/config']).toBe(
      annotationsOf(base, 'StatefulSet', 'judix-mongodb')['checksum/config'],
    );
  });

  it('when a password is set, then the checksums of its users change and stay stable otherwise', () => {
    const once = render({ set: { 'redis.auth.password': 'first-password-123' } });
    const again = render({ set: { 'redis.auth.password': 'first-password-123' } });
    const other = render({ set: { 'redis.auth.password': 'second-password-456' } });
    const redis = (o: K8sObject[]) =>
      annotationsOf(o, 'Deployment', 'judix-redis')['checksum/secrets'];
    expect(redis(once)).toBe(redis(again));
    expect(redis(other)).not.toBe(redis(once));
  });
});

describe('secrets', () => {
  it('when nothing is given, then values are generated once per install (lookup first, then random)', () => {
    const secrets = ofKind(render(), 'Secret');
    const mongo = secrets.find((s) => s.metadata.name === 'judix-mongodb')!;
    expect(decoded(mongo, 'mongodb-password')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(decoded(mongo, 'mongodb-keyfile')).toMatch(/^[A-Za-z0-9]{756}$/);
    expect(
      decoded(
        secrets.find((s) => s.metadata.name === 'judix-app')!,
        'jwt-secret',
      ),
    ).toHaveLength(64);
    const helpers = readFileSync(join(chartDir, 'templates', '_secrets.tpl'), 'utf8');
    expect(helpers).toMatch(/lookup "v1" "Secret" \.ctx\.Release\.Namespace \.secret/);
  });

  it('when explicit values are given, then they are used as they are', () => {
    const objects = render({
      set: {
        'mongodb.auth.password': 'app-password-1',
        'auth.jwtSecrets[0]': 'k'.repeat(40),
        'auth.jwtSecrets[1]': 'o'.repeat(40),
      },
    });
    expect(decoded(find(objects, 'Secret', 'judix-mongodb'), 'mongodb-password')).toBe(
      'app-password-1',
    );
    expect(decoded(find(objects, 'Secret', 'judix-app'), 'jwt-secret')).toBe(
      `${'k'.repeat(40)},${'o'.repeat(40)}`,
    );
  });

  it('when existing Secrets are named, then none is rendered and the pods read those', () => {
    const objects = render({ valuesFiles: profile('ci/existing-secrets-values.yaml') });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const refs = workloads(objects).flatMap((w) =>
      allContainers(w).flatMap((c) =>
        (c.env ?? []).map((e: K8sObject) => e.valueFrom?.secretKeyRef?.name),
      ),
    );
    expect(new Set(refs.filter(Boolean))).toEqual(
      new Set([
        'judix-auth',
        'judix-mongodb',
        'judix-redis',
        'judix-grafana-admin',
        'judix-mongodb-monitoring',
      ]),
    );
  });
});

describe('images', () => {
  it('when a global registry and digests are set, then every chart image uses both', () => {
    const objects = render({ valuesFiles: profile('ci/digests-values.yaml') });
    const images = workloads(objects).flatMap((w) => allContainers(w).map((c) => c.image));
    for (const image of images) {
      expect(image).toMatch(
        /^registry\.example\.internal\/mirror\/[a-z0-9/_-]+:[\w.-]+@sha256:[a-f0-9]{64}$/,
      );
    }
    expect(new Set(images.map((i) => i.split(':')[0]))).toEqual(
      new Set(
        [
          'judix/judix-api',
          'judix/judix-web',
          'mongo',
          'redis',
          'otel/opentelemetry-collector-contrib',
          'prom/prometheus',
          'grafana/tempo',
          'grafana/loki',
          'grafana/grafana',
          'percona/mongodb_exporter',
          'oliver006/redis_exporter',
        ].map((r) => `registry.example.internal/mirror/${r}`),
      ),
    );
    expect(podSpecOf(find(objects, 'Deployment', 'judix-api')).imagePullSecrets).toEqual([
      { name: 'mirror-credentials' },
    ]);
  });

  it('when third-party images are pinned, then they are the official ones at patched versions', () => {
    const images = workloads(render()).flatMap((w) =>
      allContainers(w).map((c) => c.image as string),
    );
    const version = (image: string) => image.split(':')[1]!.split('.').map(Number);
    const atLeast = (actual: number[], minimum: number[]) =>
      actual[0] === minimum[0] &&
      (actual[1]! > minimum[1]! || (actual[1] === minimum[1] && actual[2]! >= minimum[2]!));
    const mongo = images.filter((i) => i.startsWith('docker.io/mongo:'));
    const redis = images.filter((i) => i.startsWith('docker.io/redis:'));
    expect(mongo.length).toBeGreaterThan(0);
    expect(redis.length).toBeGreaterThan(0);
    // CVE-2025-14847 is fixed from MongoDB 8.0.17, CVE-2025-49844 from Redis 7.4.6.
    for (const image of mongo)
      expect([image, atLeast(version(image), [8, 0, 17])]).toEqual([image, true]);
    for (const image of redis)
      expect([image, atLeast(version(image), [7, 4, 6])]).toEqual([image, true]);
  });

  it('when no tag is given, then the chart appVersion is used', () => {
    const { appVersion } = load(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as {
      appVersion: string;
    };
    expect(appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(apiContainer(render()).image).toBe(`ghcr.io/judix/judix-api:${appVersion}`);
  });
});

describe('profiles', () => {
  it('when autoscaling is off, then the Deployments set replicas and no HPA exists', () => {
    const objects = render({ valuesFiles: profile('ci/hpa-off-values.yaml') });
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(objects, 'Deployment', 'judix-api').spec.replicas).toBe(3);
    expect(
      ofKind(objects, 'PodDisruptionBudget')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['judix-api', 'judix-mongodb', 'judix-web']);
  });

  it('when fewer than two pods are guaranteed, then no PDB is rendered', () => {
    expect(
      ofKind(
        render({ valuesFiles: profile('ci/single-replica-values.yaml') }),
        'PodDisruptionBudget',
      ),
    ).toEqual([]);
    expect(ofKind(render({ valuesFiles: profile('dev') }), 'PodDisruptionBudget')).toEqual([]);
  });

  it('when MongoDB and Redis are external, then the api reads their URLs from the Secret', () => {
    const objects = render({ valuesFiles: profile('ci/external-mongodb-redis-values.yaml') });
    // Neither store nor its exporter runs in the release.
    expect(objects.filter((o) => /^judix-(mongodb|redis)\b/.test(o.metadata.name))).toEqual([]);
    const api = apiContainer(objects);
    expect(envValue(api, 'MONGO_URL').valueFrom.secretKeyRef).toEqual({
      name: 'judix-external-db',
      key: 'mongodb-uri',
    });
    expect(envValue(api, 'REDIS_URL').valueFrom.secretKeyRef).toEqual({
      name: 'judix-external-db',
      key: 'redis-url',
    });
    const policy = find(objects, 'NetworkPolicy', 'judix-api');
    const ports = policy.spec.egress.flatMap((r: K8sObject) =>
      r.ports.map((p: K8sObject) => p.port),
    );
    expect(ports).toEqual(expect.arrayContaining([27017, 6380]));
  });

  it('when TLS comes from cert-manager, then the Ingress asks for it and serves every host', () => {
    const ingress = ofKind(
      render({ valuesFiles: profile('ci/tls-cert-manager-values.yaml') }),
      'Ingress',
    )[0]!;
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ingress.spec.tls).toEqual([
      { secretName: 'judix-tls', hosts: ['judix.example.com', 'www.judix.example.com'] },
    ]);
    expect(ingress.spec.ingressClassName).toBe('nginx');
  });

  it('when the class is nginx, then bodies up to an import file pass, unless an annotation says otherwise', () => {
    const on = { 'ingress.enabled': 'true', 'ingress.hosts[0]': 'tasks.example.com' };
    const annotations = (set: Record<string, string>) =>
      ofKind(render({ set: { ...on, ...set } }), 'Ingress')[0]!.metadata.annotations;
    const bodySize = 'nginx.ingress.kubernetes.io/proxy-body-size';
    expect(annotations({})).toEqual({ [bodySize]: '6m' });
    expect(
      annotations({ [`ingress.annotations.${bodySize.replaceAll('.', '\\.')}`]: '20m' }),
    ).toEqual({
      [bodySize]: '20m',
    });
    expect(annotations({ 'ingress.className': 'traefik' })).toBeUndefined();
  });

  it('when the Ingress is on, then CORS origins follow its hosts and scheme', () => {
    const objects = render({ valuesFiles: profile('ci/tls-existing-secret-values.yaml') });
    expect(find(objects, 'ConfigMap', 'judix-api').data.CORS_ORIGINS).toBe(
      'https://tasks.example.org',
    );
  });

  it('when the dev profile is used, then one of each runs over plain HTTP', () => {
    const objects = render({ valuesFiles: profile('dev') });
    expect(find(objects, 'StatefulSet', 'judix-mongodb').spec.replicas).toBe(1);
    expect(find(objects, 'Deployment', 'judix-api').spec.replicas).toBe(1);
    expect(find(objects, 'Deployment', 'judix-web').spec.replicas).toBe(1);
    expect(find(objects, 'ConfigMap', 'judix-api').data.COOKIE_SECURE).toBe('false');
    expect(ofKind(objects, 'Ingress')[0]!.spec.tls).toBeUndefined();
  });

  it('when a telemetry sidecar is added, then it runs in the api pod and the api exports to it', () => {
    const sidecar = {
      name: 'otel-collector',
      image: 'docker.io/otel/opentelemetry-collector-contrib:0.114.0',
      resources: { requests: { cpu: '20m', memory: '64Mi' } },
    };
    const objects = render({
      valuesFiles: [
        valuesFile({
          observability: { otlpEndpoint: 'http://localhost:4318', collector: { enabled: false } },
          api: { sidecars: [sidecar] },
        }),
      ],
    });
    const names = podSpecOf(find(objects, 'Deployment', 'judix-api')).containers.map(
      (c: K8sObject) => c.name,
    );
    expect(names).toEqual(['api', 'otel-collector']);
    expect(find(objects, 'ConfigMap', 'judix-api').data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://localhost:4318',
    );
    expect(
      find(
        render({ set: { 'observability.collector.enabled': 'false' } }),
        'ConfigMap',
        'judix-api',
      ).data.OTEL_EXPORTER_OTLP_ENDPOINT,
    ).toBeUndefined();
  });

  it('when Redis fills up, then it evicts only keys with a lifetime, never token revocations', () => {
    const conf = find(render(), 'ConfigMap', 'judix-redis').data['redis.conf'];
    expect(conf).toMatch(/^maxmemory 192mb$/m);
    expect(conf).toMatch(/^maxmemory-policy volatile-lru$/m);
    const custom = find(render({ set: { 'redis.maxMemory': '1gb' } }), 'ConfigMap', 'judix-redis');
    expect(custom.data['redis.conf']).toMatch(/^maxmemory 1gb$/m);
  });

  it('when Redis persistence is on, then an append-only file lives on a kept claim', () => {
    const objects = render({ valuesFiles: profile('ci/large-persistent-values.yaml') });
    const claim = find(objects, 'PersistentVolumeClaim', 'judix-redis');
    expect(claim.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    expect(find(objects, 'ConfigMap', 'judix-redis').data['redis.conf']).toMatch(
      /^appendonly yes$/m,
    );
    const mongo = find(objects, 'StatefulSet', 'judix-mongodb');
    expect(mongo.spec.replicas).toBe(5);
    expect(
      podSpecOf(mongo).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
    ).toHaveLength(1);
  });
});

// Schema messages are matched loosely: Helm 3 and Helm 4 word and locate them differently.
describe('bad values are refused with a clear message', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'an unknown key',
      { 'api.replicas': '2' },
      /additional propert(y|ies) '?replicas'? (is )?not allowed/i,
    ],
    [
      'an unknown top-level key',
      { mongo: 'x' },
      /additional propert(y|ies) '?mongo'? (is )?not allowed/i,
    ],
    [
      'a wrong type',
      { 'api.replicaCount': 'two' },
      /api.replicaCount.*(want integer|Expected: integer)/,
    ],
    ['a bad enum value', { 'mongodb.podAntiAffinity': 'sometimes' }, /podAntiAffinity/],
    ['a malformed digest', { 'api.image.digest': 'sha256:abc' }, /api.image.digest/],
    ['a short JWT key', { 'auth.jwtSecrets[0]': 'short' }, /jwtSecrets.0/],
    ['a password that breaks URLs', { 'redis.auth.password': 'a@b' }, /redis.auth.password/],
    [
      'an even MongoDB member count',
      { 'mongodb.replicas': '4' },
      /mongodb\.replicas must be odd \(got 4\)/,
    ],
    ['the latest tag', { 'redis.image.tag': 'latest' }, /the tag "latest" is not allowed/],
    [
      'HPA without a CPU request',
      { 'api.resources.requests.cpu': '' },
      /api\.autoscaling\.enabled needs api\.resources\.requests\.cpu/,
    ],
    [
      'HPA with min above max',
      { 'web.autoscaling.minReplicas': '9' },
      /web\.autoscaling\.minReplicas \(9\) is above maxReplicas \(6\)/,
    ],
    [
      'an Ingress without host',
      { 'ingress.enabled': 'true' },
      /ingress\.enabled needs at least one host/,
    ],
    [
      'TLS without a Secret name',
      {
        'ingress.enabled': 'true',
        'ingress.hosts[0]': 'a.example.com',
        'ingress.tls.enabled': 'true',
      },
      /ingress\.tls\.enabled needs ingress\.tls\.secretName/,
    ],
    [
      'a grace period shorter than the drain',
      { 'api.shutdown.terminationGracePeriodSeconds': '20' },
      /must exceed preStopSleepSeconds \+ drainSeconds \+ timeoutSeconds \(30\)/,
    ],
    [
      'external MongoDB without a Secret',
      { 'mongodb.enabled': 'false' },
      /mongodb\.enabled=false needs mongodb\.external\.existingSecret/,
    ],
    [
      'external Redis without a Secret',
      { 'redis.enabled': 'false' },
      /redis\.enabled=false needs redis\.external\.existingSecret/,
    ],
    [
      'a sidecar without requests under HPA',
      {
        'api.sidecars[0].name': 'collector',
        'api.sidecars[0].image': 'example/collector:1.0.0',
      },
      /api\.sidecars\[collector\] needs resources\.requests/,
    ],
    [
      'a web sidecar without requests under HPA',
      { 'web.sidecars[0].name': 'proxy', 'web.sidecars[0].image': 'example/proxy:1.0.0' },
      /web\.sidecars\[proxy\] needs resources\.requests/,
    ],
    [
      'a Gateway route without a Gateway',
      { 'gateway.enabled': 'true' },
      /gateway\.enabled needs at least one Gateway in gateway\.parentRefs/,
    ],
  ])('when given %s, then rendering fails and says why', (_what, set, message) => {
    expect(renderError({ set })).toMatch(message);
  });
});
