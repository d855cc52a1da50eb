// The GitHub Actions workflows cannot run here, so they are checked by every static means: the real
// actionlint (with shellcheck on each script) and GitHub's workflow schema, pins, and each
// workflow read as data for the steps and permissions its job needs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readText, readYaml, repoFiles, repoRoot, stepUsing, workflow, type Doc } from './support';

const workflowNames = readdirSync(join(repoRoot, '.github', 'workflows'))
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

function lintWorkflows(files: string[]): Promise<{ code: number; output: string }> {
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    execFile(
      tsx,
      [join(repoRoot, 'scripts', 'lint-workflows.ts'), ...files],
      { cwd: repoRoot, timeout: 600_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('every workflow', () => {
  // The first run builds actionlint with Go, which takes minutes on a busy machine.
  it('when checked by actionlint and the workflow schema, then neither finds anything', async () => {
    expect(workflowNames).toEqual(expect.arrayContaining(['chart.yml', 'ci.yml', 'release.yml']));
    const { code, output } = await lintWorkflows([]);
    expect(output).toContain(`${workflowNames.length} workflow(s): no findings`);
    expect(code).toBe(0);
  }, 600_000);

  it('when a workflow is broken, then both tools report it and the check fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judix-workflow-'));
    try {
      const broken = join(dir, 'broken.yml');
      writeFileSync(
        broken,
        [
          'on: push',
          'jobs:',
          '  build:',
          '    runs-on: ubuntu-24.04',
          '    unknown-key: 1',
          '    steps:',
          '      - run: echo ${{ needs.missing.outputs.value }} $unquoted',
          '',
        ].join('\n'),
      );
      const { code, output } = await lintWorkflows([broken]);
      expect(code).toBe(1);
      expect(output).toMatch(/\[actionlint\].*SC2086/);
      expect(output).toMatch(/\[actionlint\].*property "missing" is not defined/);
      expect(output).toMatch(/\[schema\].*Unexpected value 'unknown-key'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  describe('action pins', () => {
    const uses = workflowNames.flatMap((name) =>
      readText(join('.github', 'workflows', name))
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => ({ name, line: line.trim().replace(/^- /, '') })),
    );

    it('when an action is used, then it is pinned by full commit SHA with its version beside it', () => {
      expect(uses.length).toBeGreaterThan(20);
      for (const { name, line } of uses) {
        expect([name, line]).toEqual([
          name,
          expect.stringMatching(/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/),
        ]);
      }
    });

    it('when an action appears in several places, then it is the same version and SHA everywhere', () => {
      const byAction = new Map<string, Set<string>>();
      for (const { line } of uses) {
        const [, action, pin] = /^uses: ([^@]+)@(.+)$/.exec(line)!;
        byAction.set(action!, (byAction.get(action!) ?? new Set()).add(pin!));
      }
      for (const [action, pins] of byAction) expect([action, pins.size]).toEqual([action, 1]);
    });
  });
});

describe('release workflow', () => {
  const release = workflow('release.yml');
  const { jobs } = release.doc;

  it('when triggered, then version tags release and pushes to main publish edge', () => {
    expect(release.doc.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
    expect(release.doc.permissions).toEqual({});
    const version = release.scripts('version');
    expect(version).toMatch(/version="\$\{GITHUB_REF_NAME#v\}"/);
    expect(version).toMatch(/version=edge/);
  });

  it('when images are built, then both platforms are pushed with SBOM and provenance', () => {
    expect(jobs.images.permissions).toEqual({
      contents: 'read',
      packages: 'write',
      'id-token': 'write',
      attestations: 'write',
    });
    expect(jobs.images.strategy.matrix.include.map((m: Doc) => [m.image, m.dockerfile])).toEqual([
      ['judix-api', 'Dockerfile'],
      ['judix-web', 'Dockerfile.web'],
    ]);
    expect(jobs.images.env.IMAGE).toBe(
      'ghcr.io/${{ needs.version.outputs.owner }}/${{ matrix.image }}',
    );
    const steps = release.steps('images');
    stepUsing(steps, 'docker/setup-qemu-action');
    expect(stepUsing(steps, 'docker/login-action').with.registry).toBe('${{ env.REGISTRY }}');
    expect(release.doc.env.REGISTRY).toBe('ghcr.io');
    const build = stepUsing(steps, 'docker/build-push-action').with;
    expect(build.platforms.split(',').sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(build).toMatchObject({ push: true, sbom: true, provenance: 'mode=max' });
    expect(build['build-args']).toMatch(/VERSION=\$\{\{ needs\.version\.outputs\.version \}\}/);
    expect(build['build-args']).toMatch(/REVISION=\$\{\{ github\.sha \}\}/);
    const tags = stepUsing(steps, 'docker/metadata-action').with.tags.split('\n');
    expect(tags).toEqual(
      expect.arrayContaining([
        'type=semver,pattern={{version}}',
        'type=edge,branch=main',
        'type=sha,format=long',
      ]),
    );
  });

  it('when images are pushed, then they are signed and attested by the digest just built', () => {
    const steps = release.steps('images');
    const order = steps.map((s) => String(s.uses ?? s.run).split('@')[0]);
    const sign = steps.find((s) => /cosign sign --yes "\$\{IMAGE\}@\$\{DIGEST\}"/.test(s.run))!;
    expect(sign.env.DIGEST).toBe('${{ steps.build.outputs.digest }}');
    expect(order.indexOf('sigstore/cosign-installer')).toBeLessThan(steps.indexOf(sign));
    expect(order.indexOf('docker/build-push-action')).toBeLessThan(steps.indexOf(sign));
    const attest = stepUsing(steps, 'actions/attest-build-provenance').with;
    expect(attest).toEqual({
      'subject-name': '${{ env.IMAGE }}',
      'subject-digest': '${{ steps.build.outputs.digest }}',
      'push-to-registry': true,
    });
  });

  it('when a version is released, then the chart is packaged with it, checked, pushed and signed', () => {
    expect(jobs.chart.needs).toEqual(['version', 'images']);
    expect(jobs.chart.if).toBe("needs.version.outputs.channel == 'release'");
    expect(jobs.chart.permissions).toEqual({
      contents: 'read',
      packages: 'write',
      'id-token': 'write',
    });
    const run = release.scripts('chart');
    expect(run).toMatch(
      /helm package charts\/judix --version "\$VERSION" --app-version "\$VERSION"/,
    );
    expect(run).toMatch(/judix-api:\$\{VERSION\}.*judix-web:\$\{VERSION\}/);
    expect(run).toMatch(
      /helm push "dist\/judix-\$\{VERSION\}\.tgz" "oci:\/\/\$\{REGISTRY\}\/\$\{OWNER\}\/charts"/,
    );
    expect(run).toMatch(
      /cosign sign --yes "\$\{REGISTRY\}\/\$\{OWNER\}\/charts\/judix@\$\{digest\}"/,
    );
    stepUsing(release.steps('chart'), 'sigstore/cosign-installer');
  });

  it('when everything is published, then the GitHub release lists the changes since the previous tag', () => {
    expect(jobs['github-release'].needs).toEqual(['version', 'images', 'chart']);
    expect(jobs['github-release'].permissions).toEqual({ contents: 'write' });
    expect(stepUsing(release.steps('github-release'), 'actions/checkout').with).toEqual({
      'fetch-depth': 0,
    });
    const run = release.scripts('github-release');
    expect(run).toMatch(/git describe --tags --abbrev=0 --match 'v\*' "\$\{GITHUB_REF_NAME\}\^"/);
    expect(run).toMatch(/--notes-start-tag "\$previous"/);
    expect(run).toMatch(/--generate-notes/);
    expect(run).toMatch(/gh release create "\$GITHUB_REF_NAME"/);
  });

  it('when a job needs no write access, then it gets none', () => {
    const writers = Object.entries(jobs as Record<string, Doc>)
      .filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'))
      .map(([name]) => name);
    expect(writers.sort()).toEqual(['chart', 'github-release', 'images']);
    expect(jobs.version.permissions).toBeUndefined();
  });
});

describe('ci workflow', () => {
  const ci = workflow('ci.yml');

  it('when the api is tested, then it runs on each Node LTS line that engines accepts', () => {
    const engines = JSON.parse(readText('package.json')).engines.node as string;
    const majors = [...engines.matchAll(/>=(\d+)/g)].map((m) => m[1]);
    expect(ci.doc.jobs['api-node'].strategy.matrix.node).toEqual(majors);
    expect(majors).toContain(readText('.nvmrc').trim());
    expect(stepUsing(ci.steps('api-node'), 'actions/setup-node').with['node-version']).toBe(
      '${{ matrix.node }}',
    );
    expect(ci.scripts('api-node')).toMatch(/npx jest --selectProjects unit api/);
  });

  it('when the test command runs, then it is exactly ./scripts/test.sh on the .nvmrc Node', () => {
    expect(stepUsing(ci.steps('test'), 'actions/setup-node').with['node-version-file']).toBe(
      '.nvmrc',
    );
    expect(ci.scripts('test')).toMatch(/^\.\/scripts\/test\.sh$/m);
  });
});

describe('dependabot', () => {
  const config = readYaml('.github/dependabot.yml');
  const entry = (ecosystem: string): Doc => {
    const found = config.updates.find((u: Doc) => u['package-ecosystem'] === ecosystem);
    if (!found) throw new Error(`dependabot has no ${ecosystem} entry`);
    return found;
  };
  // Dependabot's directory globs: `**` crosses folders, `*` stays within one.
  const globToRegExp = (glob: string) =>
    new RegExp(
      `^${glob
        .split('**')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('.*')}$`,
    );

  it('when read, then npm, docker, actions and Go modules are updated, each grouped', () => {
    expect(config.version).toBe(2);
    for (const ecosystem of ['npm', 'docker', 'github-actions', 'gomod']) {
      const update = entry(ecosystem);
      expect([ecosystem, Object.keys(update.groups ?? {}).length > 0]).toEqual([ecosystem, true]);
    }
    // The root lock file carries the web workspace, so one npm entry at the root covers both.
    expect(entry('npm').directory).toBe('/');
    expect(JSON.parse(readText('package.json')).workspaces).toEqual(['web']);
    expect(entry('docker').directory).toBe('/');
    expect(readdirSync(repoRoot).filter((f) => f.startsWith('Dockerfile'))).toEqual([
      'Dockerfile',
      'Dockerfile.web',
    ]);
  });

  it('when the repository has Go modules, then every one of them is covered', () => {
    const patterns = (entry('gomod').directories as string[]).map(globToRegExp);
    const modules = repoFiles()
      .filter((path) => basename(path) === 'go.mod')
      .map((path) => `/${dirname(path)}`);
    expect(modules).toContain('/scripts/ferretdb');
    for (const dir of modules) {
      expect([dir, patterns.some((p) => p.test(dir))]).toEqual([dir, true]);
    }
  });
});

describe('chart workflow', () => {
  const chart = workflow('chart.yml');

  it('when the static job runs, then it lints, renders with kubeconform and runs the chart tests', () => {
    const run = chart.scripts('static');
    expect(run).toMatch(/helm lint --strict/);
    expect(run).toMatch(/charts\/judix\/ci\/\*-values\.yaml/);
    expect(run).toMatch(/kubeconform" -strict/);
    expect(run).toMatch(/npx jest --selectProjects chart/);
  });

  it('when the kind job runs, then both profiles are installed on each Kubernetes version', () => {
    const { strategy, env } = chart.doc.jobs.kind;
    expect(strategy.matrix.profile).toEqual(['dev', 'production']);
    expect(strategy.matrix.node.length).toBeGreaterThanOrEqual(2);
    const values = Object.fromEntries(
      strategy.matrix.include.map((i: Doc) => [i.profile, i.values]),
    );
    expect(values.dev).toBe('--values charts/judix/values-dev.yaml');
    // The production leg keeps the chart's defaults: only an Ingress on localhost is added.
    expect(values.production).toBe('--set ingress.enabled=true --set ingress.hosts[0]=localhost');
    expect(env.VALUES).toBe('${{ matrix.values }}');
    for (const component of ['api', 'web']) {
      expect(env.IMAGES).toContain(`--set ${component}.image.registry=ghcr.io`);
      expect(env.IMAGES).toContain(`--set ${component}.image.repository=judix/judix-${component}`);
      expect(env.IMAGES).toContain(`--set ${component}.image.tag=ci`);
    }
  });

  it('when the kind job runs, then it builds, loads, installs, smoke-checks, tests, upgrades and runs skaffold', () => {
    expect(chart.doc.jobs.kind.needs).toBe('static');
    const run = chart.scripts('kind');
    for (const expected of [
      /docker build --file Dockerfile --tag ghcr\.io\/judix\/judix-api:ci/,
      /docker build --file Dockerfile\.web --tag ghcr\.io\/judix\/judix-web:ci/,
      /^scripts\/kind\/up\.sh$/m,
      /kind load docker-image ghcr\.io\/judix\/judix-api:ci ghcr\.io\/judix\/judix-web:ci --name judix/,
      /pod-security\.kubernetes\.io\/enforce=restricted/,
      /helm install judix charts\/judix --namespace judix \$VALUES \$IMAGES --wait/,
      /helm test judix --namespace judix --logs/,
      /helm upgrade judix charts\/judix --namespace judix \$VALUES \$IMAGES/,
      /kubectl run np-probe --namespace default/,
      /has no key "jwt-secret"/,
      /skaffold run -p kind/,
    ]) {
      expect(run).toMatch(expected);
    }
    const kindStep = stepUsing(chart.steps('kind'), 'helm/kind-action');
    expect(kindStep.with.install_only).toBe(true);
  });

  it('when a release is installed, then the smoke check runs after helm install and after skaffold run', () => {
    const steps = chart.steps('kind');
    const smoke =
      'npx tsx scripts/smoke.ts --release judix --namespace judix --url http://localhost';
    const install = steps.findIndex((s) => /helm install judix/.test(s.run ?? ''));
    expect(steps[install + 1]!.run).toBe(smoke);
    const skaffold = steps.find((s) => /skaffold run -p kind/.test(s.run ?? ''))!;
    const lines = String(skaffold.run).trim().split('\n');
    expect(lines[lines.indexOf('skaffold run -p kind') + 1]).toBe(smoke);
    // Skaffold deploys values-dev.yaml, so it runs on the dev leg only.
    expect(skaffold.if).toBe("matrix.profile == 'dev'");
  });

  it('when NetworkPolicies are probed, then the probe script runs in a pod of another namespace', () => {
    const probe = chart.steps('kind').find((s) => /np-probe/.test(s.run ?? ''))!;
    expect(probe.run).toMatch(/--env "TARGET=\$\{target\}"/);
    expect(probe.run).toMatch(
      /node --input-type=module -e "\$\(cat scripts\/kind\/netpol-probe\.mjs\)"/,
    );
    expect(probe.run).toMatch(/judix-redis\.judix:6379/);
    expect(probe.run).toMatch(/judix-mongodb-0\.judix-mongodb-headless\.judix:27017/);
  });
});
