// Skaffold and kind cannot run here: their configs are checked against what exists, the files,
// the chart, its values schema, the Services it renders, and the profiles the workflows and README use.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDir, find, profiles, render } from '../chart/support/chart';
import { readText, readYaml, repoRoot, type Doc } from './support';

const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Doc;

/** Whether a dotted values path is a key the chart's schema accepts. */
function schemaHasPath(path: string): boolean {
  let node: Doc | undefined = schema;
  for (const key of path.split('.')) {
    while (node?.$ref) node = schema.definitions[node.$ref.replace('#/definitions/', '')];
    node = node?.properties?.[key];
    if (!node) return false;
  }
  return true;
}

describe('skaffold.yaml', () => {
  const config = readYaml('skaffold.yaml');

  it('when parsed, then it is a v4 Skaffold config building both images from their Dockerfiles', () => {
    expect(config.apiVersion).toMatch(/^skaffold\/v4beta\d+$/);
    expect(config.kind).toBe('Config');
    const artifacts = config.build.artifacts.map((a: Doc) => [
      a.image,
      a.context,
      a.docker.dockerfile,
    ]);
    expect(artifacts).toEqual([
      ['judix-api', '.', 'Dockerfile'],
      ['judix-web', '.', 'Dockerfile.web'],
    ]);
    for (const [, context, dockerfile] of artifacts)
      expect(existsSync(join(repoRoot, context, dockerfile))).toBe(true);
  });

  it('when deploying, then it uses helm itself (so lookup sees the cluster), never rendered manifests', () => {
    expect(Object.keys(config.deploy).filter((k) => k !== 'kubeContext')).toEqual(['helm']);
    expect(config.manifests).toBeUndefined();
    const [release] = config.deploy.helm.releases;
    expect(release.chartPath).toBe('charts/judix');
    expect(existsSync(join(repoRoot, release.chartPath, 'Chart.yaml'))).toBe(true);
    expect(release.valuesFiles).toEqual(['charts/judix/values-dev.yaml']);
    expect(profiles.dev).toEqual([join(repoRoot, release.valuesFiles[0])]);
  });

  it('when images are built, then their repository and tag reach the chart values', () => {
    const templates = config.deploy.helm.releases[0].setValueTemplates as Record<string, string>;
    for (const [component, image] of [
      ['api', 'judix_api'],
      ['web', 'judix_web'],
    ]) {
      expect(templates[`${component}.image.repository`]).toBe(`{{.IMAGE_REPO_NO_DOMAIN_${image}}}`);
      expect(templates[`${component}.image.tag`]).toBe(`{{.IMAGE_TAG_${image}}}`);
      expect(templates[`${component}.image.registry`]).toBe(`{{.IMAGE_DOMAIN_${image}}}`);
    }
    for (const key of Object.keys(templates))
      expect([key, schemaHasPath(key)]).toEqual([key, true]);
  });

  it('when ports are forwarded, then they name Services and ports the dev profile renders', () => {
    const release = config.deploy.helm.releases[0];
    const objects = render({
      valuesFiles: profiles.dev!,
      extraArgs: ['--namespace', release.namespace],
    });
    for (const forward of config.portForward) {
      expect(forward.resourceType).toBe('service');
      const service = find(objects, 'Service', forward.resourceName);
      expect(service.spec.ports.map((p: Doc) => p.port)).toContain(forward.port);
    }
  });
});

describe('skaffold profiles', () => {
  const config = readYaml('skaffold.yaml');

  /** The value a JSON pointer names in the config, or undefined. */
  const at = (pointer: string) =>
    pointer
      .split('/')
      .slice(1)
      .reduce<Doc | undefined>((node, key) => node?.[key], config);

  it('when a profile patches the config, then a replaced path exists and an added one has a parent', () => {
    expect(config.profiles.map((p: Doc) => p.name)).toEqual(['kind']);
    for (const profile of config.profiles) {
      for (const patch of profile.patches) {
        expect(['add', 'replace']).toContain(patch.op);
        const parent = patch.path.split('/').slice(0, -1).join('/');
        expect([patch.path, at(patch.op === 'replace' ? patch.path : parent)]).toEqual([
          patch.path,
          expect.anything(),
        ]);
      }
    }
  });

  it('when the workflows or the README run skaffold with a profile, then that profile exists', () => {
    const names = new Set(config.profiles.map((p: Doc) => p.name));
    const sources = [readText('README.md'), readText('.github/workflows/chart.yml')].join('\n');
    const used = [...sources.matchAll(/skaffold \w+(?: [^\n`]*)? (?:-p|--profile)[ =](\w+)/g)].map(
      (m) => m[1],
    );
    expect(used).toContain('kind');
    for (const name of used) expect([name, names.has(name)]).toEqual([name, true]);
  });
});

describe('kind cluster config', () => {
  const cluster = readYaml('scripts/kind/cluster.yaml');

  it('when created, then its node is ingress-ready and publishes ports 80 and 443', () => {
    expect(cluster).toMatchObject({
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: 'judix',
    });
    const [node] = cluster.nodes;
    expect(node.role).toBe('control-plane');
    expect(node.kubeadmConfigPatches.join('\n')).toMatch(/node-labels: "ingress-ready=true"/);
    expect(node.extraPortMappings.map((m: Doc) => [m.containerPort, m.hostPort])).toEqual([
      [80, 80],
      [443, 443],
    ]);
  });

  it('when skaffold deploys, then it targets this cluster', () => {
    expect(readYaml('skaffold.yaml').deploy.kubeContext).toBe(`kind-${cluster.name}`);
  });

  it('when the kind scripts create and delete the cluster, then they use this config and name', () => {
    const up = readText('scripts/kind/up.sh');
    expect(up).toMatch(new RegExp(`^cluster=${cluster.name}$`, 'm'));
    expect(up).toContain('--config scripts/kind/cluster.yaml');
    expect(readText('scripts/kind/down.sh')).toContain(
      `kind delete cluster --name ${cluster.name}`,
    );
    expect(readText('.github/workflows/chart.yml')).toContain(`--name ${cluster.name}`);
  });
});
