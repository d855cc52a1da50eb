// A `helm upgrade` from the previous chart version must not touch what Kubernetes refuses to change
// in place: a StatefulSet's selector, serviceName, podManagementPolicy and volumeClaimTemplates, and
// the selectors of Deployments and Services (a changed one orphans the running pods).
//
// The previous version is the chart at the newest commit whose Chart.yaml `version` differs from the
// working tree's: that is what the last release shipped (every chart change bumps the version). It is
// read from git history, so this test needs the repository's history (not a shallow clone).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { chartAtCommit, chartDir, ofKind, render, repoRoot, type K8sObject } from './support/chart';

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repoRoot, encoding: 'buffer', maxBuffer: 64 << 20 });
const versionOf = (chartYaml: string) => (load(chartYaml) as { version: string }).version;

/** The newest commit whose chart version differs from the working tree's. */
function previousRelease(): { commit: string; version: string } {
  const current = versionOf(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  const commits = git('log', '--format=%H', '--', 'charts/judix/Chart.yaml').toString().split('\n');
  for (const commit of commits.filter(Boolean)) {
    const version = versionOf(git('show', `${commit}:charts/judix/Chart.yaml`).toString());
    if (version !== current) return { commit, version };
  }
  throw new Error(
    `no commit has a chart version other than ${current}: the upgrade test needs the git history (clone without --depth)`,
  );
}

const immutable = {
  StatefulSet: (o: K8sObject) => ({
    selector: o.spec.selector,
    serviceName: o.spec.serviceName,
    podManagementPolicy: o.spec.podManagementPolicy,
    volumeClaimTemplates: o.spec.volumeClaimTemplates,
  }),
  Deployment: (o: K8sObject) => ({ selector: o.spec.selector }),
  Service: (o: K8sObject) => ({ selector: o.spec.selector, clusterIP: o.spec.clusterIP }),
} as const;

const fieldsByName = (objects: K8sObject[]) =>
  Object.fromEntries(
    Object.entries(immutable).flatMap(([kind, fields]) =>
      ofKind(objects, kind).map((o) => [`${kind}/${o.metadata.name}`, fields(o)]),
    ),
  );

describe('helm upgrade from the previous chart version', () => {
  const previous = previousRelease();
  const previousChart = chartAtCommit(previous.commit);
  // Values both versions understand: the defaults, and the values-dev profile of each version.
  const cases: [string, (chart: string) => string[]][] = [
    ['default values', () => []],
    ['values-dev.yaml', (chart) => [join(chart, 'values-dev.yaml')]],
  ];

  it('when the previous version is found, then it is older and its chart renders', () => {
    expect(previous.version).not.toBe(
      versionOf(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')),
    );
    expect(render({ chart: previousChart }).length).toBeGreaterThan(10);
  });

  it.each(cases)(
    'when upgrading with %s, then no immutable field or selector changes',
    (_name, files) => {
      const before = fieldsByName(
        render({ chart: previousChart, valuesFiles: files(previousChart) }),
      );
      const after = fieldsByName(render({ valuesFiles: files(chartDir) }));
      for (const [key, fields] of Object.entries(before)) {
        // A resource the new version no longer renders is deleted by helm, not patched.
        if (key in after) expect([key, after[key]]).toEqual([key, fields]);
      }
      // New stores may be added; none may go, or helm would delete it with its pods.
      expect(Object.keys(after).filter((k) => k.startsWith('StatefulSet/'))).toEqual(
        expect.arrayContaining(Object.keys(before).filter((k) => k.startsWith('StatefulSet/'))),
      );
    },
  );

  it('when the check meets a changed claim template, then it reports it', () => {
    const objects = render();
    const changed = objects.map((o) =>
      o.kind === 'StatefulSet'
        ? {
            ...o,
            spec: {
              ...o.spec,
              volumeClaimTemplates: [
                {
                  ...o.spec.volumeClaimTemplates[0],
                  metadata: { name: 'data', labels: { 'helm.sh/chart': 'judix-9' } },
                },
              ],
            },
          }
        : o,
    );
    expect(fieldsByName(changed)).not.toEqual(fieldsByName(objects));
  });
});
