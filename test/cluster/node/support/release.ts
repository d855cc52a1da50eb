// The node tier's release: values-dev.yaml plus test/cluster/node/values.yaml, and the images the
// chart renders for it (scripts/cluster/test-tier2.sh builds and imports them under those names).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { helmPath } from '../../../../scripts/helm';
import { K8sObject, repoRoot } from '../../support/cluster';

export const valuesFiles = [
  join(repoRoot, 'charts', 'judix', 'values-dev.yaml'),
  join(__dirname, '..', 'values.yaml'),
];

export function valuesArgs(): string[] {
  return valuesFiles.flatMap((file) => ['--values', file]);
}

/** Each Deployment's pod spec as the chart renders it for the node tier, by Deployment name. */
export function renderedPodSpecs(): Map<string, K8sObject> {
  const chart = join(repoRoot, 'charts', 'judix');
  const rendered = spawnSync(helmPath(), ['template', 'judix', chart, ...valuesArgs()], {
    encoding: 'utf8',
  });
  if (rendered.status !== 0) throw new Error(`helm template failed: ${rendered.stderr}`);
  return new Map(
    (loadAll(rendered.stdout) as K8sObject[])
      .filter((o) => o?.kind === 'Deployment')
      .map((o) => [o.metadata.name as string, o.spec.template.spec as K8sObject]),
  );
}

/** The image of the api pod's collector sidecar, as the chart renders it for the node tier. */
export function collectorImage(specs = renderedPodSpecs()): string {
  const api = [...specs].find(([name]) => name.endsWith('-api'))?.[1];
  const sidecar = (api?.initContainers ?? []).find((c: K8sObject) => c.name === 'otel-collector');
  if (!sidecar) throw new Error('the api pod renders no otel-collector sidecar');
  return sidecar.image as string;
}
