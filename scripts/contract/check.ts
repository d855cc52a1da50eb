// The contract tier: starts a MongoDB-protocol server, Redis and the api on free ports, then
// proves the served OpenAPI document with peer tools: openapi-spec-validator, an
// openapi-typescript run that must print no warnings, and schemathesis (every check, stateful
// phase on) signed in as two users. Python tools come from a venv in the tool cache keyed by
// their pins. Exits non-zero on any failure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { provideMongo } from '../services';
import { startTestApp } from '../../test/support/app';
import { toolCacheDir } from '../tool-cache';

const here = __dirname;

/** The venv with the pinned tools; built under a temporary name, then renamed into place. */
function pythonTools(): string {
  const pins = readFileSync(join(here, 'requirements.txt'));
  const hash = createHash('sha256').update(pins).digest('hex').slice(0, 12);
  const venv = toolCacheDir(`contract-tools-${hash}`);
  if (existsSync(join(venv, 'bin', 'python'))) return venv;
  mkdirSync(dirname(venv), { recursive: true });
  const building = `${venv}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'venv', building], { stdio: 'inherit' });
  execFileSync(
    join(building, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '-r',
      join(here, 'requirements.txt'),
    ],
    { stdio: 'inherit' },
  );
  try {
    renameSync(building, venv);
  } catch (error) {
    // Another run finished first; its venv has the same pins.
    if (!existsSync(join(venv, 'bin', 'python'))) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  return venv;
}

/** Runs a tool to completion; returns what it printed. */
function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  console.log(`-- ${label}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
  return `${result.stdout}${result.stderr}`;
}

/** Runs a tool in `cwd` (where it may leave its own files), its output shown as it comes. */
function stream(
  label: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
) {
  console.log(`-- ${label}`);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code})`)),
    );
  });
}

async function main() {
  const venv = pythonTools();
  const python = join(venv, 'bin', 'python');
  const mongo = await provideMongo();
  const app = await startTestApp(
    { RATE_LIMIT_MAX: '1000000', ACCESS_TOKEN_TTL: '1h' },
    { mongoUrl: mongo.url },
  );
  const work = mkdtempSync(join(tmpdir(), 'judix-contract-'));
  try {
    const response = await app.client.get('/api/v1/openapi.json');
    if (response.status !== 200) throw new Error(`the document answered ${response.status}`);
    const document = join(work, 'openapi.json');
    writeFileSync(document, response.text);

    run('openapi-spec-validator', python, ['-m', 'openapi_spec_validator', document]);

    const generated = run('openapi-typescript', 'npx', [
      'openapi-typescript',
      document,
      '--output',
      join(work, 'api.d.ts'),
    ]);
    if (/warn|⚠|error/i.test(generated)) throw new Error('openapi-typescript printed warnings');

    const users = ['alice', 'bob'].map((name) => ({
      name,
      email: `${name}-${process.pid}@contract.test`,
      password: `${name} has a long enough passphrase`,
    }));
    for (const user of users) {
      const created = await app.client.post('/api/v1/auth/register', {
        body: { name: user.name, email: user.email, password: user.password },
      });
      if (created.status !== 201) throw new Error(`registering ${user.name}: ${created.status}`);
    }
    const auth = join(work, 'auth.json');
    writeFileSync(
      auth,
      JSON.stringify({
        schemaVersion: '0.2.0',
        auth: users.map((user) => ({
          name: user.name,
          loginEndpointAuth: {
            verb: 'POST',
            endpoint: '/api/v1/auth/login',
            contentType: 'application/json',
            payloadRaw: JSON.stringify({ email: user.email, password: user.password }),
            token: {
              extractFrom: 'body',
              extractSelector: '/accessToken',
              sendIn: 'header',
              sendName: 'Authorization',
              sendTemplate: 'Bearer {token}',
            },
          },
        })),
      }),
    );
    await stream(
      'schemathesis',
      python,
      [
        '-m',
        'schemathesis.cli',
        '--config-file',
        join(here, 'schemathesis.toml'),
        'run',
        document,
        '--report',
        'junit',
        '--report-dir',
        join(work, 'report'),
        // Extra arguments narrow a run, e.g. `--include-operation-id updateTask --phases coverage`.
        ...process.argv.slice(2),
      ],
      work,
      {
        JUDIX_CONTRACT_URL: app.client.baseUrl,
        JUDIX_CONTRACT_AUTH: auth,
        SCHEMATHESIS_HOOKS: 'hooks',
        PYTHONPATH: here,
      },
    );
  } catch (error) {
    const logs = join(tmpdir(), 'judix-contract-api.log');
    writeFileSync(logs, app.logs.join(''));
    console.error(`The api's log is in ${logs}`);
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await app.close();
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
