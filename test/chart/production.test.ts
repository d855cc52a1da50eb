// Findings of a review against real clusters, each pinned by a test over rendered objects: Redis
// durability and api readiness, HPA targets, DNS and extra ingress in NetworkPolicies, security
// contexts, extension points, umbrella charts, long release names, the api's own port, pod
// labels across chart versions and the Gateway API route.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allContainers,
  chartDir,
  find,
  ofKind,
  podLabelsOf,
  podSpecOf,
  profiles,
  render,
  renderError,
  selects,
  valuesFile,
  workloads,
  type K8sObject,
} from './support/chart';
import { httpRouteErrors } from './support/gateway-api-schema';

const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
const container = (objects: K8sObject[], kind: string, name: string, c: string) =>
  podSpecOf(find(objects, kind, name)).containers.find((x: K8sObject) => x.name === c);
const policy = (objects: K8sObject[], name: string) => find(objects, 'NetworkPolicy', name).spec;
const components: [string, string, string][] = [
  ['api', 'Deployment', 'judix-api'],
  ['web', 'Deployment', 'judix-web'],
  ['mongodb', 'StatefulSet', 'judix-mongodb'],
  ['redis', 'Deployment', 'judix-redis'],
];

describe('Redis and the api under a dependency outage', () => {
  const objects = render();

  it('when installed with defaults, then Redis keeps an fsync-every-second AOF on a kept claim', () => {
    const conf = find(objects, 'ConfigMap', 'judix-redis').data['redis.conf'];
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^appendfsync everysec$/m);
    const volume = podSpecOf(find(objects, 'Deployment', 'judix-redis')).volumes.find(
      (v: K8sObject) => v.name === 'data',
    );
    expect(volume.persistentVolumeClaim.claimName).toBe('judix-redis');
    expect(find(objects, 'PersistentVolumeClaim', 'judix-redis').metadata.annotations).toEqual({
      'helm.sh/resource-policy': 'keep',
    });
  });

  it('when an existing claim is named, then Redis uses it and the chart creates none', () => {
    const own = render({ set: { 'redis.persistence.existingClaim': 'redis-data' } });
    expect(ofKind(own, 'PersistentVolumeClaim')).toEqual([]);
    const volumes = podSpecOf(find(own, 'Deployment', 'judix-redis')).volumes;
    expect(volumes.find((v: K8sObject) => v.name === 'data').persistentVolumeClaim.claimName).toBe(
      'redis-data',
    );
  });

  it('when the api is probed, then readiness tolerates a blip of 30 s before a pod leaves the Service', () => {
    const probe = container(objects, 'Deployment', 'judix-api', 'api').readinessProbe;
    expect(probe.httpGet.path).toBe('/readyz');
    expect(probe.periodSeconds * probe.failureThreshold).toBeGreaterThanOrEqual(30);
    const tuned = render({ set: { 'api.readinessProbe.failureThreshold': '12' } });
    expect(container(tuned, 'Deployment', 'judix-api', 'api').readinessProbe.failureThreshold).toBe(
      12,
    );
  });

  it('when the README is read, then it documents the outage behaviour', () => {
    expect(readme).toMatch(/## Outages of MongoDB or Redis/);
  });
});

describe('autoscaling targets', () => {
  it('when installed with defaults, then the api HPA scales on CPU only', () => {
    const hpa = find(render(), 'HorizontalPodAutoscaler', 'judix-api');
    expect(hpa.spec.metrics.map((m: K8sObject) => m.resource.name)).toEqual(['cpu']);
  });

  it('when memory is asked for, then it is added, and the README warns about it', () => {
    const hpa = find(
      render({ set: { 'api.autoscaling.targetMemoryUtilizationPercentage': '80' } }),
      'HorizontalPodAutoscaler',
      'judix-api',
    );
    expect(hpa.spec.metrics.map((m: K8sObject) => m.resource.name)).toEqual(['cpu', 'memory']);
    expect(readme).toMatch(/V8 rarely returns heap/);
  });
});

