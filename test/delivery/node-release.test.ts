// scripts/node.sh, which the run and test commands source first: a machine Node that engines
// accepts is kept; an older one is replaced, for the rest of the command, by the release the
// Dockerfile names, from the tool cache. Fake `node` binaries stand in for both, so nothing is
// fetched: the cache already holds the release.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readText, repoRoot } from './support';

const imageRelease = /^FROM\s+node:(\d+\.\d+\.\d+)/m.exec(readText('Dockerfile'))![1]!;
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'judix-node-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A `node` that reports `version`, and runs the engines check of scripts/node.sh (its `-e`
 * script) on the real Node with `process.versions.node` set to `version`.
 */
function fakeNode(bin: string, version: string): void {
  mkdirSync(bin, { recursive: true });
  const pretend = `Object.defineProperty(process.versions, 'node', { value: '${version}' });`;
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/sh\nif [ "$1" = -e ]; then exec ${process.execPath} -e "${pretend} $2"; fi\necho v${version}\n`,
  );
  chmodSync(join(bin, 'node'), 0o755);
}

function nodeAfterSourcing(machineVersion: string) {
  fakeNode(join(dir, 'machine'), machineVersion);
  fakeNode(join(dir, 'cache', `node-${imageRelease}-linux-${arch}`, 'bin'), imageRelease);
  const result = spawnSync(
    'bash',
    ['-c', 'set -euo pipefail; source scripts/node.sh; judix_node "$PWD"; node --version'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'machine')}:${process.env.PATH}`,
        HOME: dir,
        JUDIX_CACHE_DIR: join(dir, 'cache'),
      },
    },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim().split('\n').at(-1);
}

describe('the Node the commands run on', () => {
  it.each(['24.1.0', '22.22.0', '26.0.0'])(
    'when the machine has Node %s, which engines accepts, then it is kept',
    (version) => {
      expect(nodeAfterSourcing(version)).toBe(`v${version}`);
    },
  );

  it.each(['20.20.2', '22.21.9', '23.11.0'])(
    'when the machine has Node %s, which engines refuses, then the image release from the cache runs',
    (version) => {
      expect(nodeAfterSourcing(version)).toBe(`v${imageRelease}`);
    },
  );

  it('when engines changes, then this test and the check in scripts/node.sh change with it', () => {
    expect(JSON.parse(readText('package.json')).engines.node).toBe('>=22.22 <23 || >=24');
  });
});
