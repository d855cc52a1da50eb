// What cannot run here (kind, Skaffold, GitHub Actions) is kept right by static checks: each file
// parses, follows its schema where one ships in npm, and agrees with the chart it drives.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { load } from 'js-yaml';
import { chartDir, find, profiles, render, repoRoot, type K8sObject } from './support/chart';

const readYaml = (path: string) => load(readFileSync(join(repoRoot, path), 'utf8')) as K8sObject;
const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as K8sObject;

/** Whether a dotted values path is a key the chart's schema accepts. */
function schemaHasPath(path: string): boolean {
  let node: K8sObject | undefined = schema;
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
    const artifacts = config.build.artifacts.map((a: K8sObject) => [
      a.image,
      a.context,
      a.docker.dockerfile,
    ]);
    expect(artifacts).toEqual([
      ['judix-api', '.', 'Dockerfile'],
      ['judix-web', '.', 'Dockerfile.web'],
    ]);
  });

  it('when deploying, then it uses helm itself (so lookup sees the cluster), never rendered manifests', () => {
    expect(Object.keys(config.deploy).filter((k) => k !== 'kubeContext')).toEqual(['helm']);
    expect(config.manifests).toBeUndefined();
    const [release] = config.deploy.helm.releases;
    expect(release.chartPath).toBe('charts/judix');
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
      expect(service.spec.ports.map((p: K8sObject) => p.port)).toContain(forward.port);
    }
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
    expect(node.extraPortMappings.map((m: K8sObject) => [m.containerPort, m.hostPort])).toEqual([
      [80, 80],
      [443, 443],
    ]);
  });

  it('when skaffold deploys, then it targets this cluster', () => {
    expect(readYaml('skaffold.yaml').deploy.kubeContext).toBe(`kind-${cluster.name}`);
  });
});

describe('chart workflow', () => {
  const source = readFileSync(join(repoRoot, '.github', 'workflows', 'chart.yml'), 'utf8');
  const workflow = load(source) as K8sObject;
  const steps = (job: string): K8sObject[] => workflow.jobs[job].steps;
  const scripts = (job: string) =>
    steps(job)
      .map((s) => String(s.run ?? ''))
      .join('\n');

  it('when validated against the GitHub workflow schema, then it has no error', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it('when the validator meets a broken workflow, then it reports it', () => {
    expect(validateWorkflow('on: push\njobs:\n  x:\n    steps: 3\n').errors.length).toBeGreaterThan(
      0,
    );
  });

  it('when actions are used, then each is pinned to an exact release', () => {
    const uses = Object.keys(workflow.jobs).flatMap((job) =>
      steps(job).flatMap((s) => (s.uses ? [s.uses] : [])),
    );
    expect(uses.length).toBeGreaterThan(5);
    for (const action of uses)
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[a-f0-9]{40})$/);
  });

  it('when its shell steps are checked, then shellcheck finds nothing', () => {
    for (const job of Object.keys(workflow.jobs)) {
      for (const step of steps(job).filter((s) => s.run)) {
        // GitHub substitutes ${{ }} expressions before the shell runs; stand in a plain word.
        const script = `#!/usr/bin/env bash\n${String(step.run).replace(/\$\{\{[^}]*\}\}/g, 'value')}`;
        const result = spawnSync('shellcheck', ['--shell=bash', '-'], {
          input: script,
          encoding: 'utf8',
        });
        if (result.error)
          throw new Error('shellcheck is not on the PATH: install the Debian package "shellcheck"');
        expect([step.name, result.stdout]).toEqual([step.name, '']);
      }
    }
  });

  it('when the static job runs, then it lints, renders with kubeconform and runs the chart tests', () => {
    const run = scripts('static');
    expect(run).toMatch(/helm lint --strict/);
    expect(run).toMatch(/charts\/judix\/ci\/\*-values\.yaml/);
    expect(run).toMatch(/kubeconform" -strict/);
    expect(run).toMatch(/npx jest --selectProjects chart/);
  });

  it('when the kind job runs, then it builds, loads, installs, tests, upgrades and runs skaffold', () => {
    expect(workflow.jobs.kind.needs).toBe('static');
    const run = scripts('kind');
    for (const expected of [
      /docker build --file Dockerfile --tag judix-api:ci/,
      /docker build --file Dockerfile\.web --tag judix-web:ci/,
      /kind load docker-image judix-api:ci judix-web:ci/,
      /ingress-nginx/,
      /pod-security\.kubernetes\.io\/enforce=restricted/,
      /helm install judix charts\/judix/,
      /helm test judix/,
      /helm upgrade judix/,
      /kubectl run np-probe --namespace default/,
      /has no key "jwt-secret"/,
      /skaffold build/,
      /skaffold run/,
    ]) {
      expect(run).toMatch(expected);
    }
    const kindStep = steps('kind').find((s) => String(s.uses).startsWith('helm/kind-action@'))!;
    expect(kindStep.with.config).toBe('scripts/kind/cluster.yaml');
    expect(kindStep.with.cluster_name).toBe(readYaml('scripts/kind/cluster.yaml').name);
  });
});
