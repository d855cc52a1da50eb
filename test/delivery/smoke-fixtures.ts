// The smoke check's fixtures: list responses of the Kubernetes API for a healthy release `judix`
// in namespace `judix` (production defaults: 2 api, 2 web, 1 Redis, 3 MongoDB members, HPAs, PDBs),
// and the release's Helm Secret encoded the way Helm stores it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Snapshot } from '../../scripts/smoke/checks';
import { declaredObjects } from '../../scripts/smoke/release';
import type { Doc } from './support';

const dir = join(__dirname, 'fixtures', 'smoke');

export const listFiles = {
  deployments: 'deployments.json',
  statefulSets: 'statefulsets.json',
  pods: 'pods.json',
  hpas: 'hpas.json',
  pdbs: 'pdbs.json',
  services: 'services.json',
  endpointSlices: 'endpointslices.json',
  ingresses: 'ingresses.json',
} as const;

export type ListName = keyof typeof listFiles;

/** A fresh copy of one recorded list response, so a test can break it without touching others. */
export function list(name: ListName): Doc {
  return JSON.parse(readFileSync(join(dir, listFiles[name]), 'utf8')) as Doc;
}

/** A Helm release Secret (helm.sh/release.v1) as the API returns it, around the fixture manifest. */
export function releaseSecret(version: number, status: string, manifest = readManifest()): Doc {
  const release = { name: 'judix', namespace: 'judix', version, info: { status }, manifest };
  const helmEncoded = gzipSync(JSON.stringify(release)).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.judix.v${version}`,
      namespace: 'judix',
      labels: { owner: 'helm', name: 'judix', status, version: String(version) },
    },
    data: { release: Buffer.from(helmEncoded, 'latin1').toString('base64') },
  };
}

export function readManifest(): string {
  return readFileSync(join(dir, 'release-manifest.yaml'), 'utf8');
}

export function healthySnapshot(): Snapshot {
  return {
    declared: declaredObjects(releaseSecret(1, 'deployed') as never),
    deployments: list('deployments').items,
    statefulSets: list('statefulSets').items,
    pods: list('pods').items,
    hpas: list('hpas').items,
    pdbs: list('pdbs').items,
    services: list('services').items,
    endpointSlices: list('endpointSlices').items,
  };
}
