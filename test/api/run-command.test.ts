// The run command as a user starts it (`./scripts/run.sh`): a signal to its own PID stops every
// process it started, and the api it starts listens on loopback only. Builds are skipped
// (JUDIX_NO_BUILD=1) because the test command has built both already, and rebuilding dist/ here
// would race the other api tests that run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../../scripts/services';

const repoRoot = resolve(__dirname, '..', '..');

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  startTime: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      startTime: fields[19]!,
      command,
    };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** The process and all its descendants, followed through parent links. */
function processTree(root: number): ProcessInfo[] {
  const processes = allProcesses();
  const tree = processes.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...processes.filter((p) => p.ppid === tree[i]!.pid));
  }
  return tree;
}

/** Processes of the snapshot that still run (same PID and start time), or share its group. */
function survivors(snapshot: ProcessInfo[], pgid: number): ProcessInfo[] {
  const known = new Map(snapshot.map((p) => [p.pid, p.startTime]));
  return allProcesses().filter((p) => p.pgid === pgid || known.get(p.pid) === p.startTime);
}

function listensOn(pid: number, port: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      // Column 3 is the state (0A = LISTEN), column 9 the socket's inode.
      if (columns[3] !== '0A' || !inodes.has(columns[9]!)) continue;
      const [address, localPort] = columns[1]!.split(':');
      if (localPort === hexPort) addresses.push(address!);
    }
  }
  return addresses;
}

interface RunCommand {
  child: ChildProcess;
  output: () => string;
  apiPort: number;
  exited: Promise<number | null>;
}

async function startRunCommand(): Promise<RunCommand> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.MONGO_URL;
  delete env.REDIS_URL;
  const apiPort = await freePort();
  const child = spawn('./scripts/run.sh', [], {
    cwd: repoRoot,
    // Its own process group, so whatever it leaves behind can be found (and cleaned up) by pgid.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      JUDIX_NO_BUILD: '1',
      JUDIX_NO_CONTAINERS: '1',
      JUDIX_NO_INSTALL: '1',
      JUDIX_API_PORT: String(apiPort),
      JUDIX_WEB_PORT: String(await freePort()),
      JUDIX_METRICS_PORT: String(await freePort()),
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, apiPort, exited };
}

async function waitForUrls(run: RunCommand): Promise<string> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`run.sh exited early:\n${run.output()}`);
    const web = /web app\s+(http:\/\/\S+)/.exec(run.output())?.[1];
    if (web && /Press Ctrl-C/.test(run.output())) {
      const page = await fetch(web).then((r) => r.text());
      expect(page).toContain('<div id="root">');
      return web;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run.sh printed no URLs:\n${run.output()}`);
}

/** The exit code, or a failure that shows the output when the command does not exit. */
function exitCode(run: RunCommand): Promise<number | null> {
  return Promise.race([
    run.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`run.sh did not exit:\n${run.output()}`)), 60_000).unref(),
    ),
  ]);
}

async function waitUntilGone(snapshot: ProcessInfo[], pgid: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + 30_000;
  let left = survivors(snapshot, pgid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = survivors(snapshot, pgid);
  }
  return left;
}

const started: RunCommand[] = [];
afterEach(() => {
  for (const run of started.splice(0)) {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // Nothing left in the group: the expected case.
    }
  }
});

const linuxOnly = existsSync('/proc/self/stat') ? describe : describe.skip;

linuxOnly('the run command', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'when its own PID gets %s, then every process it started stops',
    async (signal) => {
      const run = await startRunCommand();
      started.push(run);
      await waitForUrls(run);

      const tree = processTree(run.child.pid!);
      const commands = tree.map((p) => p.command).join('\n');
      expect(commands).toMatch(/dist\/server\.js/);
      expect(commands).toMatch(/nginx/);
      expect(commands).toMatch(/redis-server/);
      expect(commands).toMatch(/ferretdb|mongod/);

      process.kill(run.child.pid!, signal);
      expect(await exitCode(run)).toBe(0);
      const left = await waitUntilGone(tree, run.child.pid!);
      expect(left.map((p) => `${p.pid} ${p.command}`)).toEqual([]);
      expect(run.output()).toMatch(/Stopping/);
    },
    240_000,
  );

  it('when it runs, then the api listens on loopback only and its log goes to the printed file', async () => {
    const run = await startRunCommand();
    started.push(run);
    const web = await waitForUrls(run);

    const api = processTree(run.child.pid!).find((p) => /dist\/server\.js/.test(p.command))!;
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it.
    expect(listensOn(api.pid, run.apiPort)).toEqual(['0100007F']);

    await fetch(`${web}/api/v1/openapi.json`);
    const logFile = /api log\s+(\S+)/.exec(run.output())?.[1];
    expect(logFile).toBeDefined();
    expect(readFileSync(logFile!, 'utf8')).toMatch(/"msg":"listening"/);
    expect(run.output()).not.toMatch(/"msg":"listening"/);

    process.kill(run.child.pid!, 'SIGTERM');
    expect(await exitCode(run)).toBe(0);
  }, 240_000);
});
