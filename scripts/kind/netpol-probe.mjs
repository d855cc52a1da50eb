// Run inside a pod of another namespace (TARGET=host:port): proves the NetworkPolicies block the
// target, and never passes without testing. Exit 0: the name resolved, the probe pod's own network
// works (it reaches the Kubernetes API), and the target did not accept the connection. Exit 1: the
// target accepted it. Exit 2: the name did not resolve, or the probe has no network at all.
/* global console -- Node globals */
import dns from 'node:dns/promises';
import net from 'node:net';
import process from 'node:process';

const [host, port] = (process.env.TARGET ?? '').split(':');

function connect(address, targetPort, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port: Number(targetPort) });
    const done = (outcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done('connected'));
    socket.once('error', (error) => done(error.code ?? 'error'));
    socket.setTimeout(timeoutMs, () => done('timeout'));
  });
}

async function main() {
  if (!host || !port) return [2, 'TARGET must be host:port'];
  let address;
  try {
    ({ address } = await dns.lookup(host));
  } catch (error) {
    return [2, `DNS failed for ${host}: ${error.code}; nothing was tested`];
  }
  if (!process.env.KUBERNETES_SERVICE_HOST)
    return [2, 'not in a pod: KUBERNETES_SERVICE_HOST is not set'];
  const control = await connect(
    process.env.KUBERNETES_SERVICE_HOST,
    process.env.KUBERNETES_SERVICE_PORT,
    5000,
  );
  if (control !== 'connected')
    return [2, `the probe cannot reach the Kubernetes API (${control}); nothing was tested`];
  const outcome = await connect(address, port, 5000);
  if (outcome === 'connected')
    return [1, `reached ${host} (${address}):${port}: the NetworkPolicy let it through`];
  return [0, `blocked: ${host} (${address}):${port} answered ${outcome}`];
}

const [code, message] = await main();
(code === 0 ? console.log : console.error)(message);
process.exit(code);
