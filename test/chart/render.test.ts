// Every profile lints strictly, renders, and yields only objects valid for Kubernetes 1.29+.
import { chartDir, helm, profiles, render, renderError, type K8sObject } from './support/chart';
import { schemaErrors, typeErrors } from './support/kubernetes-schema';

const label = (profile: string) => (o: K8sObject) => `${profile}: ${o.kind} ${o.metadata?.name}`;

// API versions that are GA and served from Kubernetes 1.29 on (none is removed up to 1.35).
const supportedApiVersions = new Set([
  'v1',
  'apps/v1',
  'autoscaling/v2',
  'policy/v1',
  'networking.k8s.io/v1',
  // Gateway API v1 (HTTPRoute) is a CRD, GA since Gateway API 1.0.
  'gateway.networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1',
]);

describe.each(Object.entries(profiles))('profile %s', (profile, valuesFiles) => {
  it('when linted with --strict, then helm reports no error or warning', () => {
    const result = helm([
      'lint',
      '--strict',
      chartDir,
      ...valuesFiles.flatMap((f) => ['--values', f]),
    ]);
    expect(result.stderr + result.stdout).not.toMatch(/\[(ERROR|WARNING)\]/);
    expect(result.status).toBe(0);
  });

  it('when rendered, then every object matches the Kubernetes API schemas', () => {
    const objects = render({ valuesFiles });
    expect(objects.length).toBeGreaterThan(10);
    const errors = objects.flatMap((o) => schemaErrors(o).map((e) => `${label(profile)(o)}: ${e}`));
    expect(errors).toEqual([]);
    for (const o of objects) expect(supportedApiVersions).toContain(o.apiVersion);
  });

  it('when rendered, then no object has an unknown or misspelt field', () => {
    expect(typeErrors(render({ valuesFiles }), label(profile))).toEqual([]);
  });
});

describe('Kubernetes versions', () => {
  it.each(['1.29.0', '1.32.0', '1.35.0'])('when the cluster is %s, then the chart renders', (v) => {
    expect(render({ extraArgs: ['--kube-version', v] }).length).toBeGreaterThan(10);
  });

  it('when the cluster is older than 1.29, then the chart refuses it', () => {
    expect(renderError({ extraArgs: ['--kube-version', '1.28.9'] })).toMatch(/kubeVersion/i);
  });
});

describe('the strict type check itself', () => {
  it('when an object has a misspelt field, then it is reported', () => {
    const bad: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x' },
      spec: { selectr: { a: 'b' } },
    };
    expect(typeErrors([bad], label('probe')).join('\n')).toMatch(/selectr/);
  });

  it('when an object has a wrongly typed field, then the schema check reports it', () => {
    const bad: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x' },
      spec: { ports: [{ port: 'eighty' }] },
    };
    expect(schemaErrors(bad).join('\n')).toMatch(/port/);
  });
});
