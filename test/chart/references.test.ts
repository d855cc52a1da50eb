// Reference integrity: every ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount a pod
// refers to is rendered by the chart, or is named by an operator-provided value the README
// documents (an existing Secret, claim or ServiceAccount). Otherwise pods hang in
// ContainerCreating, or are never created, on a real cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import {
  allContainers,
  chartDir,
  podSpecOf,
  profiles,
  render,
  valuesFile,
  workloads,
  type K8sObject,
} from './support/chart';

type Kind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** Values through which an operator names objects the chart does not create. */
const operatorProvided: { path: string; kind: Kind }[] = [
  { path: 'auth.existingSecret', kind: 'Secret' },
  { path: 'mongodb.auth.existingSecret', kind: 'Secret' },
  { path: 'redis.auth.existingSecret', kind: 'Secret' },
  { path: 'mongodb.external.existingSecret', kind: 'Secret' },
  { path: 'redis.external.existingSecret', kind: 'Secret' },
  { path: 'observability.prometheus.external.existingSecret', kind: 'Secret' },
  { path: 'observability.tempo.external.existingSecret', kind: 'Secret' },
  { path: 'observability.loki.external.existingSecret', kind: 'Secret' },
  { path: 'observability.grafana.admin.existingSecret', kind: 'Secret' },
  { path: 'observability.exporters.mongodb.auth.existingSecret', kind: 'Secret' },
  { path: 'global.imagePullSecrets', kind: 'Secret' },
  { path: 'redis.persistence.existingClaim', kind: 'PersistentVolumeClaim' },
  { path: 'api.serviceAccount.name', kind: 'ServiceAccount' },
  { path: 'web.serviceAccount.name', kind: 'ServiceAccount' },
];

function deepMerge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return over ?? base;
  if (typeof over !== 'object' || over === null || Array.isArray(over)) return over ?? base;
  const merged: K8sObject = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(merged[key], value);
  return merged;
}

function valuesOf(valuesFiles: string[]): K8sObject {
  return [join(chartDir, 'values.yaml'), ...valuesFiles].reduce<K8sObject>(
    (merged, file) => deepMerge(merged, load(readFileSync(file, 'utf8'))) as K8sObject,
    {},
  );
}

const at = (values: K8sObject, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as K8sObject | undefined)?.[key], values);

/** Every (kind, name) a pod refers to. */
export function references(pod: K8sObject): { kind: Kind; name: string }[] {
  const spec = podSpecOf(pod);
  const refs: { kind: Kind; name: string }[] = [];
  const add = (kind: Kind, name: string | undefined) => {
    if (name) refs.push({ kind, name });
  };
  for (const volume of spec.volumes ?? []) {
    add('ConfigMap', volume.configMap?.name);
    add('Secret', volume.secret?.secretName);
    add('PersistentVolumeClaim', volume.persistentVolumeClaim?.claimName);
    for (const source of volume.projected?.sources ?? []) {
      add('ConfigMap', source.configMap?.name);
      add('Secret', source.secret?.name);
    }
  }
  for (const container of allContainers(pod)) {
    for (const env of container.env ?? []) {
      add('Secret', env.valueFrom?.secretKeyRef?.name);
      add('ConfigMap', env.valueFrom?.configMapKeyRef?.name);
    }
    for (const from of container.envFrom ?? []) {
      add('Secret', from.secretRef?.name);
      add('ConfigMap', from.configMapRef?.name);
    }
  }
  for (const secret of spec.imagePullSecrets ?? []) add('Secret', secret.name);
  add('ServiceAccount', spec.serviceAccountName ?? 'default');
  return refs;
}

/** References that are neither rendered nor operator-provided. */
function dangling(objects: K8sObject[], values: K8sObject): string[] {
  const provided = new Set(
    operatorProvided.flatMap(({ path, kind }) =>
      [at(values, path)]
        .flat()
        .filter(Boolean)
        .map((name) => `${kind}/${String(name)}`),
    ),
  );
  provided.add('ServiceAccount/default');
  // Kubernetes publishes this ConfigMap (the cluster's CA bundle) in every namespace; projected
  // service-account token volumes read it.
  provided.add('ConfigMap/kube-root-ca.crt');
  const rendered = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
  return workloads(objects).flatMap((w) =>
    references(w)
      .map(({ kind, name }) => `${kind}/${name}`)
      .filter((ref) => !rendered.has(ref) && !provided.has(ref))
      .map((ref) => `${w.kind} ${w.metadata.name} refers to ${ref}`),
  );
}

describe.each(Object.entries(profiles))('profile %s', (_profile, valuesFiles) => {
  it('when pods refer to ConfigMaps, Secrets, claims and ServiceAccounts, then each exists', () => {
    expect(dangling(render({ valuesFiles }), valuesOf(valuesFiles))).toEqual([]);
  });
});

describe('the reference check itself', () => {
  it('when a profile mounts a ConfigMap nothing renders, then it is reported', () => {
    const file = valuesFile({
      api: {
        extraVolumes: [{ name: 'collector-config', configMap: { name: 'judix-otel-collector' } }],
      },
    });
    expect(dangling(render({ valuesFiles: [file] }), valuesOf([file]))).toEqual([
      'Deployment judix-api refers to ConfigMap/judix-otel-collector',
    ]);
  });

  it('when the README is read, then it documents every operator-provided value', () => {
    const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
    for (const { path } of operatorProvided) expect(readme).toContain(`\`${path}\``);
  });
});
