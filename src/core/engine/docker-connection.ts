// The Docker engine in use (resolved like the docker CLI does, see engine-resolution.ts), its dockerode client, and
// a clear error when it does not answer.
import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import { UserError } from '../errors';
import { action, phrase } from '../wording';
import { type EngineInputs, systemInputs } from './engine-inputs';
import { type EngineResolution, type EngineTls, resolveEngine } from './engine-resolution';
import { SshAccess } from './ssh-access';

export interface DockerTarget {
  readonly docker: Docker;
  /** Human-readable location, e.g. "unix:///var/run/docker.sock". */
  readonly where: string;
  /** Which engine, found where, for views that show the engine in use. */
  readonly engine: EngineResolution;
  /** ssh:// engines only: the login the Docker client uses, for forwarding the engine host's published ports. */
  readonly ssh?: SshAccess;
}

/** setting: the Docker engine setting (an address, "context:NAME" or a context name); empty follows the docker CLI. */
export function dockerTarget(setting: string, environment: NodeJS.ProcessEnv = process.env): DockerTarget {
  const inputs = systemInputs(environment);
  return dockerTargetFor(resolveEngine(setting, inputs), inputs);
}

export function dockerTargetFor(engine: EngineResolution, inputs: EngineInputs): DockerTarget {
  const ssh = engine.endpoint.kind === 'ssh' ? new SshAccess(engine.endpoint, inputs) : undefined;
  let docker: Docker;
  try {
    docker = new Docker(modemOptions(engine, inputs, ssh));
  } catch (error) {
    // docker-modem also reads DOCKER_HOST and DOCKER_CERT_PATH from the process environment on its own, and throws on them.
    throw new UserError('invalidSettings', `The Docker client for ${engine.host} cannot be set up (${(error as Error).message}).`,
      'Check DOCKER_HOST and DOCKER_CERT_PATH in the environment the editor was started from.');
  }
  return { docker, where: engine.host, engine, ssh };
}

/** What docker-modem takes; its `agent` (an https.Agent) is missing from the dockerode typings. */
type ModemOptions = Docker.DockerOptions & { agent?: HttpsAgent };

// docker-modem merges DOCKER_HOST from the process environment under the options given: name every key, so the
// resolved engine wins even when the environment points elsewhere.
const NO_ENVIRONMENT_DEFAULTS: ModemOptions = {
  socketPath: undefined, host: undefined, port: undefined, protocol: undefined, username: undefined, ca: undefined, cert: undefined, key: undefined,
};

function modemOptions(engine: EngineResolution, inputs: EngineInputs, ssh: SshAccess | undefined): ModemOptions {
  const endpoint = engine.endpoint;
  switch (endpoint.kind) {
    case 'unix':
      return { ...NO_ENVIRONMENT_DEFAULTS, socketPath: endpoint.socketPath };
    case 'npipe':
      return { ...NO_ENVIRONMENT_DEFAULTS, socketPath: endpoint.pipePath };
    case 'tcp':
      if (!engine.tls) return { ...NO_ENVIRONMENT_DEFAULTS, host: endpoint.host, port: endpoint.port, protocol: 'http' };
      // docker-modem passes no rejectUnauthorized of its own: an agent carries all TLS options (they override the request's).
      return { ...NO_ENVIRONMENT_DEFAULTS, host: endpoint.host, port: endpoint.port, protocol: 'https', agent: new HttpsAgent(tlsOptions(engine.tls, inputs)) };
    case 'ssh': {
      const { host, port, username, ...sshOptions } = ssh!.config;
      return { ...NO_ENVIRONMENT_DEFAULTS, protocol: 'ssh', host, port, username, sshOptions };
    }
  }
}

function tlsOptions(tls: EngineTls, inputs: EngineInputs) {
  const read = (path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return inputs.readFile(path);
    } catch (error) {
      throw new UserError('invalidSettings', `Cannot read the TLS file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        'Make it readable by you, or point the engine at other certificates.');
    }
  };
  return { ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key), rejectUnauthorized: tls.verify };
}

export async function assertEngineReachable(target: DockerTarget): Promise<void> {
  try {
    await target.docker.ping();
  } catch (error) {
    if (target.ssh) throw target.ssh.explain(error);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError('engineUnreachable', `Cannot reach the Docker engine at ${target.engine.description}: ${reason}.`,
      phrase`Start Docker (Docker Desktop, or \`sudo systemctl start docker\` / \`sudo dockerd\` on Linux), or choose another engine (${action('selectEngine')}), then try again.`);
  }
}

/** Why a Docker call failed, in words for a person: the engine's own explanation when it does not answer. */
export async function whyUnreachable(target: DockerTarget, error: unknown): Promise<unknown> {
  try {
    await assertEngineReachable(target);
    return error;
  } catch (explained) {
    return explained;
  }
}
