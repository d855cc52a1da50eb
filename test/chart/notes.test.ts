// NOTES.txt as operators read it after `helm install`. `helm template` skips NOTES.txt and an
// install dry run needs a reachable cluster under Helm 3, so a copy of the chart renders the same
// text through `tpl` in a template of its own.
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { chartDir, helm, profiles } from './support/chart';

const copy = mkdtempSync(join(tmpdir(), 'judix-notes-'));
const chartCopy = join(copy, 'judix');
cpSync(chartDir, chartCopy, { recursive: true });
renameSync(join(chartCopy, 'templates', 'NOTES.txt'), join(chartCopy, 'notes.txt'));
writeFileSync(
  join(chartCopy, 'templates', 'notes-preview.yaml'),
  'text: {{ tpl (.Files.Get "notes.txt") . | toJson }}\n',
);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function notes(valuesFiles: string[]): string {
  const result = helm([
    'template',
    'judix',
    chartCopy,
    '--namespace',
    'judix',
    '--show-only',
    'templates/notes-preview.yaml',
    ...valuesFiles.flatMap((f) => ['--values', f]),
  ]);
  if (result.status !== 0) throw new Error(result.stderr);
  return (load(result.stdout) as { text: string }).text;
}

describe('NOTES.txt', () => {
  it('when no Ingress is enabled, then it shows how to port-forward and how to run helm test', () => {
    const text = notes([]);
    expect(text).toContain('kubectl -n judix port-forward svc/judix-web 8080:8080');
    expect(text).toContain('helm test judix -n judix');
    expect(text).toContain(
      'judix-mongodb (mongodb-root-password, mongodb-password, mongodb-keyfile)',
    );
  });

  it('when the Ingress serves TLS, then it gives the https URL of every host', () => {
    const text = notes(profiles['ci/tls-cert-manager-values.yaml']!);
    expect(text).toContain('https://judix.example.com/');
    expect(text).toContain('https://www.judix.example.com/');
    expect(text).not.toContain('port-forward');
  });

  it('when every credential comes from existing Secrets, then it lists no generated Secret', () => {
    const text = notes(profiles['ci/existing-secrets-values.yaml']!);
    expect(text).toContain('helm test judix -n judix');
    expect(text).not.toContain('Generated credentials');
  });
});
