// The sidecar config, checked by the real collector built from the manifest: it validates with the
// environment the chart gives the pod, fails without it, and uses exactly the manifest's components.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { manifestPath } from '../../scripts/otelcol/build';
import {
  backendConfigPath,
  collectorBinary,
  COMPONENT_KINDS,
  componentTypes,
  sidecarConfigPath,
  sidecarEnv,
  validateConfig,
} from './support/collector';

const sidecarText = readFileSync(sidecarConfigPath, 'utf8');
const sidecar = yaml.load(sidecarText) as Record<string, any>;
const backend = yaml.load(readFileSync(backendConfigPath, 'utf8')) as Record<string, any>;
const manifest = yaml.load(readFileSync(manifestPath, 'utf8')) as Record<string, any>;

describe('collector.yaml', () => {
  it('validates with the pod environment', () => {
    const result = validateConfig(sidecarText, sidecarEnv());
    expect(result).toEqual({ ok: true, output: expect.any(String) });
  });

  it.each(['JUDIX_TRACES_ENDPOINT', 'JUDIX_LOGS_ENDPOINT'])('is refused without %s', (name) => {
    const env = sidecarEnv();
    delete env[name];
    const result = validateConfig(sidecarText, env);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/endpoint/i);
  });

  it('is refused with a malformed endpoint', () => {
    const result = validateConfig(
      sidecarText,
      sidecarEnv({ JUDIX_TRACES_ENDPOINT: '::not a url' }),
    );
    expect(result.ok).toBe(false);
  });

  it('takes OTLP/HTTP on the loopback interface only', () => {
    expect(Object.keys(sidecar.receivers.otlp.protocols)).toEqual(['http']);
    expect(sidecar.receivers.otlp.protocols.http.endpoint).toBe(
      '127.0.0.1:${env:JUDIX_OTLP_PORT:-4318}',
    );
  });

  it('limits memory first, then adds resource attributes, then batches', () => {
    for (const pipeline of Object.values(sidecar.service.pipelines) as any[]) {
      expect(pipeline.processors).toEqual(['memory_limiter', 'resource', 'batch']);
    }
    expect(Object.keys(sidecar.service.pipelines).sort()).toEqual(['logs', 'traces']);
  });

  it('sends logs to the Loki OTLP base path and traces to the trace store', () => {
    expect(sidecar.service.pipelines.logs.exporters).toEqual(['otlp_http/logs']);
    expect(sidecar.service.pipelines.traces.exporters).toEqual(['otlp_http/traces']);
    expect(sidecar.exporters['otlp_http/logs'].endpoint).toBe('${env:JUDIX_LOGS_ENDPOINT}');
    expect(sidecar.exporters['otlp_http/traces'].endpoint).toBe('${env:JUDIX_TRACES_ENDPOINT}');
  });

  it('names every environment variable it reads in its header comment', () => {
    const header = sidecarText
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    const used = new Set([...sidecarText.matchAll(/\$\{env:([A-Z0-9_]+)/g)].map((m) => m[1]));
    for (const name of used) expect(header).toContain(name);
  });
});

describe('builder manifest', () => {
  const built = yaml.load(
    spawnSync(collectorBinary(), ['components'], { encoding: 'utf8' }).stdout,
  ) as Record<string, { name: string; module: string }[]>;

  it('lists exactly the components the sidecar and the stand-in backend use', () => {
    const sidecarTypes = componentTypes(sidecar);
    const backendTypes = componentTypes(backend);
    for (const kind of COMPONENT_KINDS) {
      const used = new Set([...sidecarTypes[kind], ...backendTypes[kind]]);
      const available = (built[kind] ?? []).map((component) => component.name);
      expect([...used].sort()).toEqual([...available].sort());
    }
  });

  it('is what the binary was built from, every module at the distribution version', () => {
    const version = manifest.dist.version;
    for (const kind of COMPONENT_KINDS) {
      const listed = (manifest[kind] as { gomod: string }[]).map((entry) => entry.gomod).sort();
      const modules = (built[kind] ?? []).map((component) => component.module).sort();
      expect(modules).toEqual(listed);
      for (const module of listed) expect(module.endsWith(` v${version}`)).toBe(true);
    }
  });
});
