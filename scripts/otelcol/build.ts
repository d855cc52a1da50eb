// Builds the Judix collector from observability/collector/builder-config.yaml with the
// OpenTelemetry Collector Builder, once per manifest: the binary is cached outside the clone under
// a name carrying the version and the manifest's hash, built under a temporary name and renamed, so
// parallel runs never see half-written files. Run directly (`tsx scripts/otelcol/build.ts`) it
// builds and prints the binary's path.
import { spawnSync } from 'node:child_process';
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
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { toolCacheDir } from '../tool-cache';

const repoRoot = resolve(__dirname, '..', '..');
export const manifestPath = join(repoRoot, 'observability', 'collector', 'builder-config.yaml');

interface Manifest {
  dist: { name: string; version: string; output_path?: string };
}

function readManifest(): { text: string; manifest: Manifest } {
  const text = readFileSync(manifestPath, 'utf8');
  const manifest = yaml.load(text) as Manifest;
  if (!/^\d+\.\d+\.\d+$/.test(manifest?.dist?.version ?? ''))
    throw new Error(`${manifestPath}: dist.version must be a release such as 0.161.0`);
  return { text, manifest };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** The builder at the manifest's version, installed once into the tool cache. */
function builderBinary(version: string): string {
  const binary = toolCacheDir('bin', `otelcol-builder-${version}`);
  if (existsSync(binary)) return binary;
  mkdirSync(toolCacheDir('bin'), { recursive: true });
  const gobin = mkdtempSync(toolCacheDir('bin', '.otelcol-builder-'));
  try {
    run('go', ['install', `go.opentelemetry.io/collector/cmd/builder@v${version}`], repoRoot, {
      ...process.env,
      GOBIN: gobin,
    });
    renameSync(join(gobin, 'builder'), binary);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
  return binary;
}

/** Path of the collector built from the manifest; builds it on first use (a few minutes). */
export function collectorBinary(): string {
  const { text, manifest } = readManifest();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const version = manifest.dist.version;
  const binary = toolCacheDir('bin', `otelcol-${version}-${hash}`);
  if (existsSync(binary)) return binary;
  const builder = builderBinary(version);
  process.stderr.write(
    `Building the collector ${version} from ${manifestPath} (first run only)…\n`,
  );
  const work = mkdtempSync(toolCacheDir('bin', '.otelcol-build-'));
  try {
    const output = join(work, 'dist');
    const config = join(work, 'builder-config.yaml');
    writeFileSync(
      config,
      yaml.dump({ ...manifest, dist: { ...manifest.dist, output_path: output } }),
    );
    run(builder, [`--config=${config}`], work, { ...process.env, CGO_ENABLED: '0' });
    renameSync(join(output, manifest.dist.name), binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

if (require.main === module) {
  const started = Date.now();
  const binary = collectorBinary();
  process.stderr.write(`Collector ready in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`${binary}\n`);
}