describe('NetworkPolicies on other DNS setups and load balancers', () => {
  // The collector's policy only adds the trace and log stores to the api pods' own, which has DNS.
  const dnsRules = (objects: K8sObject[]) =>
    ofKind(objects, 'NetworkPolicy')
      .filter((p) => p.spec.egress && p.metadata.name !== 'judix-collector')
      .map((p) => p.spec.egress[0]);

  it('when NodeLocal DNSCache is used, then its link-local address is a DNS peer of every pod', () => {
    const objects = render({ set: { 'networkPolicy.dns.ipBlocks[0]': '169.254.20.10/32' } });
    for (const rule of dnsRules(objects)) {
      expect(rule.to).toContainEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
      expect(rule.ports).toContainEqual({ port: 53, protocol: 'UDP' });
    }
  });

  it('when only addresses are given, then no selector peer is left that could match nothing', () => {
    const objects = render({
      valuesFiles: [
        valuesFile({
          networkPolicy: { dns: { namespaceSelector: null, ipBlocks: ['10.96.0.10/32'] } },
        }),
      ],
    });
    for (const rule of dnsRules(objects))
      expect(rule.to).toEqual([{ ipBlock: { cidr: '10.96.0.10/32' } }]);
  });

  it('when the OpenShift profile is used, then DNS goes to the openshift-dns pods on 5353', () => {
    const objects = render({ valuesFiles: profiles['ci/openshift-values.yaml'] });
    for (const rule of dnsRules(objects)) {
      expect(rule.ports).toEqual([
        { port: 5353, protocol: 'UDP' },
        { port: 5353, protocol: 'TCP' },
      ]);
      expect(rule.to[0].podSelector.matchLabels).toEqual({
        'dns.operator.openshift.io/daemonset-dns': 'default',
      });
    }
  });

  it('when a load balancer sends to pod IPs, then extra ingress rules reach web and api', () => {
    const rule = {
      from: [{ ipBlock: { cidr: '10.0.0.0/16' } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    };
    const objects = render({
      valuesFiles: [
        valuesFile({ networkPolicy: { webExtraIngress: [rule], apiExtraIngress: [rule] } }),
      ],
    });
    expect(policy(objects, 'judix-web').ingress).toContainEqual(rule);
    expect(policy(objects, 'judix-api').ingress).toContainEqual(rule);
  });
});

describe('security contexts', () => {
  it('when nothing is set, then each component runs under its fixed non-root uid', () => {
    const objects = render();
    const uids = Object.fromEntries(
      components.map(([c, kind, name]) => [
        c,
        podSpecOf(find(objects, kind, name)).securityContext.runAsUser,
      ]),
    );
    expect(uids).toEqual({ api: 10001, web: 101, mongodb: 999, redis: 999 });
  });

  it('when the OpenShift profile is used, then no pod or container fixes a uid, gid or fsGroup', () => {
    const objects = render({ valuesFiles: profiles['ci/openshift-values.yaml'] });
    for (const w of workloads(objects)) {
      const contexts = [
        podSpecOf(w).securityContext,
        ...allContainers(w).map((c) => c.securityContext),
      ];
      for (const sc of contexts) {
        expect([
          w.metadata.name,
          Object.keys(sc).filter((k) => /^(runAsUser|runAsGroup|fsGroup)$/.test(k)),
        ]).toEqual([w.metadata.name, []]);
        expect(sc.runAsNonRoot).toBe(true);
      }
    }
  });

  it('when a container context is overridden, then every container of that component gets it', () => {
    const objects = render({ set: { 'mongodb.containerSecurityContext.runAsUser': '2000' } });
    const mongo = find(objects, 'StatefulSet', 'judix-mongodb');
    expect(allContainers(mongo).map((c) => c.securityContext.runAsUser)).toEqual([
      2000, 2000, 2000,
    ]);
    expect(allContainers(mongo)[0]!.securityContext.readOnlyRootFilesystem).toBe(true);
  });
});

describe('extension points', () => {
  const extras = (component: string) => ({
    extraEnv: [{ name: 'NODE_EXTRA_CA_CERTS', value: '/etc/ca/ca.crt' }],
    extraEnvFrom: [{ secretRef: { name: 'extra-env' } }],
    extraVolumes: [{ name: 'ca', configMap: { name: 'ca-bundle' } }],
    extraVolumeMounts: [{ name: 'ca', mountPath: '/etc/ca', readOnly: true }],
    extraInitContainers: [{ name: `${component}-wait`, image: 'example/wait:1.0.0' }],
    sidecars: [
      {
        name: `${component}-proxy`,
        image: 'example/proxy:1.0.0',
        resources: { requests: { cpu: '10m', memory: '16Mi' } },
      },
    ],
    podAnnotations: { 'example.com/note': 'yes' },
    podLabels: { team: 'tasks' },
    priorityClassName: 'high',
    nodeSelector: { pool: 'apps' },
    tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
    topologySpreadConstraints: [
      { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
    ],
  });
  const objects = render({
    valuesFiles: [valuesFile(Object.fromEntries(components.map(([c]) => [c, extras(c)])))],
  });

  it.each(components)(
    'when %s gets every extension point, then its pod carries each one',
    (c, kind, name) => {
      const workload = find(objects, kind, name);
      const spec = podSpecOf(workload);
      const main = spec.containers[0];
      const e = extras(c);
      expect(main.env).toEqual(expect.arrayContaining(e.extraEnv));
      expect(main.envFrom).toEqual(expect.arrayContaining(e.extraEnvFrom));
      expect(main.volumeMounts).toEqual(expect.arrayContaining(e.extraVolumeMounts));
      expect(spec.volumes).toEqual(expect.arrayContaining(e.extraVolumes));
      expect(spec.initContainers.at(-1).name).toBe(`${c}-wait`);
      expect(spec.containers.at(-1).name).toBe(`${c}-proxy`);
      expect(workload.spec.template.metadata.annotations['example.com/note']).toBe('yes');
      expect(podLabelsOf(workload).team).toBe('tasks');
      expect(spec.priorityClassName).toBe('high');
      expect(spec.nodeSelector).toEqual(e.nodeSelector);
      expect(spec.tolerations).toEqual(e.tolerations);
      expect(spec.affinity).toEqual(e.affinity);
      expect(spec.topologySpreadConstraints).toEqual(e.topologySpreadConstraints);
    },
  );

  it('when MongoDB gets extra init containers, then the keyfile is still installed first', () => {
    const spec = podSpecOf(find(objects, 'StatefulSet', 'judix-mongodb'));
    expect(spec.initContainers.map((i: K8sObject) => i.name)).toEqual([
      'install-keyfile',
      'mongodb-wait',
    ]);
  });
});

describe('umbrella charts', () => {
  it('when a parent chart passes global keys down, then the schema accepts them', () => {
    expect(
      render({ set: { 'global.storageClass': 'fast', 'global.parentSetting': 'x' } }).length,
    ).toBeGreaterThan(10);
  });

  it('when global.storageClass is set, then volumes without their own class use it', () => {
    const objects = render({ set: { 'global.storageClass': 'fast' } });
    const claim = find(objects, 'StatefulSet', 'judix-mongodb').spec.volumeClaimTemplates[0];
    expect(claim.spec.storageClassName).toBe('fast');
    expect(find(objects, 'PersistentVolumeClaim', 'judix-redis').spec.storageClassName).toBe(
      'fast',
    );
  });

  it('when any other object gets an unknown key, then the schema still refuses it', () => {
    expect(renderError({ set: { 'api.replicaCont': '3' } })).toMatch(/replicaCont/);
    expect(renderError({ set: { 'networkPolicy.dns.port': '53' } })).toMatch(/port/);
  });
});

describe('long release names', () => {
  const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  const longNames = ['a'.repeat(53), `judix-${'b'.repeat(47)}`, `${'c'.repeat(40)}-judix-prod-1`];

  it.each(longNames)(
    'when the release is named %s, then every name and label is valid',
    (release) => {
      const objects = render({
        release,
        extraArgs: ['--set', 'ingress.enabled=true', '--set', 'ingress.hosts[0]=x.example.com'],
      });
      const problems: string[] = [];
      for (const o of objects) {
        const name: string = o.metadata.name;
        if (name.length > 63 || !dns1123Label.test(name)) problems.push(`${o.kind} ${name}`);
        for (const [key, value] of Object.entries({
          ...o.metadata.labels,
          ...(o.spec?.template?.metadata?.labels ?? {}),
        })) {
          if (String(value).length > 63 || !labelValue.test(String(value)))
            problems.push(`${o.kind} ${name} label ${key}`);
        }
      }
      for (const sts of ofKind(objects, 'StatefulSet')) {
        // controller-revision-hash: <name>-<10 characters> must fit in a label value.
        if (sts.metadata.name.length > 52)
          problems.push(`StatefulSet ${sts.metadata.name} too long for its revision label`);
        const headless = `${sts.spec.serviceName}`;
        if (headless.length > 63) problems.push(`headless Service ${headless}`);
        const claim = `${sts.spec.volumeClaimTemplates[0].metadata.name}-${sts.metadata.name}-${sts.spec.replicas - 1}`;
        if (claim.length > 63) problems.push(`claim ${claim}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('when two long release names share a prefix, then their resources do not collide', () => {
    const names = (release: string) =>
      new Set(render({ release }).map((o) => `${o.kind}/${o.metadata.name}`));
    const a = names(`${'d'.repeat(50)}-a1`);
    const b = names(`${'d'.repeat(50)}-b2`);
    expect([...a].filter((n) => b.has(n))).toEqual([]);
  });
});

describe('the api port', () => {
  it('when the Service port is 80, then the non-root api still listens on its own port', () => {
    const objects = render({ set: { 'api.service.port': '80' } });
    const api = container(objects, 'Deployment', 'judix-api', 'api');
    expect(api.ports.find((p: K8sObject) => p.name === 'http').containerPort).toBe(8080);
    expect(find(objects, 'ConfigMap', 'judix-api').data.PORT).toBe('8080');
    const service = find(objects, 'Service', 'judix-api').spec.ports.find(
      (p: K8sObject) => p.name === 'http',
    );
    expect(service).toMatchObject({ port: 80, targetPort: 'http' });
  });

  it('when the container port is changed, then the api listens there and the Service follows by name', () => {
    const objects = render({ set: { 'api.containerPort': '9000' } });
    expect(find(objects, 'ConfigMap', 'judix-api').data.PORT).toBe('9000');
    expect(renderError({ set: { 'api.containerPort': '80' } })).toMatch(/containerPort/);
  });
});

describe('pod labels across chart versions', () => {
  it.each(Object.entries(profiles))(
    'when profile %s is rendered, then no pod template carries a version label',
    (_p, valuesFiles) => {
      for (const w of workloads(render({ valuesFiles })).filter((o) => o.kind !== 'Pod')) {
        const labels = podLabelsOf(w);
        expect([
          w.metadata.name,
          labels['helm.sh/chart'],
          labels['app.kubernetes.io/version'],
        ]).toEqual([w.metadata.name, undefined, undefined]);
        expect(selects(w.spec.selector.matchLabels, labels)).toBe(true);
      }
    },
  );

  it('when only the chart version changes, then no pod template changes (nothing restarts)', () => {
    const bumped = join(mkdtempSync(join(tmpdir(), 'judix-bumped-')), 'judix');
    cpSync(chartDir, bumped, { recursive: true });
    const chartYaml = join(bumped, 'Chart.yaml');
    writeFileSync(
      chartYaml,
      readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, 'version: 99.0.0'),
    );
    // Credentials from existing Secrets, so that the secret checksums do not vary between renders.
    const valuesFiles = profiles['ci/existing-secrets-values.yaml'];
    const templates = (objects: K8sObject[]) =>
      Object.fromEntries(
        workloads(objects)
          .filter((o) => o.kind !== 'Pod')
          .map((o) => [o.metadata.name, o.spec.template]),
      );
    const before = render({ valuesFiles });
    const after = render({ chart: bumped, valuesFiles });
    expect(find(after, 'Deployment', 'judix-api').metadata.labels['helm.sh/chart']).toBe(
      'judix-99.0.0',
    );
    expect(templates(after)).toEqual(templates(before));
  });
});

describe('Gateway API', () => {
  const objects = render({ valuesFiles: profiles['ci/gateway-api-values.yaml'] });
  const route = find(objects, 'HTTPRoute', 'judix');

  it('when enabled, then the route attaches to the Gateway and serves the hosts', () => {
    expect(route.spec.parentRefs).toEqual([
      { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
    ]);
    expect(route.spec.hostnames).toEqual(['tasks.example.com']);
    expect(find(objects, 'ConfigMap', 'judix-api').data.CORS_ORIGINS).toBe(
      'https://tasks.example.com',
    );
  });

  it('when routed, then the path split is the Ingress one: /api to api, / to web', () => {
    const ingress = find(
      render({ set: { 'ingress.enabled': 'true', 'ingress.hosts[0]': 'tasks.example.com' } }),
      'Ingress',
      'judix',
    );
    const ingressSplit = ingress.spec.rules[0].http.paths.map((p: K8sObject) => [
      p.path,
      p.backend.service.name,
    ]);
    const prefixes = route.spec.rules.filter(
      (r: K8sObject) => r.matches[0].path.type === 'PathPrefix',
    );
    const routeSplit = prefixes.map((r: K8sObject) => [
      r.matches[0].path.value,
      r.backendRefs[0].name,
    ]);
    expect(routeSplit).toEqual(ingressSplit);
    const ports = Object.fromEntries(
      ofKind(objects, 'Service').map((s) => [
        s.metadata.name,
        s.spec.ports.map((p: K8sObject) => p.port),
      ]),
    );
    for (const rule of route.spec.rules) {
      expect(ports[rule.backendRefs[0].name]).toContain(rule.backendRefs[0].port);
    }
  });

  it('when validated against the Gateway API schema, then it has no error, and a broken route has some', () => {
    expect(httpRouteErrors(route)).toEqual([]);
    const broken = {
      ...route,
      spec: {
        ...route.spec,
        parentRefs: [],
        rules: [
          { backendRefs: [{ name: 'x', port: 'http' }], filter: {}, timeouts: { request: '1 h' } },
        ],
      },
    };
    expect(httpRouteErrors(broken)).toEqual([
      'HTTPRoute.spec.parentRefs: must be a list of 1 to 32 items',
      'HTTPRoute.spec.rules[0].backendRefs[0].port: must be an integer from 1 to 65535',
      'HTTPRoute.spec.rules[0].filter: unknown field',
      'HTTPRoute.spec.rules[0].timeouts.request: 1 h does not match /^([0-9]{1,5}(h|m|s|ms)){1,4}$/',
    ]);
  });

  it('when routed, then the event stream has a rule of its own without a request timeout, unless told otherwise', () => {
    const [events, api] = route.spec.rules;
    expect(events).toEqual({
      matches: [{ path: { type: 'Exact', value: '/api/v1/events' } }],
      timeouts: { request: '0s' },
      backendRefs: api.backendRefs,
    });
    const withTimeout = (timeout: string) =>
      find(
        render({
          valuesFiles: profiles['ci/gateway-api-values.yaml'],
          set: { 'gateway.eventStreamTimeout': timeout },
        }),
        'HTTPRoute',
        'judix',
      );
    expect(withTimeout('2h').spec.rules[0].timeouts).toEqual({ request: '2h' });
    expect(httpRouteErrors(withTimeout('2h'))).toEqual([]);
    expect(withTimeout('').spec.rules.map((r: K8sObject) => r.matches[0].path.value)).toEqual([
      '/api',
      '/',
    ]);
    expect(() => withTimeout('2 hours')).toThrow(/eventStreamTimeout/);
  });

  it('when disabled (the default), then no HTTPRoute is rendered', () => {
    expect(ofKind(render(), 'HTTPRoute')).toEqual([]);
  });
});
