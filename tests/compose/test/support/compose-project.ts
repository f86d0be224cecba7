import { join } from 'node:path';
import { freePort, repoRoot } from '@ecommerce/testkit';
import type { DockerContext } from './global-setup.ts';
import { type RunOptions, type RunResult, run } from './run.ts';

/** Host ports docker-compose.yml publishes, by the variable that moves each (all on loopback). */
const portVariables = [
  'POSTGRES_PORT',
  'REDIS_PORT',
  'KAFKA_PORT',
  'PROMETHEUS_PORT',
  'JAEGER_UI_PORT',
  'OTLP_HTTP_PORT',
  'GRAFANA_PORT',
  'USER_SERVICE_PORT',
  'PRODUCT_SERVICE_PORT',
  'PAYMENT_SERVICE_PORT',
  'NOTIFICATION_SERVICE_PORT',
  'GATEWAY_PORT',
] as const;
type PortVariable = (typeof portVariables)[number];

/**
 * docker-compose.yml as one project of its own (its own name, free host ports), with the
 * stand-in override where no registry answers and the suite's own override on top.
 */
export class ComposeProject {
  readonly docker: DockerContext;
  readonly name: string;
  readonly ports: Record<PortVariable, number>;
  private readonly files: string[];

  private constructor(
    docker: DockerContext,
    name: string,
    ports: Record<PortVariable, number>,
    files: string[],
  ) {
    this.docker = docker;
    this.name = name;
    this.ports = ports;
    this.files = files;
  }

  static async create(docker: DockerContext, name: string, extraFiles: string[] = []) {
    const ports = {} as Record<PortVariable, number>;
    for (const variable of portVariables) ports[variable] = await freePort();
    const files = [
      'docker-compose.yml',
      ...(docker.standins ? ['infra/docker/standins/docker-compose.standins.yml'] : []),
      'tests/compose/compose.test.yml',
      ...extraFiles,
    ];
    return new ComposeProject(docker, name, ports, files);
  }

  private get env(): Record<string, string> {
    const ports = Object.fromEntries(Object.entries(this.ports).map(([k, v]) => [k, String(v)]));
    return { ...ports, DOCKER_HOST: this.docker.dockerHost };
  }

  /** `docker compose -p <name> -f ... <args>` from the repository root. */
  compose(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const [program = 'docker', ...before] = this.docker.compose;
    const fileArgs = this.files.flatMap((file) => ['-f', join(repoRoot, file)]);
    return run(program, [...before, '-p', this.name, ...fileArgs, ...args], {
      cwd: repoRoot,
      ...options,
      env: { ...this.env, ...options.env },
    });
  }

  /**
   * `down -v --remove-orphans`. Docker Engine 20.10 can refuse to remove the project's network
   * right after its last container went ("network ... has active endpoints", a stale endpoint
   * left by a disconnect and reconnect: moby/moby#43286); the endpoints it still lists are then
   * disconnected by force and `down` runs once more, so what is left afterwards is a real leak.
   */
  async down(timeoutMs = 180_000): Promise<void> {
    const args = ['down', '-v', '--remove-orphans'];
    try {
      await this.compose(args, { timeoutMs });
    } catch (error) {
      if (!/has active endpoints/.test(String(error))) throw error;
      const network = `${this.name}_default`;
      const { stdout } = await this.cli([
        'network',
        'inspect',
        network,
        '--format',
        '{{range $id, $endpoint := .Containers}}{{$endpoint.Name}} {{end}}',
      ]).catch(() => ({ stdout: '' }));
      for (const endpoint of stdout.split(' ').filter(Boolean)) {
        await this.cli(['network', 'disconnect', '--force', network, endpoint]).catch(() => {});
      }
      await this.compose(args, { timeoutMs });
    }
  }

  /** The docker CLI against the project's engine. */
  cli(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return run('docker', args, { ...options, env: { ...this.env, ...options.env } });
  }

  /** Ids of a service's containers, running or not, oldest first. */
  async containers(service: string): Promise<string[]> {
    const { stdout } = await this.compose(['ps', '-a', '-q', service]);
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length < 2) return ids;
    const { stdout: created } = await this.cli([
      'inspect',
      '--format',
      '{{.Created}} {{.Id}}',
      ...ids,
    ]);
    return created
      .split('\n')
      .filter(Boolean)
      .sort()
      .map((line) => line.split(' ')[1] ?? '');
  }

  async health(container: string): Promise<string> {
    const { stdout } = await this.cli([
      'inspect',
      '--format',
      '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}',
      container,
    ]);
    return stdout.trim();
  }

  /** Waits until every container of the service is healthy. */
  async waitHealthy(service: string, count: number, timeoutMs = 180_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let states: string[] = [];
    while (Date.now() < deadline) {
      const ids = await this.containers(service);
      states = await Promise.all(ids.map((id) => this.health(id)));
      if (ids.length === count && states.every((state) => state === 'healthy')) return ids;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    throw new Error(`${service}: wanted ${count} healthy containers, have ${states.join(', ')}`);
  }

  /** Runs a command inside a container (`docker exec`). */
  exec(container: string, command: string[]): Promise<RunResult> {
    return this.cli(['exec', container, ...command]);
  }

  get gatewayUrl() {
    return `http://127.0.0.1:${this.ports.GATEWAY_PORT}`;
  }

  get prometheusUrl() {
    return `http://127.0.0.1:${this.ports.PROMETHEUS_PORT}`;
  }

  /** The development superuser (DEVELOPMENT DEFAULT, docker-compose.yml) on the published port. */
  get databaseAdminUrl() {
    return `postgresql://postgres:postgres@127.0.0.1:${this.ports.POSTGRES_PORT}/ecommerce`;
  }
}
