// NOTES.txt, as `helm install` prints it (a client-side dry run that never contacts a cluster).
import { chartDir, helm, profiles } from './support/chart';

function notes(valuesFiles: string[]): string {
  const result = helm([
    'install',
    'judix',
    chartDir,
    '--namespace',
    'judix',
    '--dry-run=client',
    '--kubeconfig',
    '/nonexistent/kubeconfig',
    ...valuesFiles.flatMap((f) => ['--values', f]),
  ]);
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.slice(result.stdout.indexOf('NOTES:'));
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
    expect(text).not.toContain('Generated credentials');
  });
});
