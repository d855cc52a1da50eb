// What a first `helm install` and `helm test --logs` on a real cluster depend on: images that exist
// where the chart points, the README's install command, and a test pod that is still there when
// helm reads its logs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { allContainers, chartDir, find, podSpecOf, render, workloads } from './support/chart';

const chart = load(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, any>;
const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
const chartImages = (objects: ReturnType<typeof render>) =>
  workloads(objects)
    .flatMap(allContainers)
    .map((c) => c.image as string)
    .filter((image) => image.includes('judix-'));

/** The README's install command as arguments, with shell quoting and line continuations removed. */
function readmeInstallArgs(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Install')))![1]!;
  const line = block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .find((l) => l.startsWith('helm install '))!;
  return line
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/^'(.*)'$/, '$1'));
}

describe('images', () => {
  it('when nothing is set, then the api and web images are the published ones at appVersion', () => {
    const objects = render();
    expect(new Set(chartImages(objects))).toEqual(
      new Set([
        `ghcr.io/judix/judix-api:${chart.appVersion}`,
        `ghcr.io/judix/judix-web:${chart.appVersion}`,
      ]),
    );
  });

  it('when a global registry is set, then it replaces ghcr.io and keeps the repository path', () => {
    const images = chartImages(render({ set: { 'global.imageRegistry': 'mirror.internal:5000' } }));
    expect(images).toContain(`mirror.internal:5000/judix/judix-api:${chart.appVersion}`);
    expect(images.every((i) => i.startsWith('mirror.internal:5000/'))).toBe(true);
  });

  it('when a digest is set, then the image is pulled by it', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(chartImages(render({ set: { 'web.image.digest': digest } }))).toContain(
      `ghcr.io/judix/judix-web:${chart.appVersion}@${digest}`,
    );
  });
});

describe('the README install command', () => {
  const args = readmeInstallArgs();

  it('when read, then it installs the published chart at this chart version', () => {
    expect(args.slice(0, 4)).toEqual([
      'helm',
      'install',
      'judix',
      'oci://ghcr.io/judix/charts/judix',
    ]);
    expect(args[args.indexOf('--version') + 1]).toBe(chart.version);
  });

  it('when its values are rendered, then the chart accepts them and serves the host over TLS', () => {
    const set = Object.fromEntries(
      args
        .flatMap((word, i) => (word === '--set' ? [args[i + 1]!] : []))
        .map((pair) => pair.split('=') as [string, string]),
    );
    const ingress = find(render({ set }), 'Ingress', 'judix');
    expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(['tasks.example.com']);
    expect(ingress.spec.tls[0].secretName).toBe('tasks-example-com-tls');
  });
});

describe('helm test', () => {
  it('when the round trip passes, then its pod is kept for `helm test --logs` until the next run', () => {
    const pod = find(render(), 'Pod', 'judix-test-roundtrip');
    expect(pod.metadata.annotations['helm.sh/hook']).toBe('test');
    expect(pod.metadata.annotations['helm.sh/hook-delete-policy']).toBe('before-hook-creation');
    expect(podSpecOf(pod).restartPolicy).toBe('Never');
  });
});

describe('chart metadata', () => {
  const annotations = chart.annotations as unknown as Record<string, string>;

  it('when published, then it points at the project and has an icon that ships with it', () => {
    expect(chart.home).toBe('https://github.com/judix/judix');
    expect(chart.sources).toEqual(['https://github.com/judix/judix']);
    expect(chart.icon).toMatch(/^https:\/\/.+\/charts\/judix\/icon\.svg$/);
    expect(readFileSync(join(chartDir, 'icon.svg'), 'utf8')).toMatch(/^<svg /);
    expect(chart.maintainers).toEqual([expect.objectContaining({ name: expect.any(String) })]);
    expect(annotations['artifacthub.io/license']).toBe('Apache-2.0');
  });

  it('when Artifact Hub lists the images, then they are exactly the ones a default install pulls', () => {
    const listed = (load(annotations['artifacthub.io/images']!) as { image: string }[]).map(
      (i) => i.image,
    );
    const rendered = workloads(render())
      .flatMap(allContainers)
      .map((c) => c.image as string);
    expect(new Set(listed)).toEqual(new Set(rendered));
  });

  it('when Artifact Hub reads the changes, then each has a known kind and a description', () => {
    const changes = load(annotations['artifacthub.io/changes']!) as {
      kind: string;
      description: string;
    }[];
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(['added', 'changed', 'deprecated', 'removed', 'fixed', 'security']).toContain(
        change.kind,
      );
      expect(change.description.length).toBeGreaterThan(10);
    }
  });
});
