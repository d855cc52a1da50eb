// Policies over the rendered objects of every profile: what the chart promises operators.
import {
  allContainers,
  find,
  ofKind,
  podLabelsOf,
  podSpecOf,
  profiles,
  render,
  selects,
  workloads,
  type K8sObject,
} from './support/chart';

const rendered = Object.entries(profiles).map(
  ([profile, valuesFiles]) => [profile, render({ valuesFiles })] as const,
);

// Containers the chart itself defines; `sidecars` and `extraInitContainers` from values are the operator's.
const chartContainers = new Set([
  'api',
  'web',
  'mongod',
  'reconciler',
  'install-keyfile',
  'redis',
  'roundtrip',
]);
const mainContainers = new Set(['api', 'web', 'mongod', 'redis']);
const stableLabelKeys = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
];

function owningWorkloads(objects: K8sObject[], selector: Record<string, string>): K8sObject[] {
  return workloads(objects).filter((w) => selects(selector, podLabelsOf(w)));
}

function containerPortNames(workload: K8sObject): Set<string | number> {
  return new Set(
    allContainers(workload).flatMap((c) =>
      (c.ports ?? []).flatMap((p: K8sObject) => [p.name, p.containerPort]),
    ),
  );
}

function envOf(container: K8sObject): Map<string, K8sObject> {
  return new Map((container.env ?? []).map((e: K8sObject) => [e.name, e]));
}

