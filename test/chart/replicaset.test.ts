// The decisions of the MongoDB replica-set reconciler (charts/judix/files/mongodb/replicaset.js),
// loaded the way mongosh would not: under Node, where the script exports its pure functions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { chartDir } from './support/chart';

interface Member {
  _id: number;
  host: string;
  priority?: number;
}
interface Config {
  _id: string;
  version: number;
  members: Member[];
  settings?: Record<string, unknown>;
}
interface Hello {
  setName?: string;
  me?: string;
  isWritablePrimary?: boolean;
  secondary?: boolean;
  arbiterOnly?: boolean;
  hidden?: boolean;
}
interface Reconciler {
  ordinalOf(podName: string): number;
  shouldInitiate(state: {
    ordinal: number;
    selfHello: Hello;
    peerHellos: (Hello | null)[];
  }): boolean;
  planReconfig(config: Config, desiredHosts: string[], selfHost: string): Config | null;
  planForcedShrink(config: Config, desiredHosts: string[], reachableHosts: string[]): Config | null;
  initialConfig(name: string, selfHost: string): { _id: string; members: Member[] };
  settingsFrom(env: Record<string, string | undefined>): Record<string, unknown>;
  memberReadiness(
    hello: Hello | null,
    selfHost: string,
    name: string,
  ): { ready: boolean; reason: string };
  rootLoginVerdict(result: { ok: number; code?: number; codeName?: string }): string;
}

function loadReconciler(): Reconciler {
  const module = { exports: {} as Reconciler };
  const source = readFileSync(join(chartDir, 'files', 'mongodb', 'replicaset.js'), 'utf8');
  runInNewContext(source, { module, Set, Math, Number, Error, JSON });
  return module.exports;
}

const rs = loadReconciler();
const host = (i: number) => `judix-mongodb-${i}.judix-mongodb-headless.ns.svc.cluster.local:27017`;
const hosts = (n: number) => Array.from({ length: n }, (_, i) => host(i));
const configOf = (ids: number[], version = 1): Config => ({
  _id: 'rs0',
  version,
  members: ids.map((i) => ({ _id: i, host: host(i) })),
  settings: { electionTimeoutMillis: 10000 },
});

/** Applies the plan until it settles, as the sidecar's loop does, and returns every step. */
function converge(start: Config, desired: string[], self = host(0)): Config[] {
  const steps: Config[] = [];
  let current = start;
  for (let round = 0; round < 20; round += 1) {
    const next = rs.planReconfig(current, desired, self);
    if (!next) return steps;
    steps.push(next);
    current = next;
  }
  throw new Error('reconciliation did not converge in 20 rounds');
}

