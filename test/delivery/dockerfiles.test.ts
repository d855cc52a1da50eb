// Neither image can be built here (no Docker), so the Dockerfiles are read as data and held to the
// rules: multi-stage, pinned bases, numeric non-root user, no remote ADD, copied files that exist
// and are not excluded from the build context, a production-only api runtime, OCI labels.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readText, repoRoot } from './support';

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions, joining continued lines, dropping comments. */
function parseDockerfile(path: string): Stage[] {
  const lines = readText(path)
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const logical = lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword || args === undefined) throw new Error(`${path}: cannot read "${line}"`);
    if (keyword.toUpperCase() === 'FROM') {
      const [base, as, name] = args.split(/\s+/);
      stages.push({
        base: base!,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${path}: ${keyword} before FROM`);
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

const dockerignore = readText('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

/** Whether the build context keeps a path (a small subset of .dockerignore: exact names and `**\/`). */
function inContext(path: string): boolean {
  const clean = path.replace(/\/$/, '');
  return !dockerignore.some((pattern) => {
    const p = pattern.replace(/^\*\*\//, '');
    return clean === p || clean.startsWith(`${p}/`) || clean.split('/').includes(p);
  });
}

const nodeMajor = readText('.nvmrc').trim();
const packageJson = JSON.parse(readText('package.json')) as {
  license: string;
  scripts: Record<string, string>;
};

describe.each(['Dockerfile', 'Dockerfile.web'])('%s', (file) => {
  const stages = parseDockerfile(file);
  const final = stages.at(-1)!;
  const stageNames = stages.map((s) => s.name).filter(Boolean);

  it('when read, then it has a build stage and a separate runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.name).toBeUndefined();
    for (const from of all(final, 'COPY').filter((args) => args.includes('--from=')))
      expect(stageNames).toContain(/--from=(\S+)/.exec(from)![1]);
  });

  it('when bases are pulled, then each is pinned to an exact version (Node: the one LTS of all images)', () => {
    for (const { base } of stages) {
      expect(base).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/);
      if (base.startsWith('node:'))
        expect(base).toMatch(new RegExp(`^node:${nodeMajor}\\.\\d+\\.\\d+-bookworm-slim$`));
    }
    expect(stages[0]!.base).toMatch(/^node:/);
  });

  it('when it runs, then it is a numeric non-root user', () => {
    const users = all(final, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
  });

  it('when files come in, then nothing is fetched by ADD and every copied path exists in the context', () => {
    for (const stage of stages) {
      expect(all(stage, 'ADD')).toEqual([]);
      for (const args of all(stage, 'COPY').filter((a) => !a.includes('--from='))) {
        const sources = args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1);
        expect(sources.length).toBeGreaterThan(0);
        for (const source of sources) {
          expect([source, existsSync(join(repoRoot, source))]).toEqual([source, true]);
          expect([source, inContext(source)]).toEqual([source, true]);
        }
      }
    }
  });

  it('when published, then it carries the OCI source, revision, version and licence labels', () => {
    const labels = all(final, 'LABEL').join(' ');
    for (const key of ['source', 'revision', 'version', 'licenses', 'title'])
      expect(labels).toMatch(new RegExp(`org\\.opencontainers\\.image\\.${key}="[^"]+"`));
    expect(labels).toContain(`org.opencontainers.image.licenses="${packageJson.license}"`);
    const args = all(final, 'ARG').map((a) => a.split('=')[0]);
    expect(args).toEqual(expect.arrayContaining(['VERSION', 'REVISION', 'SOURCE']));
  });
});

describe('the api image', () => {
  const stages = parseDockerfile('Dockerfile');
  const final = stages.at(-1)!;
  const runs = (stage: Stage) => all(stage, 'RUN').join('\n');

  it('when dependencies are installed, then only production ones, and for the build only the compiler', () => {
    const installs = stages.flatMap((s) =>
      runs(s)
        .split(/&&|\n/)
        .filter((command) => /\bnpm (ci|install|i)\b/.test(command)),
    );
    expect(installs.length).toBeGreaterThanOrEqual(2);
    for (const command of installs) {
      if (/\bnpm ci\b/.test(command)) expect(command).toMatch(/--omit=dev/);
      else expect(command).toMatch(/npm install --prefix \/opt\/tsc .*"typescript@\$\(node -p/);
      expect(command).toMatch(/--ignore-scripts/);
    }
  });

  it('when it runs, then its stage has no npm, no compiler, and the node_modules of --omit=dev', () => {
    expect(runs(final)).not.toMatch(/\bnpm\b (ci|install|run)/);
    expect(runs(final)).toMatch(
      /rm -rf \/usr\/local\/lib\/node_modules \/usr\/local\/bin\/npm \/usr\/local\/bin\/npx/,
    );
    const modules = all(final, 'COPY').find((a) => /\/app\/node_modules/.test(a))!;
    const from = /--from=(\S+)/.exec(modules)![1];
    const source = stages.find((s) => s.name === from)!;
    expect(runs(source)).toMatch(/npm ci --omit=dev/);
    expect(all(final, 'COPY').join('\n')).not.toMatch(/\/opt\/tsc/);
    expect(all(final, 'CMD')).toEqual(['["node", "dist/server.js"]']);
    expect(all(final, 'ENV')).toContain('NODE_ENV=production');
  });

  it('when compiled, then it uses the tsconfig and copies the assets `npm run build` does', () => {
    const build = packageJson.scripts.build!;
    const tsconfig = /tsc -p (\S+)/.exec(build)![1];
    const compile = stages.map(runs).join('\n');
    expect(compile).toContain(`tsc -p ${tsconfig} --noCheck`);
    const assets = [...build.matchAll(/cpSync\('([^']+)','([^']+)'\)/g)];
    expect(assets.length).toBeGreaterThan(0);
    for (const [, from, to] of assets) expect(compile).toContain(`cp ${from} ${to}`);
  });
});

describe('the web image', () => {
  const stages = parseDockerfile('Dockerfile.web');

  it('when built, then the build stage holds what the web build reads: the api sources and the script that documents them', () => {
    const generator = readText('web/scripts/api-types.mjs');
    const script = /'\.\.\/(scripts\/[^']+\.ts)'/.exec(generator)![1]!;
    const copies = all(stages[0]!, 'COPY');
    expect(copies).toContain(`${script} ${dirname(script)}/`);
    expect(copies).toContain('src/ src/');
    // The api's imports and tsx come from the root's dependencies.
    expect(all(stages[0]!, 'RUN').join('\n')).toMatch(/npm ci --ignore-scripts/);
  });

  it('when it serves, then it uses the nginx config local runs and browser tests use', () => {
    expect(all(stages.at(-1)!, 'COPY')).toContain('web/nginx/nginx.conf /etc/nginx/nginx.conf');
  });
});

describe('both images', () => {
  it('when built, then every Node stage uses one and the same Node release', () => {
    const bases = ['Dockerfile', 'Dockerfile.web']
      .flatMap((file) => parseDockerfile(file).map((s) => s.base))
      .filter((base) => base.startsWith('node:'));
    expect(bases.length).toBeGreaterThanOrEqual(4);
    expect(new Set(bases).size).toBe(1);
  });
});

describe('.dockerignore', () => {
  it('when the context is sent, then dependencies, git history and build output stay out', () => {
    for (const path of ['node_modules', 'web/node_modules', '.git', 'dist', 'web/dist'])
      expect([path, inContext(path)]).toEqual([path, false]);
    expect(inContext('src')).toBe(true);
  });
});
