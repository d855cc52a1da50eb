// Keeps the MongoDB replica set equal to the StatefulSet: initiates it once, creates the root and
// application users, and adds or removes members as the StatefulSet scales. It runs under mongosh in
// a sidecar of every member (`mongosh --nodb --file replicaset.js`) and acts only where it may: on
// member 0 of a set never initiated, and on the primary. The decisions are pure functions so they
// can be unit-tested under Node; mongosh is recognised by its `Mongo` global.
'use strict';
/* global Mongo, sleep, print, process, module -- mongosh's globals, and Node's when unit-tested */

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

/** Reads the settings the StatefulSet passes in; every one is required. */
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
    intervalSeconds: Number(env.RECONCILE_INTERVAL_SECONDS || '30'),
  };
}

function runUnderMongosh() {
  const settings = settingsFrom(process.env);
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
  let appUserSynced = false;

  const ensureUsers = () => {
    if (!loginAsRoot()) {
      // The localhost exception allows exactly this first user on a set without users.
      check(
        admin().runCommand({
          createUser: settings.rootUser,
          pwd: settings.rootPassword,
          roles: [{ role: 'root', db: 'admin' }],
        }),
        'creating the root user',
      );
      print('created the root user');
      if (!loginAsRoot()) throw new Error('root login failed right after creating the user');
    }
    const appDb = admin().getSiblingDB(settings.appDatabase);
    const user = {
      pwd: settings.appPassword,
      roles: [{ role: 'readWrite', db: settings.appDatabase }],
    };
    const apps = check(appDb.runCommand({ usersInfo: settings.appUser }), 'reading users');
    if (apps.users.length === 0) {
      check(appDb.runCommand({ createUser: settings.appUser, ...user }), 'creating the app user');
      print(`created the user ${settings.appUser}`);
    } else if (!appUserSynced) {
      // Once per start, so a changed password or role in the Secret reaches the database.
      check(appDb.runCommand({ updateUser: settings.appUser, ...user }), 'updating the app user');
    }
    appUserSynced = true;
  };

  const forceShrinkIfStuck = () => {
    if (!loginAsRoot()) return;
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
    ensureUsers();
    const { config } = check(admin().runCommand({ replSetGetConfig: 1 }), 'replSetGetConfig');
    const next = planReconfig(config, settings.desiredHosts, settings.selfHost);
    if (next) {
      check(admin().runCommand({ replSetReconfig: next }), 'replSetReconfig');
      print(`members now: ${next.members.map((m) => m.host).join(', ')}`);
    }
  };

  for (;;) {
    try {
      reconcileOnce();
    } catch (error) {
      print(`replica-set reconcile: ${error.message}`);
    }
    sleep(settings.intervalSeconds * 1000);
  }
}

if (typeof Mongo === 'function') {
  runUnderMongosh();
} else {
  module.exports = {
    ordinalOf,
    shouldInitiate,
    planReconfig,
    planForcedShrink,
    initialConfig,
    settingsFrom,
  };
}
