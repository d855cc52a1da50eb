// A stand-in for the Kubernetes API on loopback, so that `helm template --dry-run=server` runs the
// chart's `lookup` calls against objects a test chooses (the Secrets and StatefulSet of an existing
// release) without a cluster. It answers discovery for the kinds the chart renders and GETs of
// single objects; everything else is 404, which is what `lookup` sees for a missing object.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmPath } from '../../../scripts/helm';
import {
  repoRoot,
  templateArgs,
  type HelmResult,
  type K8sObject,
  type RenderOptions,
} from './chart';

/** Kinds served per group version, with their resource (plural) names. */
const resources: Record<string, Record<string, string>> = {
  v1: {
    ConfigMap: 'configmaps',
    PersistentVolumeClaim: 'persistentvolumeclaims',
    Pod: 'pods',
    Secret: 'secrets',
    Service: 'services',
    ServiceAccount: 'serviceaccounts',
  },
  'apps/v1': { Deployment: 'deployments', StatefulSet: 'statefulsets' },
  'autoscaling/v2': { HorizontalPodAutoscaler: 'horizontalpodautoscalers' },
  'policy/v1': { PodDisruptionBudget: 'poddisruptionbudgets' },
  'networking.k8s.io/v1': { Ingress: 'ingresses', NetworkPolicy: 'networkpolicies' },
  'gateway.networking.k8s.io/v1': { HTTPRoute: 'httproutes' },
  'rbac.authorization.k8s.io/v1': { Role: 'roles', RoleBinding: 'rolebindings' },
};

function resourceList(groupVersion: string): K8sObject {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: Object.entries(resources[groupVersion]!).map(([kind, name]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced: true,
      kind,
      verbs: ['get', 'list'],
    })),
  };
}

const groups = Object.keys(resources)
  .filter((gv) => gv.includes('/'))
  .map((gv) => {
    const [name, version] = gv.split('/') as [string, string];
    const preferred = { groupVersion: gv, version };
    return { name, versions: [preferred], preferredVersion: preferred };
  });

function objectPath(object: K8sObject): string {
  const gv: string = object.apiVersion;
  const prefix = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
  const plural = resources[gv]?.[object.kind];
  if (!plural) throw new Error(`the fake cluster does not serve ${gv} ${object.kind}`);
  return `${prefix}/namespaces/${object.metadata.namespace}/${plural}/${object.metadata.name}`;
}

export interface FakeCluster {
  kubeconfig: string;
  /** Paths of the objects helm asked for, in order. */
  gets: string[];
  close(): Promise<void>;
}

/** Starts the fake API server holding `objects` (each needs metadata.namespace). */
export async function startFakeCluster(objects: K8sObject[]): Promise<FakeCluster> {
  const stored = new Map(objects.map((o) => [objectPath(o), o]));
  const gets: string[] = [];
  const send = (res: ServerResponse, status: number, body: K8sObject) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (path === '/version')
      return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
    if (path === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis') return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    const list = /^\/apis?\/(.+)$/.exec(path)?.[1];
    if (list && resources[list]) return send(res, 200, resourceList(list));
    if (req.method === 'GET' && path.includes('/namespaces/')) gets.push(path);
    const found = stored.get(path);
    if (found && req.method === 'GET') return send(res, 200, found);
    return send(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'judix-fake-cluster-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'fake', user: { token: 'fake' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
      'current-context': 'fake',
    }),
  );
  return {
    kubeconfig,
    gets,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}

/** `helm template` with `lookup` answered by the fake cluster (asynchronous: the server runs in this process). */
/**
 * The one line helm logs because the chart reads `observability/` through a symlink: expected, so
 * dropped; anything else on stderr stays for the caller to see.
 */
const symlinkNotice =
  /^level=INFO msg="found symbolic link in path\. Contents of linked file included and used" path=\S+\/charts\/judix\/observability resolved=\S+\/observability\n/m;

export function helmAgainst(
  cluster: FakeCluster,
  options: RenderOptions & { upgrade?: boolean },
): Promise<HelmResult> {
  const args = [
    ...templateArgs(options),
    '--dry-run=server',
    '--disable-openapi-validation',
    ...(options.upgrade ? ['--is-upgrade'] : []),
  ];
  return new Promise((resolve) => {
    execFile(
      helmPath(),
      args,
      {
        cwd: repoRoot,
        env: { ...process.env, KUBECONFIG: cluster.kubeconfig },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr: stderr.replace(symlinkNotice, '') });
      },
    );
  });
}
