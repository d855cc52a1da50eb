// Rendering the same release twice with the same values gives the same bytes. Without a cluster the
// only differences allowed are the first-install random secrets the README documents (and the
// checksums over them); once those Secrets exist, `lookup` finds them and the output is identical.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chartDir,
  namespace,
  ofKind,
  parseManifests,
  profiles,
  renderText,
  type K8sObject,
} from './support/chart';
import { helmAgainst, startFakeCluster } from './support/fake-cluster';

/** Generated Secret keys, by Secret name suffix: what the README's "Secrets" section lists. */
const generated: Record<string, string[]> = {
  app: ['jwt-secret'],
  mongodb: ['mongodb-root-password', 'mongodb-password', 'mongodb-keyfile'],
  redis: ['redis-password'],
  grafana: ['admin-password'],
  'mongodb-monitoring': ['mongodb-monitoring-password'],
};

/** Every leaf path whose value differs between two objects. */
function differences(a: unknown, b: unknown, path: string, out: string[]): string[] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      differences((a as K8sObject)[key], (b as K8sObject)[key], `${path}.${key}`, out);
    }
  } else if (a !== b) {
    out.push(path);
  }
  return out;
}

const allowedDifference = (kind: string, name: string, path: string): boolean => {
  if (path === '.spec.template.metadata.annotations.checksum/secrets') return true;
  if (kind !== 'Secret') return false;
  const suffix = Object.keys(generated).find((s) => name === `judix-${s}`);
  return suffix !== undefined && generated[suffix]!.some((key) => path === `.data.${key}`);
};

describe.each(Object.entries(profiles))('profile %s', (_profile, valuesFiles) => {
  const first = renderText({ valuesFiles });

  it('when rendered twice without a cluster, then only documented random secrets differ', () => {
    const a = parseManifests(first);
    const b = parseManifests(renderText({ valuesFiles }));
    expect(b.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      a.map((o) => `${o.kind}/${o.metadata.name}`),
    );
    const unexpected = a.flatMap((o, i) =>
      differences(o, b[i], '', [])
        .filter((path) => !allowedDifference(o.kind, o.metadata.name, path))
        .map((path) => `${o.kind}/${o.metadata.name}${path}`),
    );
    expect(unexpected).toEqual([]);
  });

  it('when the generated Secrets exist, then every render gives the same bytes as the first', async () => {
    const secrets = ofKind(parseManifests(first), 'Secret').map((s) => ({
      ...s,
      metadata: { ...s.metadata, namespace },
    }));
    const cluster = await startFakeCluster(secrets);
    try {
      const again = await helmAgainst(cluster, { valuesFiles, upgrade: true });
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(first);
      const twice = await helmAgainst(cluster, { valuesFiles, upgrade: true });
      expect(twice.stdout).toBe(again.stdout);
    } finally {
      await cluster.close();
    }
  });
});

describe('the random secrets the determinism test allows', () => {
  it('when the README is read, then it documents every one of them', () => {
    const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
    for (const [suffix, keys] of Object.entries(generated)) {
      expect(readme).toContain(`\`<fullname>-${suffix}\``);
      for (const key of keys) expect(readme).toContain(`\`${key}\``);
    }
  });
});
