// values.yaml is documented key by key, the README table is generated from it and current, and
// values.yaml and values.schema.json describe the same keys.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { parseValues, renderTable } from '../../scripts/chart-docs';
import { chartDir, repoRoot } from './support/chart';

const valuesYaml = readFileSync(join(chartDir, 'values.yaml'), 'utf8');

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  $ref?: string;
  definitions?: Record<string, Schema>;
}

const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Schema;
const resolve = (node: Schema): Schema =>
  node.$ref ? resolve(schema.definitions![node.$ref.replace('#/definitions/', '')]!) : node;

/** Paths of every closed object in the schema, with the keys it allows. */
function closedObjects(
  node: Schema,
  path: string,
  out: Map<string, string[]>,
): Map<string, string[]> {
  const resolved = resolve(node);
  if (resolved.properties) {
    out.set(path, Object.keys(resolved.properties).sort());
    for (const [key, child] of Object.entries(resolved.properties)) {
      closedObjects(child, path ? `${path}.${key}` : key, out);
    }
  }
  return out;
}

describe('values documentation', () => {
  it('when values.yaml is read, then every key has a "# --" description', () => {
    const { docs, undocumented } = parseValues(valuesYaml);
    expect(undocumented).toEqual([]);
    expect(docs.length).toBeGreaterThan(150);
  });

  it('when a key lacks its description, then the generator reports it', () => {
    const { undocumented } = parseValues(
      '# -- Documented.\na: 1\nb: 2\n# -- Parent.\nc:\n  # -- Child.\n  d: 1\n  e: 2\n',
    );
    expect(undocumented).toEqual(['b', 'c.e']);
  });

  it('when a map holds free-form labels, then its entries are values, not keys to document', () => {
    const { docs, undocumented } = parseValues(
      '# -- Labels.\nselector:\n  app.kubernetes.io/name: x\n',
    );
    expect(undocumented).toEqual([]);
    expect(renderTable(docs)).toContain(
      '| `selector` | object | `{"app.kubernetes.io/name":"x"}` | Labels. |',
    );
  });

  it('when the README is checked, then its values table is current', () => {
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, [join(repoRoot, 'scripts', 'chart-docs.ts'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('values schema', () => {
  const closed = closedObjects(schema, '', new Map());

  it('when an object is described, then it rejects unknown keys (only global accepts what a parent chart passes down)', () => {
    const open: string[] = [];
    const walk = (node: Schema, path: string) => {
      const resolved = resolve(node);
      if (resolved.properties) {
        if (resolved.additionalProperties !== false) open.push(path || '(root)');
        for (const [key, child] of Object.entries(resolved.properties))
          walk(child, `${path}.${key}`);
      }
    };
    walk(schema, '');
    expect(open).toEqual(['.global']);
  });

  it('when values.yaml and the schema are compared, then they know the same keys', () => {
    const values = load(valuesYaml) as Record<string, unknown>;
    const mismatches: string[] = [];
    for (const [path, allowed] of closed) {
      const node = path
        .split('.')
        .filter(Boolean)
        .reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], values);
      const present = Object.keys((node ?? {}) as Record<string, unknown>).sort();
      if (JSON.stringify(present) !== JSON.stringify(allowed)) {
        mismatches.push(
          `${path || '(root)'}: values ${present.join(',')} | schema ${allowed.join(',')}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });
});