describe.each(rendered)('profile %s', (_profile, objects) => {
  const pods = workloads(objects);

  it('when any pod runs, then it meets the restricted Pod Security profile', () => {
    for (const workload of pods) {
      const spec = podSpecOf(workload);
      expect(spec.hostNetwork ?? false).toBe(false);
      expect(spec.hostPID ?? false).toBe(false);
      expect(spec.hostIPC ?? false).toBe(false);
      expect((spec.volumes ?? []).filter((v: K8sObject) => v.hostPath)).toEqual([]);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      // Absent where the platform assigns the uid (OpenShift); never root when set.
      if ('runAsUser' in spec.securityContext)
        expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const container of allContainers(workload)) {
        const sc = container.securityContext;
        const where = `${workload.metadata.name}/${container.name}`;
        expect({ where, sc }).toMatchObject({
          where,
          sc: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        });
        expect(sc.privileged ?? false).toBe(false);
        expect(sc.capabilities.add ?? []).toEqual([]);
      }
    }
  });

  it('when any container runs, then it has CPU and memory requests and a memory limit', () => {
    for (const workload of pods) {
      for (const c of allContainers(workload)) {
        expect({ c: c.name, requests: c.resources?.requests }).toMatchObject({
          requests: { cpu: expect.anything(), memory: expect.anything() },
        });
        expect({ c: c.name, limit: c.resources?.limits?.memory }).toEqual({
          c: c.name,
          limit: expect.anything(),
        });
      }
    }
  });

  it('when the main containers run, then each has startup, readiness and liveness probes', () => {
    for (const workload of pods.filter((w) => w.kind !== 'Pod')) {
      for (const c of podSpecOf(workload).containers.filter((c: K8sObject) =>
        mainContainers.has(c.name),
      )) {
        expect([c.name, !!c.startupProbe, !!c.readinessProbe, !!c.livenessProbe]).toEqual([
          c.name,
          true,
          true,
          true,
        ]);
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
          const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
          if (port !== undefined) expect(containerPortNames(workload)).toContain(port);
        }
      }
    }
  });

  it('when an image is used, then it is pinned (no latest, tag or digest present)', () => {
    for (const workload of pods) {
      for (const c of allContainers(workload)) {
        expect(c.image).not.toMatch(/:latest(@|$)/);
        expect(c.image).toMatch(/:[A-Za-z0-9_.-]+(@sha256:[a-f0-9]{64})?$/);
      }
    }
  });

  it('when a Service is rendered, then it selects one workload and targets its named ports', () => {
    for (const service of ofKind(objects, 'Service')) {
      const owners = owningWorkloads(objects, service.spec.selector).filter(
        (w) => w.kind !== 'Pod',
      );
      expect([service.metadata.name, owners.length]).toEqual([service.metadata.name, 1]);
      const ports = containerPortNames(owners[0]!);
      for (const port of service.spec.ports) expect(ports).toContain(port.targetPort);
    }
  });

  it('when an HPA is rendered, then it targets an existing Deployment that leaves replicas to it', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    for (const hpa of hpas) {
      const target = find(objects, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name);
      expect(target.spec.replicas).toBeUndefined();
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(0);
      for (const c of podSpecOf(target).containers) expect(c.resources.requests).toBeDefined();
    }
    for (const deployment of ofKind(objects, 'Deployment')) {
      const owned = hpas.some((h) => h.spec.scaleTargetRef.name === deployment.metadata.name);
      if (!owned) expect(deployment.spec.replicas).toBeGreaterThanOrEqual(1);
    }
  });

  it('when a PDB is rendered, then it covers a workload with at least two guaranteed pods', () => {
    for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
      const owners = owningWorkloads(objects, pdb.spec.selector.matchLabels);
      expect(owners).toHaveLength(1);
      const owner = owners[0]!;
      const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === owner.metadata.name,
      );
      const guaranteed = hpa ? hpa.spec.minReplicas : owner.spec.replicas;
      expect(guaranteed).toBeGreaterThanOrEqual(2);
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.minAvailable).toBeUndefined();
    }
  });

  it('when a Deployment or StatefulSet has two or more guaranteed pods, then a PDB covers it', () => {
    const pdbs = ofKind(objects, 'PodDisruptionBudget');
    for (const workload of pods.filter(
      (w) => w.kind !== 'Pod' && w.metadata.name !== 'judix-redis',
    )) {
      const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === workload.metadata.name,
      );
      const guaranteed = hpa ? hpa.spec.minReplicas : workload.spec.replicas;
      const covered = pdbs.some((p) => selects(p.spec.selector.matchLabels, podLabelsOf(workload)));
      expect([workload.metadata.name, covered]).toEqual([workload.metadata.name, guaranteed >= 2]);
    }
  });

  it('when a pod writes to /tmp, then /tmp is an emptyDir under a read-only root', () => {
    for (const workload of pods) {
      const claims = (workload.spec.volumeClaimTemplates ?? []).map((t: K8sObject) => [
        t.metadata.name,
        t,
      ]);
      const volumes = new Map<string, K8sObject>([
        ...podSpecOf(workload).volumes.map((v: K8sObject) => [v.name, v]),
        ...claims,
      ]);
      for (const c of allContainers(workload).filter((c) => chartContainers.has(c.name))) {
        const mounts = (c.volumeMounts ?? []) as K8sObject[];
        for (const mount of mounts) expect(volumes.has(mount.name)).toBe(true);
        if (['api', 'web', 'mongod', 'reconciler', 'redis', 'roundtrip'].includes(c.name)) {
          const tmp = mounts.find((m) => m.mountPath === '/tmp');
          expect([c.name, volumes.get(tmp?.name)?.emptyDir]).toEqual([c.name, expect.any(Object)]);
        }
      }
    }
  });

  it('when a chart container is defined, then its image comes from the chart values', () => {
    const api = find(objects, 'Deployment', 'judix-api');
    const apiImage = podSpecOf(api).containers[0].image;
    expect(apiImage).toMatch(/judix-api:/);
    expect(podSpecOf(find(objects, 'Pod', 'judix-test-roundtrip')).containers[0].image).toBe(
      apiImage,
    );
    expect(podSpecOf(find(objects, 'Deployment', 'judix-web')).containers[0].image).toMatch(
      /judix-web:/,
    );
  });

  it('when the api runs, then its probes, ports, env and shutdown timing match the app', () => {
    const api = find(objects, 'Deployment', 'judix-api');
    const spec = podSpecOf(api);
    const container = spec.containers.find((c: K8sObject) => c.name === 'api');
    // The image's user, unless the platform assigns one (OpenShift).
    if ('runAsUser' in spec.securityContext) {
      expect(spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
    }
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.ports.map((p: K8sObject) => [p.name, p.containerPort])).toEqual([
      ['http', 8080],
      ['metrics', 9464],
    ]);

    const config = find(objects, 'ConfigMap', 'judix-api').data;
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      PORT: '8080',
      METRICS_PORT: '9464',
    });
    const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1]);
    const preStop = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(
      preStop + seconds(config.SHUTDOWN_DELAY) + seconds(config.SHUTDOWN_TIMEOUT),
    );

    const env = envOf(container);
    for (const [name, field] of [
      ['POD_NAME', 'metadata.name'],
      ['POD_NAMESPACE', 'metadata.namespace'],
      ['NODE_NAME', 'spec.nodeName'],
    ]) {
      expect(env.get(name!)?.valueFrom.fieldRef.fieldPath).toBe(field);
    }
    expect(env.get('OTEL_RESOURCE_ATTRIBUTES')?.value).toBe(
      'k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)',
    );
    expect(env.get('JWT_SECRET')?.valueFrom.secretKeyRef.key).toBe('jwt-secret');
    // Kubernetes expands $(VAR) only from variables defined earlier in the list.
    const names = container.env.map((e: K8sObject) => e.name);
    container.env.forEach((e: K8sObject, index: number) => {
      for (const [, ref] of (e.value ?? '').matchAll(/\$\(([A-Z_]+)\)/g)) {
        expect([e.name, names.indexOf(ref)]).toEqual([e.name, expect.any(Number)]);
        expect(names.indexOf(ref)).toBeGreaterThanOrEqual(0);
        expect(names.indexOf(ref)).toBeLessThan(index);
      }
    });
  });

  it('when the api runs, then its pods spread across nodes and zones and roll with their config', () => {
    const api = find(objects, 'Deployment', 'judix-api');
    const annotations = api.spec.template.metadata.annotations;
    expect(annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
    expect(annotations['checksum/secrets']).toMatch(/^[a-f0-9]{64}$/);
    const keys = podSpecOf(api).topologySpreadConstraints.map((t: K8sObject) => t.topologyKey);
    expect(keys).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(api.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('when a ServiceAccount is used, then it exists (or is the default) and mounts no token', () => {
    for (const workload of pods.filter((w) => w.kind !== 'Pod')) {
      const name = podSpecOf(workload).serviceAccountName;
      const account = find(objects, 'ServiceAccount', name);
      expect(account.automountServiceAccountToken).toBe(false);
    }
  });

  it('when the Ingress is rendered, then / goes to web, /api to api, and nothing internal is exposed', () => {
    for (const ingress of ofKind(objects, 'Ingress')) {
      for (const rule of ingress.spec.rules) {
        const routes = Object.fromEntries(
          rule.http.paths.map((p: K8sObject) => [p.path, p.backend.service]),
        );
        expect(Object.keys(routes).sort()).toEqual(['/', '/api']);
        expect(routes['/'].name).toBe('judix-web');
        expect(routes['/api'].name).toBe('judix-api');
        for (const backend of Object.values(routes) as K8sObject[]) {
          const service = find(objects, 'Service', backend.name);
          expect(service.spec.ports.map((p: K8sObject) => p.name)).toContain(backend.port.name);
          expect(backend.port.name).not.toBe('metrics');
        }
      }
    }
  });

  it('when Secrets are generated, then they survive uninstall and hold every key the pods read', () => {
    const secrets = ofKind(objects, 'Secret');
    for (const secret of secrets) {
      expect(secret.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    }
    for (const workload of pods) {
      for (const c of allContainers(workload).filter((c) => chartContainers.has(c.name))) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          const generated = secrets.find((s) => s.metadata.name === ref.name);
          if (generated) expect(Object.keys(generated.data)).toContain(ref.key);
        }
      }
    }
  });
});

describe('MongoDB replica set (default profile)', () => {
  const objects = render();
  const sts = find(objects, 'StatefulSet', 'judix-mongodb');
  const spec = podSpecOf(sts);

  it('when deployed, then 3 members run from the official image behind a headless Service', () => {
    expect(sts.spec.replicas).toBe(3);
    expect(spec.containers[0].image).toMatch(/^docker\.io\/mongo:\d+\.\d+\.\d+$/);
    const headless = find(objects, 'Service', sts.spec.serviceName);
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  it('when the api connects, then its URL lists every member with replicaSet and authSource', () => {
    const api = podSpecOf(find(objects, 'Deployment', 'judix-api')).containers[0];
    const url: string = envOf(api).get('MONGO_URL')?.value;
    const hosts = [0, 1, 2].map(
      (i) => `judix-mongodb-${i}.judix-mongodb-headless.judix-test.svc.cluster.local:27017`,
    );
    expect(url).toBe(
      `mongodb://$(MONGO_USERNAME):$(MONGO_PASSWORD)@${hosts.join(',')}/judix?replicaSet=rs0&authSource=judix`,
    );
    const reconciler = spec.containers.find((c: K8sObject) => c.name === 'reconciler');
    expect(envOf(reconciler).get('MEMBER_HOSTS')?.value).toBe(hosts.join(','));
  });

  it('when mongod starts, then it gets the keyfile with owner-only mode from an init container', () => {
    const mongod = spec.containers.find((c: K8sObject) => c.name === 'mongod');
    expect(mongod.command).toEqual(
      expect.arrayContaining(['--keyFile=/keyfile/keyfile', '--replSet=rs0']),
    );
    const init = spec.initContainers.find((c: K8sObject) => c.name === 'install-keyfile');
    expect(init.volumeMounts.map((m: K8sObject) => m.name).sort()).toEqual([
      'keyfile',
      'keyfile-secret',
      'scripts',
    ]);
    expect(spec.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999 });
    const keyfile = spec.volumes.find((v: K8sObject) => v.name === 'keyfile');
    expect(keyfile.emptyDir.medium).toBe('Memory');
  });

  it('when probed, then liveness tolerates long recovery and a startup probe guards the start', () => {
    const mongod = spec.containers.find((c: K8sObject) => c.name === 'mongod');
    const budget = (p: K8sObject) => p.periodSeconds * p.failureThreshold;
    expect(budget(mongod.livenessProbe)).toBeGreaterThanOrEqual(120);
    expect(budget(mongod.startupProbe)).toBeGreaterThanOrEqual(600);
    expect(mongod.readinessProbe.exec.command).toContain('/scripts/probe.sh');
  });

  it('when the StatefulSet is upgraded, then its claim templates carry only labels that never change', () => {
    for (const template of sts.spec.volumeClaimTemplates) {
      expect(Object.keys(template.metadata.labels ?? {}).sort()).toEqual(
        [...stableLabelKeys].sort(),
      );
      expect(template.spec.resources.requests.storage).toBe('8Gi');
    }
    expect(Object.keys(sts.spec.selector.matchLabels).sort()).toEqual([...stableLabelKeys].sort());
  });

  it('when nodes are drained, then the PDB and anti-affinity keep a majority up', () => {
    const pdb = find(objects, 'PodDisruptionBudget', 'judix-mongodb');
    expect(pdb.spec.maxUnavailable).toBe(1);
    const term = spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(selects(term.podAffinityTerm.labelSelector.matchLabels, podLabelsOf(sts))).toBe(true);
  });

  it('when the app user is created, then it comes from the generated Secret and the reconciler script', () => {
    const reconciler = envOf(spec.containers.find((c: K8sObject) => c.name === 'reconciler'));
    expect(reconciler.get('MONGO_APP_PASSWORD')?.valueFrom.secretKeyRef).toEqual({
      name: 'judix-mongodb',
      key: 'mongodb-password',
    });
    const script = find(objects, 'ConfigMap', 'judix-mongodb').data['replicaset.js'];
    expect(script).toContain("role: 'readWrite', db: settings.appDatabase");
  });
});

describe('NetworkPolicies (default profile)', () => {
  const objects = render();
  const policies = ofKind(objects, 'NetworkPolicy');
  const labelsOf = (name: string) =>
    podLabelsOf(workloads(objects).find((w) => w.metadata.name === name)!);
  const policyFor = (name: string) =>
    policies.find(
      (p) =>
        (selects(p.spec.podSelector.matchLabels, labelsOf(name)) && p.spec.ingress !== undefined) ||
        (p.spec.egress && selects(p.spec.podSelector.matchLabels, labelsOf(name))),
    )!;

  it('when rendered, then a default-deny policy selects every pod of the release', () => {
    const deny = policies.find((p) => p.spec.ingress === undefined && p.spec.egress === undefined)!;
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    for (const w of workloads(objects))
      expect(selects(deny.spec.podSelector.matchLabels, podLabelsOf(w))).toBe(true);
  });

  it('when the api talks, then it may reach MongoDB, Redis and DNS, and be reached by ingress, tests and monitoring', () => {
    const api = policyFor('judix-api');
    const egressTargets = api.spec.egress.flatMap((r: K8sObject) => r.to ?? []);
    expect(
      egressTargets.some(
        (t: K8sObject) =>
          t.podSelector && selects(t.podSelector.matchLabels, labelsOf('judix-mongodb')),
      ),
    ).toBe(true);
    expect(
      egressTargets.some(
        (t: K8sObject) =>
          t.podSelector && selects(t.podSelector.matchLabels, labelsOf('judix-redis')),
      ),
    ).toBe(true);
    expect(
      api.spec.egress.some((r: K8sObject) =>
        r.ports?.some((p: K8sObject) => p.port === 53 && p.protocol === 'UDP'),
      ),
    ).toBe(true);
    const sources = api.spec.ingress.flatMap((r: K8sObject) => r.from);
    expect(
      sources.some(
        (s: K8sObject) =>
          s.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx',
      ),
    ).toBe(true);
    expect(
      sources.some(
        (s: K8sObject) =>
          s.podSelector && selects(s.podSelector.matchLabels, labelsOf('judix-test-roundtrip')),
      ),
    ).toBe(true);
    expect(
      api.spec.ingress.some((r: K8sObject) => r.ports.some((p: K8sObject) => p.port === 'metrics')),
    ).toBe(true);
  });

  it('when MongoDB members replicate, then they may reach each other and only the api may reach them', () => {
    const mongo = policyFor('judix-mongodb');
    const sources = mongo.spec.ingress.flatMap((r: K8sObject) => r.from);
    const allowed = workloads(objects).filter((w) =>
      sources.some((s: K8sObject) => selects(s.podSelector.matchLabels, podLabelsOf(w))),
    );
    expect(allowed.map((w) => w.metadata.name).sort()).toEqual(['judix-api', 'judix-mongodb']);
    expect(
      mongo.spec.egress.some((r: K8sObject) =>
        r.to?.some(
          (t: K8sObject) =>
            t.podSelector && selects(t.podSelector.matchLabels, labelsOf('judix-mongodb')),
        ),
      ),
    ).toBe(true);
  });

  it('when Redis is reached, then only from the api', () => {
    const redis = policyFor('judix-redis');
    const sources = redis.spec.ingress.flatMap((r: K8sObject) => r.from);
    const allowed = workloads(objects).filter((w) =>
      sources.some((s: K8sObject) => selects(s.podSelector.matchLabels, podLabelsOf(w))),
    );
    expect(allowed.map((w) => w.metadata.name)).toEqual(['judix-api']);
  });

  it('when the helm test pod runs, then it may reach the api', () => {
    const test = policies.find(
      (p) =>
        selects(p.spec.podSelector.matchLabels, labelsOf('judix-test-roundtrip')) && p.spec.egress,
    )!;
    expect(
      test.spec.egress.some((r: K8sObject) =>
        r.to?.some(
          (t: K8sObject) =>
            t.podSelector && selects(t.podSelector.matchLabels, labelsOf('judix-api')),
        ),
      ),
    ).toBe(true);
  });

  it('when turned off, then no NetworkPolicy is rendered', () => {
    expect(ofKind(render({ set: { 'networkPolicy.enabled': 'false' } }), 'NetworkPolicy')).toEqual(
      [],
    );
  });
});
