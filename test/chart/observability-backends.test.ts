// The bundled telemetry backends and their replacements: Prometheus (config checked by promtool,
// discovery limited to the release), Prometheus Operator objects, Grafana dashboards as
// ConfigMaps, and a profile pointing at external stores that deploys no backend at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import {
  chartDir,
  find,
  namespace,
  ofKind,
  podSpecOf,
  render,
  repoRoot,
  selects,
  workloads,
  type K8sObject,
} from './support/chart';
import { schemaErrors, typeErrors } from './support/kubernetes-schema';

const observability = join(repoRoot, 'observability');
const external = [join(chartDir, 'ci', 'observability-external-values.yaml')];
const prometheusOn = { 'observability.prometheus.enabled': 'true' };
const filesIn = (dir: string, ext: string) => {
  try {
    return readdirSync(join(observability, dir))
      .filter((f) => f.endsWith(ext))
      .sort();
  } catch {
    return [];
  }
};

function promtool(args: string[], cwd: string) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('Prometheus (bundled)', () => {
  const objects = render({ set: prometheusOn });
  const sts = find(objects, 'StatefulSet', 'judix-prometheus');
  const spec = podSpecOf(sts);
  const container = spec.containers[0];
  const config = load(find(objects, 'ConfigMap', 'judix-prometheus').data['prometheus.yml']) as any;
  const rules = find(objects, 'ConfigMap', 'judix-prometheus-rules').data;

  it('when rendered, then the rules are observability/prometheus/rules/ byte for byte', () => {
    const files = filesIn('prometheus/rules', '.yaml');
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(rules).sort()).toEqual(files);
    for (const file of files) {
      expect(rules[file]).toBe(
        readFileSync(join(observability, 'prometheus', 'rules', file), 'utf8'),
      );
    }
  });

  // Debian's promtool is built without Kubernetes discovery: it checks the config with discovery
  // swapped for static targets (the discovery itself is checked as data below) and every rule file.
  it('when promtool checks the rendered config and rules, then both are valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'judix-prometheus-'));
    try {
      for (const [file, text] of Object.entries(rules))
        writeFileSync(join(dir, file), text as string);
      const checkable = {
        ...config,
        rule_files: [`${dir}/*.yaml`],
        scrape_configs: config.scrape_configs.map(({ kubernetes_sd_configs, ...job }: any) =>
          kubernetes_sd_configs
            ? { ...job, static_configs: [{ targets: ['127.0.0.1:9464'] }] }
            : job,
        ),
      };
      writeFileSync(join(dir, 'prometheus.yml'), dump(checkable));
      const checked = promtool(['check', 'config', 'prometheus.yml'], dir);
      expect(checked).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
      expect(checked.output).toContain(`SUCCESS: ${Object.keys(rules).length} rule files found`);
      const found = [...checked.output.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) =>
        Number(m[1]),
      );
      const declared = Object.values(rules).map(
        (text) => (load(text as string) as any).groups.flatMap((g: any) => g.rules).length,
      );
      expect(found.sort()).toEqual(declared.sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when it discovers targets, then only the release’s api pods and exporters in its namespace, by port name', () => {
    const jobs = Object.fromEntries(config.scrape_configs.map((j: any) => [j.job_name, j]));
    expect(Object.keys(jobs).sort()).toEqual([
      'judix-api',
      'judix-collector',
      'judix-mongodb',
      'judix-redis',
      'prometheus',
    ]);
    for (const [job, port] of [
      ['judix-api', 'metrics'],
      ['judix-collector', 'otel-metrics'],
    ]) {
      const [sd] = jobs[job!].kubernetes_sd_configs;
      expect(sd.role).toBe('pod');
      expect(sd.namespaces.names).toEqual([namespace]);
      const labels = Object.fromEntries(
        sd.selectors[0].label.split(',').map((pair: string) => pair.split('=')),
      );
      expect(labels).toEqual({
        'app.kubernetes.io/name': 'judix',
        'app.kubernetes.io/instance': 'judix',
        'app.kubernetes.io/component': 'api',
      });
      expect(jobs[job!].relabel_configs[0]).toEqual({
        source_labels: ['__meta_kubernetes_pod_container_port_name'],
        regex: port,
        action: 'keep',
      });
    }
    // The rules and dashboards select these job names.
    const ruleText = Object.values(rules).join('\n');
    for (const job of ruleText.match(/job="([a-z-]+)"/g) ?? []) {
      const name = /job="([a-z-]+)"/.exec(job)![1]!;
      if (['judix-api', 'judix-collector'].includes(name)) expect(jobs[name]).toBeDefined();
    }
  });

  it('when it reads the Kubernetes API, then a namespaced Role allows only reading pods, through an explicit token', () => {
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    const role = find(objects, 'Role', 'judix-prometheus');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'judix-prometheus');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: spec.serviceAccountName, namespace },
    ]);
    expect(spec.automountServiceAccountToken).toBe(false);
    const token = spec.volumes.find((v: K8sObject) => v.name === 'kube-api-access');
    expect(token.projected.sources[0].serviceAccountToken.expirationSeconds).toBe(3600);
    expect(container.volumeMounts).toContainEqual({
      name: 'kube-api-access',
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      readOnly: true,
    });
  });

  it('when it stores samples, then on a claim with the retention from values and exemplars kept', () => {
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--config.file=/etc/prometheus/config/prometheus.yml',
        '--storage.tsdb.retention.time=15d',
        '--enable-feature=exemplar-storage',
      ]),
    );
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    const sized = podSpecOf(
      find(
        render({
          set: {
            ...prometheusOn,
            'observability.prometheus.retention': '30d',
            'observability.prometheus.retentionSize': '8GB',
            'observability.prometheus.persistence.enabled': 'false',
          },
        }),
        'StatefulSet',
        'judix-prometheus',
      ),
    );
    expect(sized.containers[0].args).toEqual(
      expect.arrayContaining([
        '--storage.tsdb.retention.time=30d',
        '--storage.tsdb.retention.size=8GB',
      ]),
    );
    expect(sized.volumes.find((v: K8sObject) => v.name === 'data').emptyDir.sizeLimit).toBe('10Gi');
  });

  it('when it runs, then it is probed, sized and restricted like every chart workload', () => {
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].httpGet).toEqual({ path: '/-/ready', port: 'http' });
    }
    expect(container.image).toMatch(/^docker\.io\/prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '512Mi' });
    expect(container.resources.limits.memory).toBe('2Gi');
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
  });

  it('when NetworkPolicies are on, then it reaches the api pods’ and exporters’ metrics ports, DNS and the API server only, and they admit it', () => {
    const policy = find(objects, 'NetworkPolicy', 'judix-prometheus');
    const api = workloads(objects).find((w) => w.metadata.name === 'judix-api')!;
    const toApi = policy.spec.egress.find((r: K8sObject) =>
      r.to?.some(
        (t: K8sObject) =>
          t.podSelector && selects(t.podSelector.matchLabels, api.spec.template.metadata.labels),
      ),
    );
    expect(toApi.ports.map((p: K8sObject) => p.port)).toEqual(['metrics', 'otel-metrics']);
    expect(
      policy.spec.egress.flatMap((r: K8sObject) => r.ports.map((p: K8sObject) => p.port)),
    ).toEqual([53, 53, 'metrics', 'otel-metrics', 'metrics', 443, 6443]);
    const scrapes = find(objects, 'NetworkPolicy', 'judix-api-scrapes');
    expect(
      selects(
        scrapes.spec.ingress[0].from[0].podSelector.matchLabels,
        sts.spec.template.metadata.labels,
      ),
    ).toBe(true);
    expect(scrapes.spec.ingress[0].ports.map((p: K8sObject) => p.port)).toEqual([
      'metrics',
      'otel-metrics',
    ]);
  });
});

