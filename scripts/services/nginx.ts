// The web app behind Debian's nginx, run as a plain process for local runs and browser tests with
// the very config that Dockerfile.web copies (web/nginx/nginx.conf). Each instance gets its own
// prefix folder: html/ links to the build, local/ holds the /api proxy and local/http/ its
// upstream (which keeps connections to the api open), and the listen port is the only line that
// differs from the image.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { aptInstall } from './apt';
import { freePort, ManagedProcess, onPath, ServiceUnavailableError } from './process';

const nginxDir = resolve(__dirname, '..', '..', 'web', 'nginx');
const IMAGE_LISTEN = 'listen 8080;';

export interface NginxOptions {
  /** Folder with the built web app (web/dist). */
  root: string;
  /** Where /api goes, such as http://127.0.0.1:3000 or 127.0.0.1:3000; defaults to JUDIX_API_UPSTREAM. */
  apiUpstream?: string;
  port?: number;
}

export interface RunningNginx {
  url: string;
  /** The master process; its workers are its children. */
  pid: number;
  close(): Promise<void>;
}

function nginxBinary(): string {
  if (onPath('nginx')) return 'nginx';
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  if (aptInstall(['nginx'])) return '/usr/sbin/nginx';
  throw new ServiceUnavailableError(
    'No nginx: install it (Debian package nginx) to serve the web app.',
  );
}

/** The /api proxy (server level) and its upstream (http level), rendered for `upstream`. */
function proxyConfig(upstream: string): { proxy: string; upstream: string } {
  const url = new URL(/^[a-z]+:\/\//i.test(upstream) ? upstream : `http://${upstream}`);
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search) {
    throw new Error(
      `JUDIX_API_UPSTREAM must be an origin such as http://127.0.0.1:3000, not ${upstream}`,
    );
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const render = (file: string, name: string, value: string) =>
    readFileSync(join(nginxDir, 'local', file), 'utf8').replaceAll(`\${${name}}`, value);
  return {
    proxy: render('api-proxy.conf.template', 'JUDIX_API_SCHEME', url.protocol.slice(0, -1)),
    upstream: render(
      join('http', 'api-upstream.conf.template'),
      'JUDIX_API_SERVER',
      `${url.hostname}:${port}`,
    ),
  };
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const binary = nginxBinary();
  const root = resolve(options.root);
  if (!existsSync(join(root, 'index.html'))) {
    throw new ServiceUnavailableError(`No web build in ${root}: run npm run -w web build first.`);
  }
  const config = readFileSync(join(nginxDir, 'nginx.conf'), 'utf8');
  if (!config.includes(IMAGE_LISTEN))
    throw new Error(`web/nginx/nginx.conf lost its "${IMAGE_LISTEN}" line`);

  const port = options.port ?? (await freePort());
  const prefix = mkdtempSync(join(tmpdir(), 'judix-nginx-'));
  // When started as root, nginx's workers drop to an unprivileged user that must read the prefix.
  chmodSync(prefix, 0o755);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    config.replace(IMAGE_LISTEN, `listen 127.0.0.1:${port};`),
  );
  symlinkSync(root, join(prefix, 'html'));
  mkdirSync(join(prefix, 'local', 'http'), { recursive: true });
  const upstream = options.apiUpstream ?? process.env.JUDIX_API_UPSTREAM;
  if (upstream) {
    const rendered = proxyConfig(upstream);
    writeFileSync(join(prefix, 'local', 'api-proxy.conf'), rendered.proxy);
    writeFileSync(join(prefix, 'local', 'http', 'api-upstream.conf'), rendered.upstream);
  }

  const server = new ManagedProcess(
    'nginx',
    binary,
    ['-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
    port,
  );
  try {
    await server.start();
  } catch (error) {
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: server.pid!,
    async close() {
      await server.stop();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
