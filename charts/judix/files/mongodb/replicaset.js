// Keeps the MongoDB replica set equal to the StatefulSet: initiates it once, adds or removes members
// as the StatefulSet scales, and creates the root and application users. It runs under mongosh in a
// sidecar of every member (`mongosh --nodb --file replicaset.js`) and acts only where it may: on
// member 0 of a set never initiated, and on the primary. It also writes this member's state into a
// shared status directory, read by cheap probes: mongod's readiness (no mongosh per probe) and its
// own liveness (a heartbeat) and readiness (the root password matches). The decisions are pure
// functions so they can be unit-tested under Node; mongosh is recognised by its `Mongo` global.
'use strict';
/* global Mongo, sleep, print, process, module, require -- mongosh's globals, and Node's when unit-tested */

/** Ordinal of a StatefulSet pod from its name (`judix-mongodb-2` → 2). */
function ordinalOf(podName) {
  const match = /-(\d+)$/.exec(podName);
  if (!match) throw new Error(`pod name ${podName} has no ordinal suffix`);
  return Number(match[1]);
}

/**
 * Whether this member must initiate the set: only member 0, only when neither it nor any peer
 * belongs to a set already (a member 0 that lost its volume must wait to be re-added instead of
 * starting a second set).
 */
function shouldInitiate({ ordinal, selfHello, peerHellos }) {
  if (ordinal !== 0 || selfHello.setName) return false;
  return peerHellos.every((hello) => !hello || !hello.setName);
}

/**
 * The next configuration on the way to `desiredHosts`, or null when nothing is to change.
 * MongoDB accepts at most one voting member added or removed per reconfiguration, so each call
 * changes one member; the loop converges over a few rounds. Removals go first so that scaling
 * down never passes through a larger set. The primary never removes itself: when it is leaving,
 * it waits until its pod stops and another primary finishes the job.
 */
function planReconfig(config, desiredHosts, selfHost) {
  if (!desiredHosts.includes(selfHost)) return null;
  const next = (members) => ({ ...config, version: config.version + 1, members });
  const stale = config.members.filter((m) => !desiredHosts.includes(m.host));
  if (stale.length > 0) {
    const leaving = stale.reduce((a, b) => (b._id > a._id ? b : a));
    return next(config.members.filter((m) => m !== leaving));
  }
  const present = new Set(config.members.map((m) => m.host));
  const missing = desiredHosts.find((host) => !present.has(host));
  if (missing === undefined) return null;
  const nextId = Math.max(-1, ...config.members.map((m) => m._id)) + 1;
  return next([...config.members, { _id: nextId, host: missing }]);
}

/**
 * Scaling down by more than a minority (3 → 1, 5 → 1) leaves the remaining members unable to
 * elect a primary, so no ordinary reconfiguration can drop the departed ones. Then, and only if
 * every member to drop is unreachable (its pod is gone), the configuration is forced down to the
 * desired members; a live member is never cut off. Returns null whenever an election can still
 * succeed or nothing is to be dropped.
 */
function planForcedShrink(config, desiredHosts, reachableHosts) {
  const kept = config.members.filter((m) => desiredHosts.includes(m.host));
  const dropped = config.members.filter((m) => !desiredHosts.includes(m.host));
  if (dropped.length === 0 || kept.length === 0) return null;
  if (kept.length >= Math.floor(config.members.length / 2) + 1) return null;
  if (dropped.some((m) => reachableHosts.includes(m.host))) return null;
  return { ...config, version: config.version + 1, members: kept };
}

/** The first configuration: this member alone; the others join through planReconfig. */
function initialConfig(replicaSetName, selfHost) {
  return { _id: replicaSetName, members: [{ _id: 0, host: selfHost }] };
}

/**
 * Whether this member may take traffic: it belongs to this set under its own host name and is
 * primary or a secondary (an empty re-created member is in initial sync, STARTUP2, until it has the
 * data). A member outside any set, arbiters and hidden members are not ready.
 */
function memberReadiness(hello, selfHost, replicaSetName) {
  if (!hello || !hello.setName)
    return { ready: false, reason: 'not a member of a replica set yet' };
  if (hello.setName !== replicaSetName) {
    return { ready: false, reason: `member of ${hello.setName}, not ${replicaSetName}` };
  }
  if (hello.me !== selfHost) return { ready: false, reason: `not configured as ${selfHost}` };
  if (hello.arbiterOnly || hello.hidden)
    return { ready: false, reason: 'arbiter or hidden member' };
  if (hello.isWritablePrimary || hello.secondary) return { ready: true, reason: 'serving' };
  return {
    ready: false,
    reason: 'neither primary nor secondary (starting, syncing or recovering)',
  };
}