describe('Prometheus Operator objects', () => {
  it('when the monitoring.coreos.com/v1 API exists or they are asked for, then a PodMonitor and a PrometheusRule carry the same jobs and rules', () => {
    const withCrds = render({
      valuesFiles: external,
      extraArgs: ['--api-versions', 'monitoring.coreos.com/v1'],
    });
    const asked = render({
      valuesFiles: external,
      set: { 'observability.prometheus.operatorResources': 'always' },
    });
    for (const objects of [withCrds, asked]) {
      const monitor = find(objects, 'PodMonitor', 'judix-api');
      expect(
        monitor.spec.podMetricsEndpoints.map((e: K8sObject) => [
          e.port,
          e.relabelings[0].replacement,
        ]),
      ).toEqual([
        ['metrics', 'judix-api'],
        ['otel-metrics', 'judix-collector'],
      ]);
      const rule = find(objects, 'PrometheusRule', 'judix');
      const groups = filesIn('prometheus/rules', '.yaml').flatMap(
        (file) =>
          (load(readFileSync(join(observability, 'prometheus', 'rules', file), 'utf8')) as any)
            .groups,
      );
      expect(rule.spec.groups).toEqual(groups);
    }
  });

  it('when the API is absent or they are refused, then none are rendered', () => {
    expect(ofKind(render({ valuesFiles: external }), 'PodMonitor')).toEqual([]);
    const refused = render({
      valuesFiles: external,
      set: { 'observability.prometheus.operatorResources': 'never' },
      extraArgs: ['--api-versions', 'monitoring.coreos.com/v1'],
    });
    expect(ofKind(refused, 'PrometheusRule')).toEqual([]);
  });
});

