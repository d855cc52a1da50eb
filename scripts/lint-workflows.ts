// Checks GitHub Actions workflows with two independent tools, both under permissive licences:
// actionlint (expressions, job graph, action inputs, and shellcheck on every `run:` script), built
// once with Go at a pinned version into the tool cache (scripts/tool-cache.ts), and GitHub's own
// workflow schema through @actions/workflow-parser.
// As a command: `npx tsx scripts/lint-workflows.ts [workflow files]` (default: .github/workflows/*)
// prints every finding, prefixed by the tool that made it, and exits non-zero when there is one.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { toolCacheDir } from './tool-cache';

const root = join(__dirname, '..');
const actionlintModule = 'github.com/rhysd/actionlint/cmd/actionlint';
export const actionlintVersion = 'v1.7.12';

/** Absolute path of the pinned actionlint, built with `go install` on first use. */
export function actionlintPath(): string {
  const dir = toolCacheDir(`actionlint-${actionlintVersion}`);
  const binary = join(dir, 'actionlint');
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(dir), { recursive: true });
  // Built into a unique folder and renamed, so parallel runs never see a half-written binary.
  const partial = `${dir}.${process.pid}.partial`;
  const work = mkdtempSync(join(tmpdir(), 'judix-actionlint-'));
  try {
    const result = spawnSync('go', ['install', `${actionlintModule}@${actionlintVersion}`], {
      cwd: work,
      env: { ...process.env, GOBIN: partial, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
      encoding: 'utf8',
    });
    if (result.error) throw new Error('go is not on the PATH: actionlint is built with Go');
    if (result.status !== 0) throw new Error(`building actionlint failed:\n${result.stderr}`);
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another run renamed its build first; keep that one.
      if (!existsSync(binary)) throw error;
      rmSync(partial, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

/** actionlint's findings, one line each; shellcheck on the PATH is required for `run:` scripts. */
export function actionlintFindings(files: string[]): string[] {
  const shellcheck = spawnSync('shellcheck', ['--version']);
  if (shellcheck.error) {
    throw new Error('shellcheck is not on the PATH: install the Debian package "shellcheck"');
  }
  const result = spawnSync(actionlintPath(), ['-no-color', '-oneline', ...files], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`actionlint failed to run:\n${result.stderr}`);
  }
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Findings of GitHub's workflow schema and model conversion. */
export async function schemaFindings(files: string[]): Promise<string[]> {
  const parser = await import('@actions/workflow-parser');
  const findings: string[] = [];
  for (const name of files) {
    const parsed = parser.parseWorkflow(
      { name, content: readFileSync(resolve(root, name), 'utf8') },
      new parser.NoOperationTraceWriter(),
    );
    const errors = parsed.context.errors.getErrors().map((error) => error.message);
    findings.push(...errors);
    if (parsed.value && errors.length === 0) {
      const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
      findings.push(...(template.errors ?? []).map((error) => error.Message));
    }
  }
  return findings;
}

export function workflowFiles(): string[] {
  const dir = join('.github', 'workflows');
  return readdirSync(join(root, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

async function main(): Promise<number> {
  const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
  const findings = [
    ...actionlintFindings(files).map((line) => `[actionlint] ${line}`),
    ...(await schemaFindings(files)).map((line) => `[schema] ${line}`),
  ];
  for (const line of findings) console.log(line);
  if (findings.length === 0) console.log(`${files.length} workflow(s): no findings`);
  return findings.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