/**
 * What a failed root login means, from the answer to creating the root user through the localhost
 * exception: it succeeds only while the database has no user at all, so a refusal as unauthorized
 * means the root user exists with another password than the Secret's.
 */
function rootLoginVerdict(createResult) {
  if (createResult.ok) return 'created';
  if (createResult.code === 13 || createResult.codeName === 'Unauthorized') return 'mismatch';
  return 'error';
}

/**
 * The monitoring user the metrics exporter signs in as, when the chart runs one: both variables or
 * neither. Its roles read server and replica-set status and nothing of the application's data.
 */
function monitorUserFrom(env) {
  const user = env.MONGO_MONITOR_USER || '';
  const password = env.MONGO_MONITOR_PASSWORD || '';
  if (Boolean(user) !== Boolean(password)) {
    throw new Error('MONGO_MONITOR_USER and MONGO_MONITOR_PASSWORD go together');
  }
  return user ? { monitorUser: user, monitorPassword: password } : {};
}

const MONITOR_ROLES = [
  { role: 'clusterMonitor', db: 'admin' },
  { role: 'read', db: 'local' },
];

/** Reads the settings the StatefulSet passes in; every one is required but the monitoring user. */
function settingsFrom(env) {
  const required = (name) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  const podName = required('POD_NAME');
  return {
    podName,
    ordinal: ordinalOf(podName),
    selfHost: `${podName}.${required('MEMBER_HOST_SUFFIX')}`,
    desiredHosts: required('MEMBER_HOSTS').split(','),
    replicaSetName: required('REPLICA_SET_NAME'),
    rootUser: required('MONGO_ROOT_USER'),
    rootPassword: required('MONGO_ROOT_PASSWORD'),
    appUser: required('MONGO_APP_USER'),
    appPassword: required('MONGO_APP_PASSWORD'),
    appDatabase: required('MONGO_APP_DATABASE'),
    ...monitorUserFrom(env),
    statusDir: env.STATUS_DIR || '',
    intervalSeconds: Number(env.RECONCILE_INTERVAL_SECONDS || '30'),
    statusIntervalSeconds: Number(env.STATUS_INTERVAL_SECONDS || '5'),
  };
}

