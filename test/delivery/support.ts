// Reads the repository's delivery files (workflows, Dockerfiles, Skaffold, kind) as text or data.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const repoRoot = join(__dirname, '..', '..');

// YAML documents are open-ended; tests read the fields they check.
export type Doc = Record<string, any>;

export const readText = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
export const readYaml = (path: string): Doc => load(readText(path)) as Doc;

export interface Workflow {
  source: string;
  doc: Doc;
  steps(job: string): Doc[];
  /** Every `run:` script of a job, joined. */
  scripts(job: string): string;
}

export function workflow(name: string): Workflow {
  const source = readText(join('.github', 'workflows', name));
  const doc = load(source) as Doc;
  const steps = (job: string): Doc[] => {
    const found = doc.jobs?.[job];
    if (!found) throw new Error(`${name} has no job ${job}`);
    return found.steps;
  };
  const scripts = (job: string) =>
    steps(job)
      .map((s) => String(s.run ?? ''))
      .join('\n');
  return { source, doc, steps, scripts };
}

/** The step using an action (owner/name), failing clearly when there is none. */
export function stepUsing(steps: Doc[], action: string): Doc {
  const step = steps.find((s) => String(s.uses ?? '').startsWith(`${action}@`));
  if (!step) throw new Error(`no step uses ${action}`);
  return step;
}

/** The repository's files (tracked, or new and not ignored), relative to its root. */
export function repoFiles(): string[] {
  const result = spawnSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return result.stdout.split('\0').filter(Boolean).sort();
}
