// Every shell script in the repository passes shellcheck at style level: files ending in .sh and
// files whose first line starts a shell. Scripts inside workflows are covered by actionlint.
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFiles, repoRoot } from './support';

const shebang = /^#!\s*(\/usr\/bin\/env\s+)?(\/bin\/|\/usr\/bin\/)?(ba|da)?sh\b/;
/** A library that is sourced, never run, names its shell for shellcheck instead of a shebang. */
const sourcedLibrary = /^# shellcheck shell=(ba|da)?sh\b/;

function shellScripts(): string[] {
  return repoFiles().filter((path) => {
    if (path.endsWith('.sh')) return true;
    if (/\.(ts|js|mjs|json|ya?ml|md|txt|conf)$/.test(path)) return false;
    // Symbolic links (the chart's link to observability/) are not scripts of their own.
    if (!lstatSync(join(repoRoot, path)).isFile()) return false;
    const head = readFileSync(join(repoRoot, path)).subarray(0, 64).toString('utf8');
    return shebang.test(head);
  });
}

function shellcheck(args: string[], input?: string) {
  const result = spawnSync('shellcheck', args, { cwd: repoRoot, encoding: 'utf8', input });
  if (result.error) {
    throw new Error(
      'shellcheck is not on the PATH: install the Debian package "shellcheck" (scripts/setup.sh --test does)',
    );
  }
  return result;
}

describe('shell scripts', () => {
  const scripts = shellScripts();

  it('when the repository is searched, then its scripts are found, shebang-only ones too', () => {
    expect(scripts).toEqual(
      expect.arrayContaining(['.ci/run', 'scripts/test.sh', 'charts/judix/files/redis/start.sh']),
    );
  });

  it.each(scripts)('when %s is checked, then shellcheck finds nothing', (script) => {
    const text = readFileSync(join(repoRoot, script), 'utf8');
    expect(shebang.test(text) || sourcedLibrary.test(text)).toBe(true);
    const result = shellcheck(['--severity=style', '--external-sources', script]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('when a script has a mistake, then shellcheck reports it', () => {
    const result = shellcheck(['--severity=style', '-'], '#!/bin/sh\nrm -rf $dir/*\n');
    expect(result.stdout).toMatch(/SC2086/);
    expect(result.status).not.toBe(0);
  });
});
