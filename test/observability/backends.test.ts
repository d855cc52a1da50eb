// Loki and Tempo cannot be obtained on these machines, so their configs are checked as data: the
// storage, schema, retention and ports the chart and the collector rely on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { observabilityDir } from './support/queries';

function load(path: string): { text: string; config: Record<string, any> } {
  const text = readFileSync(join(observabilityDir, path), 'utf8');
  return { text, config: yaml.load(text) as Record<string, any> };
}

function envNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+)(?::-[^}]*)?\}/g)].map((m) => m[1]!))];
}

describe('loki.yaml', () => {
  const { text, config } = load('loki/loki.yaml');

  it('is a single binary on the filesystem with the TSDB index, schema v13', () => {
    expect(config.auth_enabled).toBe(false);
    expect(config.common.replication_factor).toBe(1);
    expect(config.common.ring.kvstore.store).toBe('inmemory');
    expect(config.common.storage.filesystem.chunks_directory).toMatch(/^\/loki\//);
    const schemas = config.schema_config.configs;
    expect(schemas.at(-1)).toMatchObject({
      store: 'tsdb',
      object_store: 'filesystem',
      schema: 'v13',
    });
    expect(schemas.at(-1).index.period).toBe('24h');
  });

  it('keeps OTLP attributes as structured metadata', () => {
    expect(config.limits_config.allow_structured_metadata).toBe(true);
  });

  it('enforces the retention from the environment with the compactor', () => {
    expect(config.limits_config.retention_period).toBe('${JUDIX_LOKI_RETENTION:-168h}');
    expect(config.compactor).toMatchObject({
      retention_enabled: true,
      delete_request_store: 'filesystem',
    });
    expect(envNames(text)).toEqual(['JUDIX_LOKI_RETENTION']);
  });

  it('listens where the collector sends (/otlp on 3100) and evaluates the rules of loki/rules', () => {
    expect(config.server.http_listen_port).toBe(3100);
    expect(config.ruler.storage).toEqual({
      type: 'local',
      local: { directory: '/etc/loki/rules' },
    });
  });
});

describe('tempo.yaml', () => {
  const { text, config } = load('tempo/tempo.yaml');

  it('takes OTLP/HTTP on 4318 and answers queries on 3200', () => {
    expect(config.distributor.receivers.otlp.protocols).toEqual({
      http: { endpoint: '0.0.0.0:4318' },
    });
    expect(config.server.http_listen_port).toBe(3200);
  });

  it('stores blocks locally and deletes them after the retention from the environment', () => {
    expect(config.storage.trace.backend).toBe('local');
    expect(config.storage.trace.local.path).toMatch(/^\/var\/tempo\//);
    expect(config.storage.trace.wal.path).toMatch(/^\/var\/tempo\//);
    expect(config.compactor.compaction.block_retention).toBe('${JUDIX_TEMPO_RETENTION:-168h}');
    expect(envNames(text)).toEqual(['JUDIX_TEMPO_RETENTION']);
  });
});
