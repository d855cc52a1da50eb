// Where tools built or extracted from a pin are kept: outside the clone, so a fresh clone on the
// same machine reuses them. `JUDIX_CACHE_DIR` overrides; otherwise `$XDG_CACHE_HOME/judix`, else
// `~/.cache/judix`. Each tool's file name carries its pin, so a new pin builds anew.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function toolCacheDir(...parts: string[]): string {
  const base =
    process.env.JUDIX_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'judix');
  return join(base, ...parts);
}
