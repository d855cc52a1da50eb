// The release lifecycle on a real API server, in one namespace enforcing `restricted`: install the
// previous chart from git history, upgrade to the working tree's chart, upgrade again with nothing
// changed, roll back, uninstall. Generated Secrets must survive all of it byte for byte, a no-op
// upgrade must not touch a pod template (it would roll every pod), and uninstall must leave
// exactly the objects marked `helm.sh/resource-policy: keep`.
import {
  deleteNamespace,
  getObjects,
  helm,
  K8sObject,
  restrictedNamespace,
  tryHelm,
} from './support/cluster';
import {
  chartDir,
  keepsOnUninstall,
  previousChart,
  release,
  secretData,
  workloads,
} from './support/chart';

const namespace = 't1-lifecycle';
const instance = `app.kubernetes.io/instance=${release}`;
const kinds =
  'deployments,statefulsets,services,configmaps,secrets,serviceaccounts,roles,rolebindings,poddisruptionbudgets,horizontalpodautoscalers,networkpolicies,ingresses,persistentvolumeclaims';
const byKindAndName = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

function expectSameSecrets(before: Map<string, string>, after: Map<string, string>): void {
  for (const [name, data] of before) {
    expect({ name, data: after.get(name) }).toEqual({ name, data });
  }
}

describe('the release lifecycle', () => {
  const previous = previousChart();
  const upgrade = (chart: string): void => {
    helm(['upgrade', release, chart, '--namespace', namespace]);
  };

  beforeAll(() => restrictedNamespace(namespace));
  afterAll(() => {
    tryHelm(['uninstall', release, '--namespace', namespace]);
    deleteNamespace(namespace);
  });

  let installed: Map<string, string>;
  let upgraded: Map<string, string>;

  it(`when the previous chart is installed and upgraded to this one, then every Secret is unchanged`, () => {
    helm(['install', release, previous.dir, '--namespace', namespace]);
    installed = secretData(namespace);
    expect(installed.size).toBeGreaterThan(0);
    upgrade(chartDir);
    upgraded = secretData(namespace);
    expectSameSecrets(installed, upgraded);
  });

  it('when the same chart is upgraded to again, then no Secret, generation or pod template changes', () => {
    const before = workloads(namespace);
    expect(before.size).toBeGreaterThan(0);
    upgrade(chartDir);
    expect(secretData(namespace)).toEqual(upgraded);
    expect(workloads(namespace)).toEqual(before);
  });

  it('when the release is rolled back to the previous chart, then it succeeds and keeps the Secrets', () => {
    helm(['rollback', release, '1', '--namespace', namespace]);
    const history = JSON.parse(
      helm(['history', release, '--namespace', namespace, '--output', 'json']),
    ) as { revision: number; status: string; description: string }[];
    expect(history.at(-1)).toMatchObject({ status: 'deployed', description: 'Rollback to 1' });
    expectSameSecrets(installed, secretData(namespace));
  });

  it('when the release is uninstalled, then only the objects marked keep remain', () => {
    const kept = getObjects(kinds, namespace, instance).filter(keepsOnUninstall).map(byKindAndName);
    expect(kept.filter((name) => name.startsWith('Secret/')).length).toBeGreaterThan(0);
    helm(['uninstall', release, '--namespace', namespace, '--wait']);
    const left = getObjects(kinds, namespace, instance)
      // Claims made from a StatefulSet's volumeClaimTemplates outlive it by design.
      .filter((o) => !(o.kind === 'PersistentVolumeClaim' && !keepsOnUninstall(o)))
      .map(byKindAndName);
    expect(left.sort()).toEqual(kept.sort());
  });
});
