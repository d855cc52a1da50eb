// The reconciler's mongosh side (replicaset.js run as mongosh runs it) against an in-memory stand-in
// for mongod: initiation, first users through the localhost exception, growth one member at a
// time, password sync on restart, and the forced shrink after a scale-down below majority.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { chartDir } from './support/chart';

type Doc = Record<string, any>;

const suffix = 'judix-mongodb-headless.ns.svc.cluster.local:27017';
const host = (i: number) => `judix-mongodb-${i}.${suffix}`;

interface FakeMongod {
  hello: Doc;
  config?: Doc;
  users: Record<string, Record<string, { pwd: string; roles: Doc[] }>>;
  commands: Doc[];
  reachablePeers: Record<string, Doc>;
  /** Commands that fail, by name, to test that one failing step does not stop the others. */
  failing?: string[];
  /** Files the reconciler wrote into its status directory. */
  status: Record<string, string>;
}

function fakeMongod(state: Partial<FakeMongod> = {}): FakeMongod {
  return {
    hello: {},
    users: { admin: {}, judix: {} },
    commands: [],
    reachablePeers: {},
    status: {},
    ...state,
  };
}

/** Runs the script for `rounds` passes of its loop against `mongod`; returns what it printed. */
function runReconciler(mongod: FakeMongod, env: Record<string, string>, rounds: number): string[] {
  const printed: string[] = [];
  let authenticated = false;
  let passes = 0;
  const database = (name: string) => ({
    auth(user: string, pwd: string) {
      if (mongod.users.admin![user]?.pwd !== pwd) throw new Error('Authentication failed');
      authenticated = true;
      return { ok: 1 };
    },
    getSiblingDB: database,
    runCommand(command: Doc): Doc {
      mongod.commands.push({ db: name, ...command });
      const [verb] = Object.keys(command);
      const noUsers = Object.keys(mongod.users.admin!).length === 0;
      if (verb === 'hello') return { ok: 1, ...mongod.hello };
      if (mongod.failing?.includes(verb!)) return { ok: 0, errmsg: `${verb} refused` };
      if (!authenticated && !(noUsers && (verb === 'replSetInitiate' || verb === 'createUser'))) {
        return { ok: 0, codeName: 'Unauthorized' };
      }
      switch (verb) {
        case 'replSetInitiate':
          mongod.config = { ...command.replSetInitiate, version: 1 };
          mongod.hello = {
            setName: command.replSetInitiate._id,
            isWritablePrimary: true,
            primary: host(0),
          };
          return { ok: 1 };
        case 'createUser':
          mongod.users[name]![command.createUser] = { pwd: command.pwd, roles: command.roles };
          return { ok: 1 };
        case 'updateUser':
          mongod.users[name]![command.updateUser] = { pwd: command.pwd, roles: command.roles };
          return { ok: 1 };
        case 'usersInfo':
          return {
            ok: 1,
            users: mongod.users[name]![command.usersInfo] ? [{ user: command.usersInfo }] : [],
          };
        case 'replSetGetConfig':
          return { ok: 1, config: mongod.config };
        case 'replSetReconfig':
          mongod.config = command.replSetReconfig;
          return { ok: 1 };
        default:
          return { ok: 0, errmsg: `unexpected command ${verb}` };
      }
    },
  });
  class Mongo {
    private readonly peer: string | undefined;
    constructor(uri: string) {
      const target = /^mongodb:\/\/([^/]+)\//.exec(uri)![1]!;
      this.peer = target.startsWith('127.0.0.1') ? undefined : target;
      if (this.peer && !mongod.reachablePeers[this.peer])
        throw new Error(`connect ECONNREFUSED ${this.peer}`);
    }
    getDB(name: string) {
      if (this.peer) return { runCommand: () => ({ ok: 1, ...mongod.reachablePeers[this.peer!] }) };
      return database(name);
    }
    close() {}
  }
  const written: Record<string, string> = {};
  const fs = {
    writeFileSync: (path: string, text: string) => (written[path] = text),
    renameSync: (from: string, to: string) => {
      mongod.status[to.replace('/status/', '')] = written[from]!.trim();
    },
  };
  const stop = new Error('stop');
  try {
    runInNewContext(readFileSync(join(chartDir, 'files', 'mongodb', 'replicaset.js'), 'utf8'), {
      Mongo,
      print: (line: string) => printed.push(line),
      sleep: () => {
        passes += 1;
        if (passes >= rounds) throw stop;
      },
      process: { env },
      require: (name: string) => {
        if (name !== 'fs') throw new Error(`unexpected require(${name})`);
        return fs;
      },
      Date,
      JSON,
      Set,
      Math,
      Number,
      Error,
      Boolean,
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return printed;
}

const env = (podName: string, members: number): Record<string, string> => ({
  POD_NAME: podName,
  MEMBER_HOST_SUFFIX: suffix,
  MEMBER_HOSTS: Array.from({ length: members }, (_, i) => host(i)).join(','),
  REPLICA_SET_NAME: 'rs0',
  MONGO_ROOT_USER: 'root',
  MONGO_ROOT_PASSWORD: 'root-secret',
  MONGO_APP_USER: 'judix',
  MONGO_APP_PASSWORD: 'app-secret',
  MONGO_APP_DATABASE: 'judix',
  STATUS_DIR: '/status',
  RECONCILE_INTERVAL_SECONDS: '5',
  STATUS_INTERVAL_SECONDS: '5',
});

describe('replica-set reconciler under mongosh', () => {
  it('when member 0 starts a new set, then it initiates, creates both users and adds members one by one', () => {
    const mongod = fakeMongod();
    const printed = runReconciler(mongod, env('judix-mongodb-0', 3), 5);
    expect(printed).toEqual([
      'initiated replica set rs0',
      'created the root user',
      `members now: ${host(0)}, ${host(1)}`,
      'created the user judix',
      `members now: ${host(0)}, ${host(1)}, ${host(2)}`,
    ]);
    expect(mongod.users.admin!.root).toEqual({
      pwd: 'root-secret',
      roles: [{ role: 'root', db: 'admin' }],
    });
    expect(mongod.users.judix!.judix).toEqual({
      pwd: 'app-secret',
      roles: [{ role: 'readWrite', db: 'judix' }],
    });
    expect(mongod.config!.members.map((m: Doc) => m._id)).toEqual([0, 1, 2]);
  });

  it('when another member starts before the set exists, then it waits for member 0', () => {
    const mongod = fakeMongod();
    expect(runReconciler(mongod, env('judix-mongodb-1', 3), 3)).toEqual([]);
    expect(mongod.commands.map((c) => Object.keys(c)[1])).not.toContain('replSetInitiate');
  });

  it('when member 0 lost its data but a peer is still in the set, then it does not initiate a new one', () => {
    const mongod = fakeMongod({ reachablePeers: { [host(1)]: { setName: 'rs0' } } });
    expect(runReconciler(mongod, env('judix-mongodb-0', 3), 2)).toEqual([]);
    expect(mongod.config).toBeUndefined();
  });

  it('when the primary restarts with users in place, then it syncs the app password once and changes nothing else', () => {
    const mongod = fakeMongod({
      hello: { setName: 'rs0', isWritablePrimary: true, primary: host(0) },
      config: {
        _id: 'rs0',
        version: 7,
        members: [0, 1, 2].map((i) => ({ _id: i, host: host(i) })),
      },
      users: {
        admin: { root: { pwd: 'root-secret', roles: [{ role: 'root', db: 'admin' }] } },
        judix: { judix: { pwd: 'old-secret', roles: [{ role: 'readWrite', db: 'judix' }] } },
      },
    });
    expect(runReconciler(mongod, env('judix-mongodb-0', 3), 3)).toEqual([]);
    expect(mongod.users.judix!.judix!.pwd).toBe('app-secret');
    expect(mongod.commands.filter((c) => 'updateUser' in c)).toHaveLength(1);
    expect(mongod.commands.filter((c) => 'replSetReconfig' in c || 'createUser' in c)).toEqual([]);
  });

  it('when the exporter runs, then a monitoring user with status roles only is created, then its password kept in sync', () => {
    const monitored = {
      ...env('judix-mongodb-0', 1),
      MONGO_MONITOR_USER: 'judix-monitor',
      MONGO_MONITOR_PASSWORD: 'monitor-secret',
    };
    const mongod = fakeMongod();
    expect(runReconciler(mongod, monitored, 2)).toContain('created the user judix-monitor');
    expect(mongod.users.admin!['judix-monitor']).toEqual({
      pwd: 'monitor-secret',
      roles: [
        { role: 'clusterMonitor', db: 'admin' },
        { role: 'read', db: 'local' },
      ],
    });
    mongod.users.admin!['judix-monitor']!.pwd = 'old-secret';
    mongod.commands = [];
    runReconciler(mongod, monitored, 2);
    expect(mongod.users.admin!['judix-monitor']!.pwd).toBe('monitor-secret');
    expect(mongod.commands.filter((c) => c.updateUser === 'judix-monitor')).toHaveLength(1);
  });

  it('when the exporter does not run, then no monitoring user is made', () => {
    const mongod = fakeMongod();
    runReconciler(mongod, env('judix-mongodb-0', 1), 2);
    expect(Object.keys(mongod.users.admin!)).toEqual(['root']);
  });

  it('when a scale-down 3 → 1 left member 0 without a primary, then it forces the set down to itself', () => {
    const mongod = fakeMongod({
      hello: { setName: 'rs0', isWritablePrimary: false, secondary: true },
      config: {
        _id: 'rs0',
        version: 3,
        members: [0, 1, 2].map((i) => ({ _id: i, host: host(i) })),
      },
      users: { admin: { root: { pwd: 'root-secret', roles: [] } }, judix: {} },
    });
    expect(runReconciler(mongod, env('judix-mongodb-0', 1), 1)).toEqual([
      `forced the members down to: ${host(0)}`,
    ]);
    const reconfig = mongod.commands.find((c) => 'replSetReconfig' in c)!;
    expect(reconfig.force).toBe(true);
  });

  it('when the root password in the Secret does not match the database, then it says so once and fails its probe', () => {
    const mongod = fakeMongod({
      hello: { setName: 'rs0', isWritablePrimary: true, primary: host(0) },
      config: { _id: 'rs0', version: 2, members: [{ _id: 0, host: host(0) }] },
      users: { admin: { root: { pwd: 'an-older-password', roles: [] } }, judix: {} },
    });
    const printed = runReconciler(mongod, env('judix-mongodb-0', 3), 3);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^ERROR root password mismatch: the user root exists/);
    expect(mongod.status.auth).toBe('root password mismatch');
    expect(mongod.commands.filter((c) => 'replSetReconfig' in c)).toEqual([]);
  });

  it('when the application user cannot be updated, then members are still added', () => {
    const mongod = fakeMongod({
      hello: { setName: 'rs0', isWritablePrimary: true, primary: host(0) },
      config: { _id: 'rs0', version: 2, members: [{ _id: 0, host: host(0) }] },
      users: { admin: { root: { pwd: 'root-secret', roles: [] } }, judix: {} },
      failing: ['usersInfo'],
    });
    const printed = runReconciler(mongod, env('judix-mongodb-0', 3), 2);
    expect(mongod.config!.members).toHaveLength(3);
    expect(
      printed.filter((l) => l.startsWith('replica-set reconcile: application user:')),
    ).toHaveLength(2);
    expect(mongod.status.auth).toBe('ok');
  });

  it('when it runs, then it writes a heartbeat and whether this member can serve', () => {
    const mongod = fakeMongod({
      hello: { setName: 'rs0', secondary: true, me: host(1), primary: host(0) },
    });
    const before = Math.floor(Date.now() / 1000);
    runReconciler(mongod, env('judix-mongodb-1', 3), 1);
    expect(Number(mongod.status.heartbeat)).toBeGreaterThanOrEqual(before);
    expect(mongod.status.member).toBe('ready');
    const fresh = fakeMongod();
    runReconciler(fresh, env('judix-mongodb-1', 3), 1);
    expect(fresh.status.member).toBe('not ready: not a member of a replica set yet');
  });
});
