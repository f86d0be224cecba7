import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServing, stopChild } from './processes.ts';

export interface RunningNginx {
  url: string;
  /** The master process; its worker is its child. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * nginx as a plain reverse proxy in front of `upstreamUrl`, `/api/products/` mapped to
 * `/products/` like the gateway does, with keep-alive upstream connections. One worker
 * process: the gateway is one Node.js process, so both get one core.
 */
export async function startNginx(port: number, upstreamUrl: string): Promise<RunningNginx> {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('nginx is not installed: apt-get install -y nginx');
  }
  const dir = await mkdtemp(join(tmpdir(), 'gateway-bench-nginx-'));
  const upstream = new URL(upstreamUrl);
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream product { server ${upstream.host}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location /api/products/ {
      proxy_pass http://product/products/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const { child, url } = await spawnServing('nginx', port, [
    'nginx',
    '-p',
    dir,
    '-c',
    conf,
    '-g',
    'daemon off;',
  ]);
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      await stopChild(child, 'SIGQUIT');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