function runUnderMongosh(fs) {
  const settings = settingsFrom(process.env);
  // Written whole under a temporary name, then renamed: a probe never reads half a file.
  const writeStatus = (name, text) => {
    if (!settings.statusDir) return;
    const path = `${settings.statusDir}/${name}`;
    fs.writeFileSync(`${path}.tmp`, `${text}\n`);
    fs.renameSync(`${path}.tmp`, path);
  };
  // Opened on first use, not at start: mongod may still be starting when this sidecar starts.
  let localAdmin = null;
  const admin = () =>
    localAdmin ||
    (localAdmin = new Mongo('mongodb://127.0.0.1:27017/?directConnection=true').getDB('admin'));
  const helloOf = (host) => {
    try {
      const peer = new Mongo(
        `mongodb://${host}/?directConnection=true&serverSelectionTimeoutMS=3000`,
      );
      try {
        return peer.getDB('admin').runCommand({ hello: 1 });
      } finally {
        peer.close();
      }
    } catch {
      return null;
    }
  };
  const check = (result, what) => {
    if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
    return result;
  };
  const loginAsRoot = () => {
    try {
      return Boolean(admin().auth(settings.rootUser, settings.rootPassword).ok);
    } catch {
      return false;
    }
  };
  let mismatchReported = false;

  /** Logs in as root, creating the user on a set without users; false on a password mismatch. */
  const ensureRoot = () => {
    if (loginAsRoot()) return true;
    const created = admin().runCommand({
      createUser: settings.rootUser,
      pwd: settings.rootPassword,
      roles: [{ role: 'root', db: 'admin' }],
    });
    const verdict = rootLoginVerdict(created);
    if (verdict === 'mismatch') {
      writeStatus('auth', 'root password mismatch');
      if (!mismatchReported) {
        print(
          `ERROR root password mismatch: the user ${settings.rootUser} exists with another password ` +
            'than mongodb-root-password in the Secret. Restore the old password in the Secret (or ' +
            'change it in MongoDB first); until then members can be neither added nor removed.',
        );
      }
      mismatchReported = true;
      return false;
    }
    check(created, 'creating the root user');
    print('created the root user');
    if (!loginAsRoot()) throw new Error('root login failed right after creating the user');
    return true;
  };

  const synced = new Set();
  /** Creates a user, or updates it once per start so a changed password or role reaches the database. */
  const ensureUser = (database, name, user, what) => {
    const db = admin().getSiblingDB(database);
    const found = check(db.runCommand({ usersInfo: name }), 'reading users');
    if (found.users.length === 0) {
      check(db.runCommand({ createUser: name, ...user }), `creating the ${what}`);
      print(`created the user ${name}`);
    } else if (!synced.has(`${database}.${name}`)) {
      check(db.runCommand({ updateUser: name, ...user }), `updating the ${what}`);
    }
    synced.add(`${database}.${name}`);
  };

  const ensureAppUser = () =>
    ensureUser(
      settings.appDatabase,
      settings.appUser,
      { pwd: settings.appPassword, roles: [{ role: 'readWrite', db: settings.appDatabase }] },
      'app user',
    );

  const ensureMonitorUser = () => {
    if (!settings.monitorUser) return;
    ensureUser(
      'admin',
      settings.monitorUser,
      { pwd: settings.monitorPassword, roles: MONITOR_ROLES },
      'monitoring user',
    );
  };

  const reconcileMembers = () => {
    const { config } = check(admin().runCommand({ replSetGetConfig: 1 }), 'replSetGetConfig');
    const next = planReconfig(config, settings.desiredHosts, settings.selfHost);
    if (next) {
      check(admin().runCommand({ replSetReconfig: next }), 'replSetReconfig');
      print(`members now: ${next.members.map((m) => m.host).join(', ')}`);
    }
  };

  const forceShrinkIfStuck = () => {
    if (!ensureRoot()) return;
    const { config } = check(admin().runCommand({ replSetGetConfig: 1 }), 'replSetGetConfig');
    const departed = config.members
      .map((m) => m.host)
      .filter((host) => !settings.desiredHosts.includes(host));
    const reachable = departed.filter((host) => helloOf(host) !== null);
    const next = planForcedShrink(config, settings.desiredHosts, reachable);
    if (next) {
      check(admin().runCommand({ replSetReconfig: next, force: true }), 'forced replSetReconfig');
      print(`forced the members down to: ${next.members.map((m) => m.host).join(', ')}`);
    }
  };

  const reconcileOnce = () => {
    const hello = admin().runCommand({ hello: 1 });
    if (!hello.setName) {
      const peers = settings.desiredHosts.filter((h) => h !== settings.selfHost).map(helloOf);
      if (!shouldInitiate({ ordinal: settings.ordinal, selfHello: hello, peerHellos: peers })) {
        return;
      }
      const config = initialConfig(settings.replicaSetName, settings.selfHost);
      check(admin().runCommand({ replSetInitiate: config }), 'replSetInitiate');
      print(`initiated replica set ${settings.replicaSetName}`);
      return;
    }
    if (!hello.isWritablePrimary) {
      // Member 0 always remains after a scale-down, so it alone repairs a set left without majority.
      if (settings.ordinal === 0 && !hello.primary) forceShrinkIfStuck();
      return;
    }
    if (!ensureRoot()) return;
    writeStatus('auth', 'ok');
    mismatchReported = false;
    // Membership first, and each step on its own: a failing user update never keeps the set
    // from scaling, nor the other way round.
    const failures = [];
    for (const [what, step] of [
      ['membership', reconcileMembers],
      ['application user', ensureAppUser],
      ['monitoring user', ensureMonitorUser],
    ]) {
      try {
        step();
      } catch (error) {
        failures.push(`${what}: ${error.message}`);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  };

  const reportMember = () => {
    const { ready, reason } = memberReadiness(
      admin().runCommand({ hello: 1 }),
      settings.selfHost,
      settings.replicaSetName,
    );
    writeStatus('member', ready ? 'ready' : `not ready: ${reason}`);
  };

  let sinceReconcile = Infinity;
  for (;;) {
    try {
      reportMember();
    } catch (error) {
      writeStatus('member', `not ready: ${error.message}`);
    }
    if (sinceReconcile >= settings.intervalSeconds) {
      sinceReconcile = 0;
      try {
        reconcileOnce();
      } catch (error) {
        print(`replica-set reconcile: ${error.message}`);
      }
    }
    // Seconds since the epoch: the liveness probe compares it with the clock.
    writeStatus('heartbeat', String(Math.floor(Date.now() / 1000)));
    sleep(settings.statusIntervalSeconds * 1000);
    sinceReconcile += settings.statusIntervalSeconds;
  }
}

if (typeof Mongo === 'function') {
  // mongosh scripts load Node's built-in modules with require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  runUnderMongosh(require('fs'));
} else {
  module.exports = {
    ordinalOf,
    shouldInitiate,
    planReconfig,
    planForcedShrink,
    initialConfig,
    memberReadiness,
    rootLoginVerdict,
    settingsFrom,
  };
}
