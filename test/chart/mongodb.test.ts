// MongoDB on a real cluster: an upgrade never silently replaces the database passwords, no probe
// starts mongosh, readiness means "member of the set and serving", and the reconciler has a
// liveness signal and a probe that fails on a root-password mismatch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allContainers,
  chartDir,
  find,
  namespace,
  podSpecOf,
  render,
  type K8sObject,
} from './support/chart';
import { helmAgainst, startFakeCluster } from './support/fake-cluster';

const inNamespace = (kind: string, apiVersion: string, name: string): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace },
});
const existingSecret = () => ({
  ...find(render(), 'Secret', 'judix-mongodb'),
  metadata: { name: 'judix-mongodb', namespace },
});

async function upgradeWith(objects: K8sObject[], set: Record<string, string> = {}) {
  const cluster = await startFakeCluster(objects);
  try {
    return await helmAgainst(cluster, { set, upgrade: true });
  } finally {
    await cluster.close();
  }
}

describe('an upgrade that would generate new MongoDB passwords', () => {
  it('when the StatefulSet exists but its Secret is gone, then the upgrade fails and says how to recover', async () => {
    const result = await upgradeWith([inNamespace('StatefulSet', 'apps/v1', 'judix-mongodb')]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /the Secret "judix-mongodb" with the MongoDB passwords and keyfile is missing/,
    );
    expect(result.stderr).toMatch(/Restore the Secret/);
  });

  it('when only member 0’s data volume is left from an uninstall, then the install fails too', async () => {
    const claim = inNamespace('PersistentVolumeClaim', 'v1', 'data-judix-mongodb-0');
    expect((await upgradeWith([claim])).stderr).toMatch(/claim "data-judix-mongodb-0"/);
  });

  it('when the Secret exists, or every password is given, then the upgrade renders', async () => {
    const statefulSet = inNamespace('StatefulSet', 'apps/v1', 'judix-mongodb');
    expect((await upgradeWith([statefulSet, existingSecret()])).status).toBe(0);
    const explicit = {
      'mongodb.auth.rootPassword': 'root-password-1',
      'mongodb.auth.password': 'app-password-1',
      'mongodb.auth.keyfile': 'k'.repeat(64),
    };
    expect((await upgradeWith([statefulSet], explicit)).status).toBe(0);
  });

  it('when nothing of the release exists, then a first install generates the passwords', async () => {
    expect((await upgradeWith([])).status).toBe(0);
  });
});

describe('MongoDB probes', () => {
  const pod = podSpecOf(find(render(), 'StatefulSet', 'judix-mongodb'));
  const container = (name: string) => pod.containers.find((c: K8sObject) => c.name === name);

  it('when any probe runs, then it never starts mongosh', () => {
    const probes = allContainers({ kind: 'Pod', spec: pod }).flatMap((c) =>
      ['startupProbe', 'readinessProbe', 'livenessProbe'].map((p) => c[p]).filter(Boolean),
    );
    expect(probes.length).toBeGreaterThanOrEqual(6);
    for (const probe of probes) expect(JSON.stringify(probe)).not.toMatch(/mongosh/);
  });

  it('when mongod is probed, then liveness is a TCP check and readiness reads the member status', () => {
    const mongod = container('mongod');
    expect(mongod.livenessProbe.tcpSocket.port).toBe('mongodb');
    expect(mongod.readinessProbe.exec.command.slice(0, 3)).toEqual([
      'sh',
      '/scripts/probe.sh',
      'member',
    ]);
    expect(mongod.readinessProbe.timeoutSeconds).toBeGreaterThanOrEqual(5);
  });

  it('when the reconciler is probed, then liveness reads its heartbeat and readiness its login', () => {
    const reconciler = container('reconciler');
    expect(reconciler.livenessProbe.exec.command[2]).toBe('heartbeat');
    expect(reconciler.readinessProbe.exec.command[2]).toBe('auth');
    const env = Object.fromEntries(reconciler.env.map((e: K8sObject) => [e.name, e.value]));
    expect(env.STATUS_DIR).toBe('/status');
    const mounts = (c: K8sObject) => c.volumeMounts.map((m: K8sObject) => m.mountPath);
    expect(mounts(reconciler)).toContain('/status');
    expect(mounts(container('mongod'))).toContain('/status');
  });
});

describe('probe.sh', () => {
  const probe = (files: Record<string, string>, ...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'judix-status-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), `${text}\n`);
    const result = spawnSync('sh', [join(chartDir, 'files', 'mongodb', 'probe.sh'), ...args], {
      env: { ...process.env, STATUS_DIR: dir },
      encoding: 'utf8',
    });
    return { status: result.status, out: result.stdout.trim() };
  };
  const now = () => String(Math.floor(Date.now() / 1000));

  it('when the member is ready and the heartbeat fresh, then the readiness probe passes', () => {
    expect(probe({ heartbeat: now(), member: 'ready' }, 'member', '60').status).toBe(0);
  });

  it('when the member is not ready, then the probe fails and prints why', () => {
    const result = probe({ heartbeat: now(), member: 'not ready: syncing' }, 'member', '60');
    expect(result).toEqual({ status: 1, out: 'not ready: syncing' });
  });

  it('when the heartbeat is stale, then both the member and the liveness probe fail', () => {
    const old = String(Math.floor(Date.now() / 1000) - 600);
    expect(probe({ heartbeat: old, member: 'ready' }, 'member', '60').status).toBe(1);
    expect(probe({ heartbeat: old }, 'heartbeat', '60').out).toMatch(/heartbeat is \d+s old/);
    expect(probe({}, 'heartbeat', '60').status).toBe(1);
  });

  it('when the root password does not match, then the auth probe fails with the reason', () => {
    expect(probe({ auth: 'root password mismatch' }, 'auth')).toEqual({
      status: 1,
      out: 'root password mismatch',
    });
    expect(probe({ auth: 'ok' }, 'auth').status).toBe(0);
  });
});
