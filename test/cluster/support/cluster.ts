// Access to the test cluster that scripts/cluster/start.sh runs: its kubeconfig, kubectl and helm
// pointed at it, and namespaces that enforce the `restricted` Pod Security level.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmPath } from '../../../scripts/helm';

export const repoRoot = join(__dirname, '..', '..', '..');
export const clusterDir = process.env.JUDIX_CLUSTER_DIR ?? '/tmp/judix-cluster';
export const kubeconfig = join(clusterDir, 'kubeconfig');

// Kubernetes objects are open-ended JSON; tests read the fields they check.
export type K8sObject = Record<string, any>;

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

function kubectlPath(): string {
  const binaries = join(clusterDir, 'binaries');
  if (!existsSync(kubeconfig) || !existsSync(binaries)) {
    throw new Error(`no test cluster at ${clusterDir}: start one with scripts/cluster/start.sh`);
  }
  return join(readFileSync(binaries, 'utf8').split('\n')[0]!, 'kubectl');
}

function run(command: string, args: string[], input?: string): RunResult {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECONFIG: kubeconfig },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command and returns its output; throws with its error output when it fails. */
function mustRun(command: string, args: string[], input?: string): string {
  const result = run(command, args, input);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

export const kubectl = (args: string[], input?: string): string =>
  mustRun(kubectlPath(), args, input);
export const tryKubectl = (args: string[]): RunResult => run(kubectlPath(), args);
export const helm = (args: string[]): string => mustRun(helmPath(), args);
export const tryHelm = (args: string[]): RunResult => run(helmPath(), args);

export function getObjects(kind: string, namespace: string, selector?: string): K8sObject[] {
  const args = ['get', kind, '--namespace', namespace, '--output', 'json'];
  if (selector) args.push('--selector', selector);
  return (JSON.parse(kubectl(args)) as { items: K8sObject[] }).items;
}

/** A fresh namespace whose pods must meet the `restricted` Pod Security Standard. */
export function restrictedNamespace(name: string): string {
  tryKubectl(['delete', 'namespace', name, '--wait=true', '--ignore-not-found']);
  kubectl(
    ['apply', '--filename', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    }),
  );
  return name;
}

export function deleteNamespace(name: string): void {
  tryKubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}

/** Polls until `check` returns a value other than undefined, or throws after `seconds`. */
export async function waitFor<T>(
  what: string,
  seconds: number,
  check: () => T | undefined,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
