// What a Helm release declares, read from the Secret Helm keeps it in (type helm.sh/release.v1):
// the Secret's data is base64 of base64 of gzipped JSON whose `manifest` is the rendered YAML.
import { gunzipSync } from 'node:zlib';
import { loadAll } from 'js-yaml';

interface ReleaseSecret {
  metadata?: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

/** The newest deployed revision among a release's Secrets. */
export function latestDeployed(secrets: ReleaseSecret[]): ReleaseSecret | undefined {
  return secrets
    .filter((s) => s.metadata?.labels?.owner === 'helm' && s.metadata.labels.status === 'deployed')
    .sort((a, b) => Number(b.metadata?.labels?.version) - Number(a.metadata?.labels?.version))[0];
}

/** `Kind/name` of every object in the release's manifest (hooks, such as `helm test` pods, excluded). */
export function declaredObjects(secret: ReleaseSecret): string[] {
  const encoded = secret.data?.release;
  if (!encoded) throw new Error(`Secret ${secret.metadata?.name ?? '?'} has no release data`);
  const gzipped = Buffer.from(Buffer.from(encoded, 'base64').toString('latin1'), 'base64');
  const release = JSON.parse(gunzipSync(gzipped).toString('utf8')) as { manifest?: string };
  return loadAll(release.manifest ?? '')
    .filter((doc): doc is { kind: string; metadata: { name: string } } => {
      const object = doc as { kind?: unknown; metadata?: { name?: unknown } } | null;
      return typeof object?.kind === 'string' && typeof object.metadata?.name === 'string';
    })
    .map((doc) => `${doc.kind}/${doc.metadata.name}`)
    .sort();
}
