// Every command and path README.md shows exists: repository paths in code, `npm run` scripts, the
// scripts it tells to run, and the tool versions it lists are the ones CI uses.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readText, readYaml, repoRoot } from './support';

const readme = readText('README.md');
const code = [
  ...[...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!),
  ...[...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!),
].join('\n');

const roots = ['scripts/', 'charts/', '.github/', 'test/', 'web/', 'src/', 'bench/', '.ci/'];
const rootFiles = ['Dockerfile', 'Dockerfile.web', 'skaffold.yaml', '.nvmrc', 'package.json'];

/** Paths into the repository that the README's code mentions. */
function mentionedPaths(): string[] {
  const tokens = code
    .split(/[\s"'()=,]+/)
    .map((t) => t.replace(/^\.\//, '').replace(/[.:;]+$/, ''));
  return [
    ...new Set(
      tokens.filter(
        (t) =>
          roots.some((r) => t.startsWith(r)) ||
          rootFiles.includes(t) ||
          t === 'src/auth/common-passwords.txt',
      ),
    ),
  ].sort();
}

function exists(path: string): boolean {
  if (!path.includes('*')) return existsSync(join(repoRoot, path));
  const pattern = new RegExp(
    `^${path.split('/').at(-1)!.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`,
  );
  const dir = join(repoRoot, dirname(path));
  return existsSync(dir) && readdirSync(dir).some((name) => pattern.test(name));
}

describe('README.md', () => {
  it('when it shows repository paths, then each of them exists', () => {
    const paths = mentionedPaths();
    expect(paths).toEqual(
      expect.arrayContaining([
        'scripts/kind/up.sh',
        'scripts/kind/down.sh',
        'scripts/smoke.ts',
        'charts/judix/values-dev.yaml',
      ]),
    );
    for (const path of paths) expect([path, exists(path)]).toEqual([path, true]);
  });

  it('when it shows npm scripts, then package.json has them', () => {
    const scripts = JSON.parse(readText('package.json')).scripts as Record<string, string>;
    const used = [...code.matchAll(/npm run (?!-w)([\w:-]+)/g)].map((m) => m[1]!);
    expect(used).toContain('bench');
    for (const name of used) expect([name, name in scripts]).toEqual([name, true]);
  });

  it('when it lists tool versions for kind, then they are the ones the kind job uses', () => {
    const env = readYaml('.github/workflows/chart.yml').env as Record<string, string>;
    const version = (tool: string) =>
      new RegExp(`\\|\\s*${tool}\\s*\\|\\s*([^|\\s]+)\\s*\\|`).exec(readme)?.[1];
    expect(version('kind')).toBe(env.KIND_VERSION);
    expect(version('helm')).toBe(env.HELM_VERSION);
    expect(version('skaffold')).toBe(env.SKAFFOLD_VERSION);
    expect(version('Node')).toBe(readText('.nvmrc').trim());
  });

  it('when it shows how to install a release, then the chart and images are the ones the release publishes', () => {
    expect(readme).toMatch(
      /helm install judix oci:\/\/ghcr\.io\/judix\/charts\/judix --version X\.Y\.Z/,
    );
    expect(readme).toContain('release\\.yml@refs/tags/v');
    const release = readText('.github/workflows/release.yml');
    expect(release).toContain('"oci://${REGISTRY}/${OWNER}/charts"');
    expect(release).toContain("tags: ['v*']");
  });
});