describe('replica-set reconciler', () => {
  it('when a pod name is read, then its ordinal is the numeric suffix', () => {
    expect(rs.ordinalOf('judix-mongodb-0')).toBe(0);
    expect(rs.ordinalOf('my-release-mongodb-12')).toBe(12);
    expect(() => rs.ordinalOf('mongodb')).toThrow(/no ordinal/);
  });

  it('when the set was never initiated, then only member 0 initiates it', () => {
    const fresh = { selfHello: {}, peerHellos: [{}, null] };
    expect(rs.shouldInitiate({ ordinal: 0, ...fresh })).toBe(true);
    expect(rs.shouldInitiate({ ordinal: 1, ...fresh })).toBe(false);
  });

  it('when member 0 lost its volume but a peer still belongs to the set, then it does not start a second set', () => {
    expect(
      rs.shouldInitiate({ ordinal: 0, selfHello: {}, peerHellos: [null, { setName: 'rs0' }] }),
    ).toBe(false);
  });

  it('when this member already belongs to a set, then it never initiates again', () => {
    expect(rs.shouldInitiate({ ordinal: 0, selfHello: { setName: 'rs0' }, peerHellos: [] })).toBe(
      false,
    );
  });

  it('when initiating, then the first configuration holds this member alone', () => {
    expect(rs.initialConfig('rs0', host(0))).toEqual({
      _id: 'rs0',
      members: [{ _id: 0, host: host(0) }],
    });
  });

  it('when membership already matches, then nothing changes (idempotent)', () => {
    expect(rs.planReconfig(configOf([0, 1, 2]), hosts(3), host(0))).toBeNull();
  });

  it('when scaling up from 1 to 3, then members are added one per reconfiguration with new ids', () => {
    const steps = converge(configOf([0]), hosts(3));
    expect(steps.map((c) => c.members.map((m) => m._id))).toEqual([
      [0, 1],
      [0, 1, 2],
    ]);
    expect(steps.map((c) => c.version)).toEqual([2, 3]);
    expect(steps[1]!.members.map((m) => m.host)).toEqual(hosts(3));
  });

  it('when scaling down from 5 to 3, then the highest members leave one at a time', () => {
    const steps = converge(configOf([0, 1, 2, 3, 4]), hosts(3), host(1));
    expect(steps.map((c) => c.members.map((m) => m._id))).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2],
    ]);
  });

  it('when a member is replaced, then the stale one is removed before the new one is added', () => {
    const start: Config = {
      ...configOf([0, 1]),
      members: [...configOf([0, 1]).members, { _id: 7, host: 'old:27017' }],
    };
    const steps = converge(start, hosts(3));
    expect(steps.map((c) => c.members.map((m) => m.host))).toEqual([
      [host(0), host(1)],
      [host(0), host(1), host(2)],
    ]);
    expect(steps[1]!.members[2]!._id).toBe(2);
  });

  it('when every step is checked, then at most one member changes per reconfiguration', () => {
    for (const [from, to] of [
      [1, 5],
      [5, 1],
      [3, 7],
      [7, 3],
    ] as const) {
      let previous = configOf(Array.from({ length: from }, (_, i) => i));
      for (const step of converge(previous, hosts(to))) {
        const before = new Set(previous.members.map((m) => m.host));
        const after = new Set(step.members.map((m) => m.host));
        const changed =
          [...before].filter((h) => !after.has(h)).length +
          [...after].filter((h) => !before.has(h)).length;
        expect(changed).toBe(1);
        previous = step;
      }
      expect(previous.members.map((m) => m.host).sort()).toEqual(hosts(to).sort());
    }
  });

  it('when the primary itself is leaving, then it changes nothing and waits for its successor', () => {
    expect(rs.planReconfig(configOf([0, 1, 2, 3, 4]), hosts(3), host(4))).toBeNull();
  });

  it('when reconfiguring, then settings and member options are kept', () => {
    const start = configOf([0, 1]);
    start.members[1]!.priority = 2;
    const next = rs.planReconfig(start, hosts(3), host(0))!;
    expect(next.settings).toEqual({ electionTimeoutMillis: 10000 });
    expect(next.members[1]).toEqual({ _id: 1, host: host(1), priority: 2 });
  });

  it('when scaling 3 → 1 left the set without a majority, then member 0 forces it down to itself', () => {
    const forced = rs.planForcedShrink(configOf([0, 1, 2], 4), hosts(1), []);
    expect(forced?.members).toEqual([{ _id: 0, host: host(0) }]);
    expect(forced?.version).toBe(5);
  });

  it('when scaling 5 → 1, then the forced configuration keeps only the desired member', () => {
    expect(
      rs.planForcedShrink(configOf([0, 1, 2, 3, 4]), hosts(1), [])?.members.map((m) => m._id),
    ).toEqual([0]);
  });

  it('when a departing member still answers, then nothing is forced', () => {
    expect(rs.planForcedShrink(configOf([0, 1, 2]), hosts(1), [host(2)])).toBeNull();
  });

  it('when the remaining members still hold a majority, then nothing is forced (the primary removes the rest)', () => {
    expect(rs.planForcedShrink(configOf([0, 1, 2, 3, 4]), hosts(3), [])).toBeNull();
    expect(rs.planForcedShrink(configOf([0, 1, 2]), hosts(3), [])).toBeNull();
  });

  it('when no member of the desired set is configured, then nothing is forced', () => {
    expect(rs.planForcedShrink(configOf([3, 4, 5]), hosts(1), [])).toBeNull();
  });

  /** Every variable the StatefulSet sets, for a member of a set of `members`. */
  const completeEnv = (podName: string, members: number) => ({
    POD_NAME: podName,
    MEMBER_HOST_SUFFIX: 'judix-mongodb-headless.ns.svc.cluster.local:27017',
    MEMBER_HOSTS: hosts(members).join(','),
    REPLICA_SET_NAME: 'rs0',
    MONGO_ROOT_USER: 'root',
    MONGO_ROOT_PASSWORD: 'r',
    MONGO_APP_USER: 'judix',
    MONGO_APP_PASSWORD: 'a',
    MONGO_APP_DATABASE: 'judix',
  });

  it('when the environment lacks a setting, then it says which one', () => {
    expect(() => rs.settingsFrom({ POD_NAME: 'judix-mongodb-0' })).toThrow(
      /MEMBER_HOST_SUFFIX is required/,
    );
  });

  it('when only one of the monitoring user and its password is set, then it says they go together', () => {
    const complete = completeEnv('judix-mongodb-0', 1);
    expect(() => rs.settingsFrom({ ...complete, MONGO_MONITOR_USER: 'm' })).toThrow(/go together/);
    expect(() => rs.settingsFrom({ ...complete, MONGO_MONITOR_PASSWORD: 'p' })).toThrow(
      /go together/,
    );
    expect(
      rs.settingsFrom({ ...complete, MONGO_MONITOR_USER: 'm', MONGO_MONITOR_PASSWORD: 'p' }),
    ).toMatchObject({ monitorUser: 'm', monitorPassword: 'p' });
    expect(rs.settingsFrom(complete)).not.toHaveProperty('monitorUser');
  });

  it('when the environment is complete, then this member and the desired members are derived', () => {
    const settings = rs.settingsFrom(completeEnv('judix-mongodb-2', 3));
    expect(settings).toMatchObject({
      ordinal: 2,
      selfHost: host(2),
      desiredHosts: hosts(3),
      intervalSeconds: 30,
    });
  });

  it.each<[string, Hello | null, boolean]>([
    ['the primary', { setName: 'rs0', me: host(0), isWritablePrimary: true }, true],
    ['a secondary', { setName: 'rs0', me: host(0), secondary: true }, true],
    ['a member in initial sync (empty, re-created)', { setName: 'rs0', me: host(0) }, false],
    ['a member of no set', {}, false],
    ['unreachable', null, false],
    ['a member of another set', { setName: 'other', me: host(0), secondary: true }, false],
    ['configured under another host', { setName: 'rs0', me: 'x:27017', secondary: true }, false],
    ['a hidden member', { setName: 'rs0', me: host(0), secondary: true, hidden: true }, false],
  ])('when this member is %s, then its readiness is %s', (_what, hello, ready) => {
    expect(rs.memberReadiness(hello, host(0), 'rs0').ready).toBe(ready);
  });

  it('when the root login fails, then the createUser answer tells a new set from a password mismatch', () => {
    expect(rs.rootLoginVerdict({ ok: 1 })).toBe('created');
    expect(rs.rootLoginVerdict({ ok: 0, code: 13, codeName: 'Unauthorized' })).toBe('mismatch');
    expect(rs.rootLoginVerdict({ ok: 0, code: 11000 })).toBe('error');
  });
});