describe('external stores profile', () => {
  const objects = render({ valuesFiles: external });

  it('when every backend is external, then no backend workload, Service or claim is rendered', () => {
    expect(
      workloads(objects)
        .map((w) => w.metadata.name)
        .sort(),
    ).toEqual(['judix-api', 'judix-mongodb', 'judix-redis', 'judix-test-roundtrip', 'judix-web']);
    const components = (kind: string) =>
      ofKind(objects, kind).map((o) => o.metadata.labels['app.kubernetes.io/component']);
    for (const kind of ['Service', 'ServiceAccount', 'Secret', 'Role']) {
      for (const backend of ['prometheus', 'loki', 'tempo', 'grafana']) {
        expect(components(kind)).not.toContain(backend);
      }
    }
  });

  it('when an operator runs their own Grafana, then every dashboard is a ConfigMap labelled grafana_dashboard', () => {
    const dashboards = ofKind(objects, 'ConfigMap').filter(
      (c) => c.metadata.labels.grafana_dashboard === '1',
    );
    const files = filesIn('grafana/dashboards', '.json');
    expect(dashboards.flatMap((d) => Object.keys(d.data)).sort()).toEqual(files);
    for (const d of dashboards) {
      const [file, text] = Object.entries(d.data)[0]!;
      expect(text).toBe(readFileSync(join(observability, 'grafana', 'dashboards', file), 'utf8'));
    }
  });
});

describe('Kubernetes schemas of the observability objects', () => {
  it('when the Prometheus and Operator objects are rendered, then each matches its schema (Operator CRDs excepted)', () => {
    const objects = render({
      set: { ...prometheusOn, 'observability.prometheus.operatorResources': 'always' },
    }).filter((o) => !o.apiVersion.startsWith('monitoring.coreos.com/'));
    const label = (o: K8sObject) => `${o.kind} ${o.metadata?.name}`;
    expect(objects.flatMap((o) => schemaErrors(o).map((e) => `${label(o)}: ${e}`))).toEqual([]);
    expect(typeErrors(objects, label)).toEqual([]);
  });
});

