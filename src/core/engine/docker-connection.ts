// Where the Docker engine is, and a clear error when it does not answer.
import Docker from 'dockerode';
import { UserError } from '../errors';
import { action, phrase, setting } from '../wording';

export interface DockerTarget {
  readonly docker: Docker;
  /** Human-readable location, e.g. "unix:///var/run/docker.sock". */
  readonly where: string;
}

/** dockerHost: a setting such as "unix:///run/docker.sock" or "tcp://127.0.0.1:2375"; empty means DOCKER_HOST or the default. */
export function dockerTarget(dockerHost: string, environment: NodeJS.ProcessEnv = process.env): DockerTarget {
  const host = dockerHost || environment.DOCKER_HOST || '';
  if (!host) return { docker: new Docker({ socketPath: '/var/run/docker.sock' }), where: 'unix:///var/run/docker.sock' };
  const unix = /^unix:\/\/(.+)$/.exec(host);
  if (unix) return { docker: new Docker({ socketPath: unix[1] }), where: host };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(host);
  if (tcp) return { docker: new Docker({ host: tcp[1], port: Number(tcp[2]), protocol: 'http' }), where: host };
  throw new UserError('invalidSettings', `The Docker host "${host}" is not understood.`,
    phrase`Use unix:///path/to/docker.sock or tcp://host:port in ${setting('dockerHost')}.`);
}

export async function assertEngineReachable(target: DockerTarget): Promise<void> {
  try {
    await target.docker.ping();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError('engineUnreachable', `Cannot reach the Docker engine at ${target.where} (${reason}).`,
      phrase`Start Docker (Docker Desktop, or \`sudo systemctl start docker\` / \`sudo dockerd\` on Linux), or choose your engine (${action('selectEngine')}), then try again.`);
  }
}
