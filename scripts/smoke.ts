// Smoke check of a Helm release on a real cluster, through @kubernetes/client-node and the current
// kubeconfig context: waits for every Deployment and StatefulSet of the release to finish rolling
// out, checks pods, HPAs, PDBs and Service endpoints (scripts/smoke/checks.ts), then runs the
// register → create → list → delete round trip through the public URL, and prints one table.
// Usage: npx tsx scripts/smoke.ts --release judix --namespace judix [--url http://localhost]
//        [--timeout 600]   (the URL defaults to the release's Ingress host)
// Exits 0 when every row is ok, 1 with the failing rows, 2 on bad arguments or an unreachable cluster.
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { clusterChecks, formatTable, rollouts, type Result, type Snapshot } from './smoke/checks';
import { declaredObjects, latestDeployed } from './smoke/release';
import { roundTrip } from './smoke/roundtrip';

interface Options {
  release: string;
  namespace: string;
  url?: string;
  timeoutSeconds: number;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      release: { type: 'string' },
      namespace: { type: 'string' },
      url: { type: 'string' },
      timeout: { type: 'string', default: '600' },
    },
    strict: true,
  });
  const name = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  if (!values.release || !name.test(values.release))
    throw new Error('--release: a Helm release name is required');
  if (!values.namespace || !name.test(values.namespace))
    throw new Error('--namespace: a namespace name is required');
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
    throw new Error('--timeout: a whole number of seconds ≥ 1');
  if (values.url !== undefined && !/^https?:\/\/[^/]+\/?$/.test(values.url))
    throw new Error('--url: an http(s) origin such as http://localhost');
  return { release: values.release, namespace: values.namespace, url: values.url, timeoutSeconds };
}

async function connect(options: Options) {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromDefault();
  const core = config.makeApiClient(k8s.CoreV1Api);
  const apps = config.makeApiClient(k8s.AppsV1Api);
  const autoscaling = config.makeApiClient(k8s.AutoscalingV2Api);
  const policy = config.makeApiClient(k8s.PolicyV1Api);
  const discovery = config.makeApiClient(k8s.DiscoveryV1Api);
  const networking = config.makeApiClient(k8s.NetworkingV1Api);
  const { namespace } = options;
  const labelSelector = `app.kubernetes.io/instance=${options.release}`;

  const secrets = await core.listNamespacedSecret({
    namespace,
    labelSelector: `owner=helm,name=${options.release}`,
  });
  const release = latestDeployed(secrets.items);
  if (!release)
    throw new Error(`no deployed Helm release ${options.release} in namespace ${namespace}`);
  const declared = declaredObjects(release);

  return {
    async snapshot(): Promise<Snapshot> {
      const [deployments, statefulSets, pods, hpas, pdbs, services, endpointSlices] =
        await Promise.all([
          apps.listNamespacedDeployment({ namespace, labelSelector }),
          apps.listNamespacedStatefulSet({ namespace, labelSelector }),
          core.listNamespacedPod({ namespace, labelSelector }),
          autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector }),
          policy.listNamespacedPodDisruptionBudget({ namespace, labelSelector }),
          core.listNamespacedService({ namespace, labelSelector }),
          discovery.listNamespacedEndpointSlice({ namespace }),
        ]);
      return {
        declared,
        deployments: deployments.items,
        statefulSets: statefulSets.items,
        pods: pods.items,
        hpas: hpas.items,
        pdbs: pdbs.items,
        services: services.items,
        endpointSlices: endpointSlices.items,
      };
    },
    async ingressUrl(): Promise<string> {
      const ingresses = await networking.listNamespacedIngress({ namespace, labelSelector });
      const ingress = ingresses.items[0];
      const host = ingress?.spec?.rules?.find((r) => r.host)?.host;
      if (!host) throw new Error('the release has no Ingress with a host: pass --url');
      const tls = ingress?.spec?.tls?.some((t) => t.hosts?.includes(host));
      return `${tls ? 'https' : 'http'}://${host}`;
    },
  };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const cluster = await connect(options);
  let rolled = rollouts(await cluster.snapshot());
  while (rolled.some((r) => !r.ok) && !rolled.some((r) => r.failed) && Date.now() < deadline) {
    await delay(5_000);
    rolled = rollouts(await cluster.snapshot());
  }
  const results: Result[] = [...rolled, ...clusterChecks(await cluster.snapshot())];
  const url = (options.url ?? (await cluster.ingressUrl())).replace(/\/$/, '');
  const remaining = Math.max(10, Math.round((deadline - Date.now()) / 1000));
  results.push(...(await roundTrip(url, remaining)));
  console.log(formatTable(results));
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) {
    console.log(`\nsmoke check passed: ${results.length} checks on release ${options.release}`);
    return 0;
  }
  console.error(`\nsmoke check failed: ${failed.length} of ${results.length} checks`);
  for (const r of failed) console.error(`  ${r.check} ${r.object}: ${r.detail}`);
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        `smoke check could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(2);
    },
  );
}