describe('bundled stack profile', () => {
  const bundled = [join(chartDir, 'ci', 'observability-bundled-values.yaml')];
  const objects = render({ valuesFiles: bundled });
  const backend = (name: string) => find(objects, 'StatefulSet', `judix-${name}`);
  const containerOf = (name: string) => podSpecOf(backend(name)).containers[0];
  const envOf = (name: string) =>
    Object.fromEntries(
      containerOf(name).env.map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]),
    );
  const mountedFiles = (name: string) => {
    const volume = podSpecOf(backend(name)).volumes.find((v: K8sObject) => v.name === 'config');
    const data = find(objects, 'ConfigMap', volume.configMap.name).data;
    return Object.fromEntries(
      (volume.configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }))).map(
        (item: K8sObject) => [item.path, data[item.key]],
      ),
    );
  };
  const source = (path: string) => readFileSync(join(observability, path), 'utf8');

  it('when installed, then the collector sends to the bundled Tempo and Loki, which admit it', () => {
    const api = podSpecOf(find(objects, 'Deployment', 'judix-api'));
    const sidecar = api.initContainers.find((c: K8sObject) => c.name === 'otel-collector');
    const env = Object.fromEntries(sidecar.env.map((e: K8sObject) => [e.name, e.value]));
    expect(env.JUDIX_TRACES_ENDPOINT).toBe('http://judix-tempo:4318');
    expect(env.JUDIX_LOGS_ENDPOINT).toBe('http://judix-loki:3100/otlp');
    for (const [store, port] of [
      ['tempo', 'otlp-http'],
      ['loki', 'http'],
    ]) {
      const service = find(objects, 'Service', `judix-${store}`);
      const url = new URL(env[store === 'tempo' ? 'JUDIX_TRACES_ENDPOINT' : 'JUDIX_LOGS_ENDPOINT']);
      expect(
        service.spec.ports.find((p: K8sObject) => p.port === Number(url.port)).targetPort,
      ).toBe(port);
      const admits = find(objects, 'NetworkPolicy', `judix-${store}`).spec.ingress.find(
        (r: K8sObject) =>
          r.from.some(
            (f: K8sObject) => f.podSelector.matchLabels['app.kubernetes.io/component'] === 'api',
          ),
      );
      expect(admits.ports.map((p: K8sObject) => p.port)).toEqual([port]);
    }
    const egress = find(objects, 'NetworkPolicy', 'judix-collector').spec.egress;
    expect(
      egress.map((r: K8sObject) => [
        r.to[0].podSelector.matchLabels['app.kubernetes.io/component'],
        r.ports[0].port,
      ]),
    ).toEqual([
      ['loki', 3100],
      ['tempo', 4318],
    ]);
  });

  it('when Loki runs, then with observability/loki/ byte for byte, its retention and the ruler files under the tenant', () => {
    const files = mountedFiles('loki');
    expect(files['loki.yaml']).toBe(source('loki/loki.yaml'));
    expect(files['rules/fake/alerts.yaml']).toBe(source('loki/rules/judix/alerts.yaml'));
    expect(files['loki.yaml']).toContain('directory: /etc/loki/rules');
    expect(containerOf('loki').args).toEqual([
      '-config.file=/etc/loki/loki.yaml',
      '-config.expand-env=true',
      '-target=all',
    ]);
    expect(envOf('loki').JUDIX_LOKI_RETENTION).toBe('72h');
    expect(files['loki.yaml']).toContain('${JUDIX_LOKI_RETENTION');
    expect(files['loki.yaml']).toContain('path_prefix: /loki');
    expect(containerOf('loki').volumeMounts).toContainEqual({ name: 'data', mountPath: '/loki' });
  });

  it('when Tempo runs, then with observability/tempo/tempo.yaml byte for byte, its retention and its data on the claim', () => {
    const files = mountedFiles('tempo');
    expect(files['tempo.yaml']).toBe(source('tempo/tempo.yaml'));
    expect(envOf('tempo').JUDIX_TEMPO_RETENTION).toBe('48h');
    expect(files['tempo.yaml']).toContain('${JUDIX_TEMPO_RETENTION');
    expect(files['tempo.yaml']).toContain('/var/tempo/');
    expect(containerOf('tempo').volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/var/tempo',
    });
    expect(containerOf('tempo').ports.map((p: K8sObject) => p.containerPort)).toEqual([3200, 4318]);
  });

  it('when Grafana runs, then the datasources are provisioned byte for byte with every variable they read set', () => {
    const files = mountedFiles('grafana');
    for (const file of filesIn('grafana/datasources', '.yaml')) {
      expect(files[`datasources/${file}`]).toBe(source(`grafana/datasources/${file}`));
    }
    expect(files['dashboards/judix.yaml']).toContain('path: /etc/grafana/dashboards');
    const env = envOf('grafana');
    expect(env).toMatchObject({
      JUDIX_PROMETHEUS_URL: 'http://judix-prometheus:9090',
      JUDIX_LOKI_URL: 'http://judix-loki:3100',
      JUDIX_TEMPO_URL: 'http://judix-tempo:3200',
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_PATHS_PROVISIONING: '/etc/grafana/provisioning',
    });
    const used = filesIn('grafana/datasources', '.yaml').flatMap((file) =>
      [...source(`grafana/datasources/${file}`).matchAll(/(?<!\$)\$\{(JUDIX_[A-Z_]+)\}/g)].map(
        (m) => m[1]!,
      ),
    );
    // Authorization values exist only for external stores with a Secret; Grafana expands unset ones to nothing.
    for (const name of used.filter((n) => !n.endsWith('_AUTHORIZATION')))
      expect(Object.keys(env)).toContain(name);
  });

  it('when Grafana loads dashboards, then every dashboard ConfigMap is projected into its dashboards folder', () => {
    const dashboards = ofKind(objects, 'ConfigMap').filter(
      (c) => c.metadata.labels.grafana_dashboard === '1',
    );
    expect(dashboards.length).toBe(filesIn('grafana/dashboards', '.json').length);
    const projected = podSpecOf(backend('grafana')).volumes.find(
      (v: K8sObject) => v.name === 'dashboards',
    );
    expect(projected.projected.sources.map((s: K8sObject) => s.configMap.name).sort()).toEqual(
      dashboards.map((d) => d.metadata.name).sort(),
    );
  });

  it('when Grafana starts, then the admin password comes from a generated Secret that is kept, or from an existing one', () => {
    const secret = find(objects, 'Secret', 'judix-grafana');
    expect(secret.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    expect(Buffer.from(secret.data['admin-password'], 'base64').toString()).toMatch(
      /^[A-Za-z0-9]{32}$/,
    );
    expect(envOf('grafana').GF_SECURITY_ADMIN_PASSWORD).toEqual({
      secretKeyRef: { name: 'judix-grafana', key: 'admin-password' },
    });
    const existing = render({
      valuesFiles: bundled,
      set: { 'observability.grafana.admin.existingSecret': 'grafana-admin' },
    });
    expect(ofKind(existing, 'Secret').map((s) => s.metadata.name)).not.toContain('judix-grafana');
    const grafana = podSpecOf(find(existing, 'StatefulSet', 'judix-grafana')).containers[0];
    const password = grafana.env.find((e: K8sObject) => e.name === 'GF_SECURITY_ADMIN_PASSWORD');
    expect(password.valueFrom.secretKeyRef).toEqual({
      name: 'grafana-admin',
      key: 'admin-password',
    });
  });

  it('when the backends run, then each is probed on its readiness endpoint, sized, restricted and has its own ServiceAccount', () => {
    const paths = {
      prometheus: '/-/ready',
      loki: '/ready',
      tempo: '/ready',
      grafana: '/api/health',
    };
    for (const [name, path] of Object.entries(paths)) {
      const c = containerOf(name);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        expect([name, c[probe].httpGet]).toEqual([name, { path, port: 'http' }]);
      }
      expect(c.image).toMatch(/^docker\.io\/(prom|grafana)\/[a-z]+:v?\d+\.\d+\.\d+$/);
      expect(
        c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory,
      ).toBeTruthy();
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      const spec = podSpecOf(backend(name));
      expect(spec.serviceAccountName).toBe(`judix-${name}`);
      expect(find(objects, 'ServiceAccount', `judix-${name}`).automountServiceAccountToken).toBe(
        false,
      );
      expect(backend(name).spec.volumeClaimTemplates[0].metadata.labels).toEqual({
        'app.kubernetes.io/name': 'judix',
        'app.kubernetes.io/instance': 'judix',
        'app.kubernetes.io/component': name,
      });
    }
  });

  it('when the exporters run, then Prometheus scrapes them as the jobs the rules name, and only they reach the stores for it', () => {
    const config = load(
      find(objects, 'ConfigMap', 'judix-prometheus').data['prometheus.yml'],
    ) as any;
    const jobs = config.scrape_configs.map((j: any) => j.job_name);
    expect(jobs).toEqual([
      'judix-api',
      'judix-collector',
      'judix-mongodb',
      'judix-redis',
      'prometheus',
    ]);
    const ruleText = filesIn('prometheus/rules', '.yaml')
      .map((f) => source(`prometheus/rules/${f}`))
      .join('\n');
    for (const [, job] of ruleText.matchAll(/job="([a-z-]+)"/g)) expect(jobs).toContain(job);
    const exporter = (store: string) =>
      podSpecOf(find(objects, 'Deployment', `judix-${store}-exporter`)).containers[0];
    const mongoEnv = Object.fromEntries(
      exporter('mongodb').env.map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]),
    );
    expect(mongoEnv.MONGODB_PASSWORD).toEqual({
      secretKeyRef: { name: 'judix-mongodb-monitoring', key: 'mongodb-monitoring-password' },
    });
    expect(mongoEnv.MONGODB_URI).toMatch(
      /^mongodb:\/\/\$\(MONGODB_USER\):\$\(MONGODB_PASSWORD\)@judix-mongodb-0\..+replicaSet=rs0&authSource=admin$/,
    );
    expect(exporter('mongodb').args).toContain('--collector.replicasetstatus');
    const redisEnv = Object.fromEntries(
      exporter('redis').env.map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]),
    );
    expect(redisEnv).toEqual({
      REDIS_ADDR: 'redis://judix-redis:6379',
      REDIS_PASSWORD: { secretKeyRef: { name: 'judix-redis', key: 'redis-password' } },
    });
    for (const [store, port] of [
      ['mongodb', 27017],
      ['redis', 6379],
    ] as const) {
      const admitted = find(objects, 'NetworkPolicy', `judix-${store}-exporter-target`);
      expect(admitted.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe(store);
      expect(admitted.spec.ingress).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: expect.objectContaining({
                  'app.kubernetes.io/component': `${store}-exporter`,
                }),
              },
            },
          ],
          ports: [{ port, protocol: 'TCP' }],
        },
      ]);
      expect(exporter(store).image).toMatch(/:v?\d+\.\d+\.\d+$/);
      expect(exporter(store).readinessProbe.tcpSocket.port).toBe('metrics');
    }
  });

  it('when Grafana queries, then its egress reaches exactly the three stores, and only Grafana reaches their query ports', () => {
    const egress = find(objects, 'NetworkPolicy', 'judix-grafana').spec.egress.slice(1);
    expect(
      egress.map((r: K8sObject) => r.to[0].podSelector.matchLabels['app.kubernetes.io/component']),
    ).toEqual(['loki', 'prometheus', 'tempo']);
    const prometheus = find(objects, 'NetworkPolicy', 'judix-prometheus');
    expect(
      prometheus.spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/component'],
    ).toBe('grafana');
  });
});
