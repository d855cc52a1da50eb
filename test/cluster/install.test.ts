// Every values profile installed on a real API server, in a namespace enforcing the `restricted`
// Pod Security Standard: the objects are accepted, and the controllers manage to create every
// workload's pods (a pod the admission rejects shows up as a FailedCreate event). The control
// plane has no node here, so pods stay Pending; that they exist is what is checked.
import { relative } from 'node:path';
import { profiles } from '../chart/support/chart';
import {
  deleteNamespace,
  getObjects,
  K8sObject,
  kubectl,
  repoRoot,
  restrictedNamespace,
  tryHelm,
  waitFor,
} from './support/cluster';
import { chartDir, release } from './support/chart';

const slug = (profile: string): string =>
  `t1-${profile
    .replace(/^ci\//, '')
    .replace(/-values\.yaml$/, '')
    .replace(/[^a-z0-9]+/g, '-')}`;

const podOwners = (namespace: string): K8sObject[] => [
  ...getObjects('deployments', namespace).map((o) => ({ ...o, kind: 'Deployment' })),
  ...getObjects('statefulsets', namespace).map((o) => ({ ...o, kind: 'StatefulSet' })),
];

function createdPods(workload: K8sObject): boolean {
  const wanted = workload.spec.replicas ?? 1;
  const created = workload.status?.replicas ?? 0;
  // A StatefulSet creates its pods one by one, each after the previous is Ready: with no node,
  // only the first ever exists.
  return workload.kind === 'StatefulSet' && workload.spec.podManagementPolicy !== 'Parallel'
    ? created >= Math.min(1, wanted)
    : created >= wanted;
}

// The Gateway API's CRDs are not obtainable on these machines. A stand-in CRD that serves
// HTTPRoute (gateway.networking.k8s.io/v1) without the upstream schema lets the API server store
// the gateway profile's route, so the rest of that profile is proven here; the route's fields are
// checked against the Gateway API's rules by the chart tests.
const httpRouteStandIn = JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'httproutes.gateway.networking.k8s.io',
    // The API server protects *.k8s.io groups; an "unapproved" value admits a stand-in.
    annotations: { 'api-approved.kubernetes.io': 'unapproved, a test stand-in' },
  },
  spec: {
    group: 'gateway.networking.k8s.io',
    scope: 'Namespaced',
    names: {
      plural: 'httproutes',
      singular: 'httproute',
      kind: 'HTTPRoute',
      listKind: 'HTTPRouteList',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    ],
  },
});

describe('every profile on a real API server', () => {
  beforeAll(async () => {
    kubectl(['apply', '-f', '-'], httpRouteStandIn);
    await waitFor('the HTTPRoute stand-in CRD to be served', 60, () =>
      kubectl(['api-resources', '--api-group=gateway.networking.k8s.io', '-o', 'name']).includes(
        'httproutes',
      )
        ? true
        : undefined,
    );
  });

  afterAll(() => {
    kubectl(['delete', 'crd', 'httproutes.gateway.networking.k8s.io', '--ignore-not-found']);
  });

  it.each(Object.entries(profiles))(
    'when the %s profile is installed in a restricted namespace, then every object is accepted and every pod admitted',
    async (profile, valuesFiles) => {
      const namespace = restrictedNamespace(slug(profile));
      try {
        const args = ['install', release, chartDir, '--namespace', namespace];
        for (const file of valuesFiles) args.push('--values', relative(repoRoot, file));
        const installed = tryHelm(args);
        expect(installed.stderr).not.toMatch(/violate PodSecurity/);
        expect(installed).toMatchObject({ status: 0 });

        const withPods = podOwners(namespace);
        expect(withPods.length).toBeGreaterThan(0);
        await waitFor('the controllers to create the pods', 120, () => {
          const rejected = getObjects('events', namespace).filter(
            (event) => event.reason === 'FailedCreate',
          );
          if (rejected.length) {
            throw new Error(`pods rejected: ${rejected.map((e) => e.message).join('; ')}`);
          }
          return podOwners(namespace).every(createdPods) ? true : undefined;
        });
        expect(getObjects('pods', namespace).length).toBeGreaterThanOrEqual(withPods.length);
      } finally {
        tryHelm(['uninstall', release, '--namespace', namespace]);
        deleteNamespace(namespace);
      }
    },
    240000,
  );

  it('when an existing Secret lacks a key the chart reads, then the install fails and names it', () => {
    // `lookup` sees real Secrets only on a cluster: `helm template` can never reach this check.
    const namespace = restrictedNamespace('t1-incomplete-secret');
    try {
      kubectl(
        ['create', 'secret', 'generic', 'judix-auth', '--namespace', namespace].concat([
          '--from-literal=unrelated=value',
        ]),
      );
      const installed = tryHelm(
        ['install', release, chartDir, '--namespace', namespace].concat([
          '--set',
          'auth.existingSecret=judix-auth',
        ]),
      );
      expect(installed.status).not.toBe(0);
      expect(installed.stderr).toContain('Secret "judix-auth" has no key "jwt-secret"');
      expect(tryHelm(['status', release, '--namespace', namespace]).status).not.toBe(0);
    } finally {
      deleteNamespace(namespace);
    }
  });
});
