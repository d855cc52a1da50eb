// Renders the chart with the real helm binary and returns the manifests as plain objects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { helmPath } from '../../../scripts/helm';

export const repoRoot = join(__dirname, '..', '..', '..');
export const chartDir = join(repoRoot, 'charts', 'judix');
export const releaseName = 'judix';
export const namespace = 'judix-test';

/** Every values profile that must lint and render: the defaults, the dev profile and each ci scenario. */
export const profiles: Record<string, string[]> = {
  default: [],
  dev: [join(chartDir, 'values-dev.yaml')],
  ...Object.fromEntries(
    readdirSync(join(chartDir, 'ci'))
      .filter((file) => file.endsWith('-values.yaml'))
      .sort()
      .map((file) => [`ci/${file}`, [join(chartDir, 'ci', file)]]),
  ),
};

// Kubernetes objects are open-ended JSON; tests read the fields they check.
export type K8sObject = Record<string, any>;

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmResult {
  const result = spawnSync(helmPath(), args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export interface RenderOptions {
  release?: string;
  /** Chart directory; the working tree's chart unless a test renders another version. */
  chart?: string;
  valuesFiles?: string[];
  set?: Record<string, string>;
  extraArgs?: string[];
}

export function templateArgs({
  release = releaseName,
  chart = chartDir,
  valuesFiles = [],
  set = {},
  extraArgs = [],
}: RenderOptions): string[] {
  return [
    'template',
    release,
    chart,
    '--namespace',
    namespace,
    ...valuesFiles.flatMap((file) => ['--values', relative(repoRoot, file)]),
    ...Object.entries(set).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    ...extraArgs,
  ];
}

/** The objects of a multi-document manifest. */
export function parseManifests(stdout: string): K8sObject[] {
  return loadAll(stdout).filter((doc): doc is K8sObject => typeof doc === 'object' && doc !== null);
}

/** Renders and returns helm's output; throws with helm's message when rendering fails. */
export function renderText(options: RenderOptions = {}): string {
  const result = helm(templateArgs(options));
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return result.stdout;
}

/** Renders and parses; throws with helm's message when rendering fails. */
export function render(options: RenderOptions = {}): K8sObject[] {
  return parseManifests(renderText(options));
}

/** Renders expecting failure and returns helm's error output. */
export function renderError(options: RenderOptions): string {
  const result = helm(templateArgs(options));
  if (result.status === 0) throw new Error('helm template succeeded but was expected to fail');
  return result.stderr;
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The pod template (or the Pod itself) of a workload. */
export function podSpecOf(object: K8sObject): K8sObject {
  return object.kind === 'Pod' ? object.spec : object.spec.template.spec;
}

export function podLabelsOf(object: K8sObject): Record<string, string> {
  return object.kind === 'Pod' ? object.metadata.labels : object.spec.template.metadata.labels;
}

export const workloadKinds = ['Deployment', 'StatefulSet', 'Pod'];

export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => workloadKinds.includes(o.kind));
}

export function allContainers(object: K8sObject): K8sObject[] {
  const spec = podSpecOf(object);
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Writes values to a temporary file, for values too nested for `--set`. */
export function valuesFile(values: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'judix-values-')), 'values.yaml');
  writeFileSync(file, dump(values));
  return file;
}

/**
 * Extracts the chart as it was at `commit` into a temporary directory and returns its path. The
 * chart reads observability/ through a symbolic link, so that folder comes along when the commit
 * has it and the link resolves inside the extracted tree.
 */
export function chartAtCommit(commit: string): string {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
  const linked = git('ls-tree', '--name-only', commit, 'observability').stdout.toString().trim();
  const archive = git(
    'archive',
    '--format=tar',
    commit,
    'charts/judix',
    ...(linked ? [linked] : []),
  );
  if (archive.status !== 0) throw new Error(`cannot read the chart of ${commit} from git`);
  const dir = mkdtempSync(join(tmpdir(), 'judix-previous-chart-'));
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`cannot extract the chart of ${commit}`);
  return join(dir, 'charts', 'judix');
}
