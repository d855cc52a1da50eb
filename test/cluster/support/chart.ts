// The chart as the cluster tests install it: the working tree's chart, the previous one from git
// history, and snapshots of what an install left in a namespace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chartAtCommit } from '../../chart/support/chart';
import { getObjects, K8sObject, repoRoot } from './cluster';

export const chartPath = 'charts/judix';
export const chartDir = join(repoRoot, chartPath);
export const release = 'judix';

function git(args: string[]): { status: number; stdout: Buffer } {
  const result = spawnSync('git', args, { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout };
}

/**
 * The previous chart: the newest commit touching charts/judix whose chart differs from the one in
 * the working tree, extracted into a temporary directory. That is the chart a cluster running the
 * last change would have installed, so upgrading from it is the upgrade users make next.
 */
export function previousChart(): { commit: string; dir: string } {
  const log = git(['log', '--format=%H', '--', chartPath]);
  if (log.status !== 0) throw new Error('git history is needed to find the previous chart');
  for (const commit of log.stdout.toString().split('\n').filter(Boolean)) {
    if (git(['diff', '--quiet', commit, '--', chartPath]).status === 0) continue;
    return { commit, dir: chartAtCommit(commit) };
  }
  throw new Error('no earlier chart in git history differs from the working tree (shallow clone?)');
}

/** Every Secret's data by name, leaving out Helm's own release records. */
export function secretData(namespace: string): Map<string, string> {
  return new Map(
    getObjects('secrets', namespace)
      .filter((secret) => secret.type !== 'helm.sh/release.v1')
      .map((secret) => [secret.metadata.name as string, JSON.stringify(sortKeys(secret.data))]),
  );
}

function sortKeys(data: Record<string, string> | undefined): [string, string][] {
  return Object.entries(data ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

/** Each Deployment's and StatefulSet's generation and pod template, by kind and name. */
export function workloads(
  namespace: string,
): Map<string, { generation: number; template: string }> {
  return new Map(
    ['deployments', 'statefulsets'].flatMap((kind) =>
      getObjects(kind, namespace).map((o: K8sObject) => [
        `${kind}/${o.metadata.name}`,
        { generation: o.metadata.generation as number, template: JSON.stringify(o.spec.template) },
      ]),
    ),
  );
}

export const keepsOnUninstall = (o: K8sObject): boolean =>
  o.metadata?.annotations?.['helm.sh/resource-policy'] === 'keep';
