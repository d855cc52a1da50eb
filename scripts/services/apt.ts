// Installing a missing Debian package, only where that is allowed: as root (or with password-less
// sudo) and unless JUDIX_NO_INSTALL=1.
import { spawnSync } from 'node:child_process';
import { onPath } from './process';

let updated = false;

function privilegePrefix(): string[] | undefined {
  if (process.env.JUDIX_NO_INSTALL === '1' || !onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) {
    return ['sudo', '-n'];
  }
  return undefined;
}

/** Installs the packages with apt-get; false when installing is not permitted or fails. */
export function aptInstall(packages: string[]): boolean {
  const prefix = privilegePrefix();
  if (!prefix) return false;
  const run = (args: string[]) => {
    const [command, ...rest] = [...prefix, ...args];
    return (
      spawnSync(command!, rest, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0
    );
  };
  if (!updated) {
    if (!run(['apt-get', 'update', '-qq'])) return false;
    updated = true;
  }
  return run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}
