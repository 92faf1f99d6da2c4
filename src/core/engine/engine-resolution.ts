// Which Docker engine to use, decided the way the docker CLI decides it:
//   1. the extension's Docker engine setting (an address, or a context: "context:NAME" or a plain context name)
//   2. DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH)
//   3. DOCKER_CONTEXT
//   4. currentContext in $DOCKER_CONFIG/config.json (default ~/.docker/config.json)
//   5. the platform's default engine, or, when nothing is there, a Podman socket (podman-sockets.ts): the docker CLI
//      would fail there, and a Podman user expects its engine to be found.
// The context named "default" is the platform default (without the Podman fallback: it was asked for by name).
// Only the files it is pointed at are read (through inputs).
import { join } from 'node:path';
import { UserError } from '../errors';
import { phrase, setting } from '../wording';
import { type DockerContext, dockerConfigDirectory, currentContextName, isBroken, listContexts, readContext } from './context-store';
import { type EngineInputs, systemInputs } from './engine-inputs';
import { DOCKER_PLAIN_PORT, DOCKER_TLS_PORT, type EngineEndpoint, formatEndpoint, parseEngineHost } from './engine-host';
import { type PodmanSocket, podmanSockets } from './podman-sockets';

export type EngineSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'currentContext' | 'default' | 'podman';

/** Paths of the PEM files to use; verify false accepts any server certificate (SkipTLSVerify, DOCKER_TLS without _VERIFY). */
export interface EngineTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly verify: boolean;
}

export interface EngineResolution {
  /** Canonical address, e.g. "unix:///var/run/docker.sock", "tcp://10.0.0.2:2376", "ssh://me@box". */
  readonly host: string;
  readonly endpoint: EngineEndpoint;
  readonly source: EngineSource;
  /** The Docker context used, when one was. */
  readonly context?: string;
  /** TCP only; undefined: plain HTTP. */
  readonly tls?: EngineTls;
  /** One line for a person, e.g. 'Docker context "remote": ssh://me@box (the current context in ~/.docker/config.json)'. */
  readonly description: string;
}

/** How the setting names a context instead of an address: "context:NAME", or a bare context name. */
export const CONTEXT_SETTING_PREFIX = 'context:';
export const DEFAULT_CONTEXT = 'default';
// The docker CLI's rule for context names; none contains ':' or '/', so a bare name never looks like an address.
const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;
const TLS_FILES = ['ca', 'cert', 'key'] as const;

export function resolveEngine(setting: string, inputs: EngineInputs): EngineResolution {
  const value = setting.trim();
  if (value) {
    const context = settingContextName(value);
    return context === undefined ? fromHost(value, 'setting', inputs) : fromContext(context, 'setting', inputs);
  }
  if (inputs.env.DOCKER_HOST) return fromHost(inputs.env.DOCKER_HOST, 'DOCKER_HOST', inputs);
  if (inputs.env.DOCKER_CONTEXT) return fromContext(inputs.env.DOCKER_CONTEXT, 'DOCKER_CONTEXT', inputs);
  const current = currentContextName(dockerConfigDirectory(inputs), inputs);
  if (current) return fromContext(current, 'currentContext', inputs);
  const podman = podmanFallback(inputs);
  if (podman) return resolution(parseEngineHost(podman.host, 'Podman\'s socket'), 'podman', inputs);
  return resolution(parseEngineHost(platformDefaultHost(inputs), 'the platform default'), 'default', inputs);
}

/** The Podman socket to use when nothing is at the platform default's address, if there is one. */
function podmanFallback(inputs: EngineInputs): PodmanSocket | undefined {
  const endpoint = parseEngineHost(platformDefaultHost(inputs), 'the platform default');
  const path = endpoint.kind === 'unix' ? endpoint.socketPath : endpoint.kind === 'npipe' ? endpoint.pipePath : undefined;
  return path === undefined || inputs.exists(path) ? undefined : podmanSockets(inputs)[0];
}

/** The setting's context name, or undefined when the setting is an address. */
function settingContextName(value: string): string | undefined {
  if (value.startsWith(CONTEXT_SETTING_PREFIX)) {
    const name = value.slice(CONTEXT_SETTING_PREFIX.length).trim();
    if (!CONTEXT_NAME.test(name)) {
      throw new UserError('invalidSettings', phrase`"${value}" in ${setting('dockerHost')} does not name a Docker context.`,
        'Write context:NAME with a name that `docker context ls` shows.');
    }
    return name;
  }
  return CONTEXT_NAME.test(value) ? value : undefined;
}

/** The platform's engine when nothing else is configured, as an address. */
export function platformDefaultHost(inputs: EngineInputs): string {
  switch (inputs.platform) {
    case 'win32':
      return 'npipe:////./pipe/docker_engine';
    case 'darwin': {
      // Docker Desktop for Mac puts its socket in the home folder; /var/run/docker.sock only with its admin option.
      const desktopSocket = join(inputs.home, '.docker', 'run', 'docker.sock');
      return inputs.exists(desktopSocket) ? `unix://${desktopSocket}` : 'unix:///var/run/docker.sock';
    }
    default:
      return 'unix:///var/run/docker.sock';
  }
}

function fromHost(host: string, source: 'setting' | 'DOCKER_HOST', inputs: EngineInputs): EngineResolution {
  const endpoint = source === 'setting'
    ? parseEngineHost(host, setting('dockerHost'), `${CONTEXT_SETTING_PREFIX}NAME for a Docker context`)
    : parseEngineHost(host, 'DOCKER_HOST');
  // The docker CLI applies the TLS variables to an address given by -H too, so the setting gets them as well.
  return resolution(endpoint, source, inputs, endpoint.kind === 'tcp' ? environmentTls(inputs) : undefined);
}

function fromContext(name: string, source: Exclude<EngineSource, 'default' | 'podman'>, inputs: EngineInputs): EngineResolution {
  if (name === DEFAULT_CONTEXT) {
    return resolution(parseEngineHost(platformDefaultHost(inputs), 'the platform default'), source, inputs, undefined, name);
  }
  const context = readContext(dockerConfigDirectory(inputs), name, inputs);
  const endpoint = parseEngineHost(context.host, `the Docker context "${name}"`);
  return resolution(endpoint, source, inputs, endpoint.kind === 'tcp' ? contextTls(context, inputs) : undefined, name);
}

function resolution(endpoint: EngineEndpoint, source: EngineSource, inputs: EngineInputs, tls?: EngineTls, context?: string): EngineResolution {
  const complete: EngineEndpoint = endpoint.kind === 'tcp' && endpoint.port === undefined
    ? { ...endpoint, port: tls ? DOCKER_TLS_PORT : DOCKER_PLAIN_PORT }
    : endpoint;
  const host = formatEndpoint(complete);
  const address = `${host}${tls ? (tls.verify ? ' with TLS' : ' with TLS, server certificate not verified') : ''}`;
  const where = context ? `Docker context "${context}": ${address}` : address;
  return { host, endpoint: complete, source, context, tls, description: `${where} (${sourcePhrase(source, inputs)})` };
}

function sourcePhrase(source: EngineSource, inputs: EngineInputs): string {
  switch (source) {
    case 'setting':
      return 'from the Docker engine setting';
    case 'DOCKER_HOST':
    case 'DOCKER_CONTEXT':
      return `from ${source}`;
    case 'currentContext':
      return `the current context in ${join(dockerConfigDirectory(inputs), 'config.json')}`;
    case 'default':
      return 'the default engine';
    case 'podman':
      return `Podman's socket, as nothing is at ${platformDefaultHost(inputs)}`;
  }
}

/** The docker CLI's TLS variables: DOCKER_TLS_VERIFY (any value) turns TLS on with verification, DOCKER_TLS on without;
 * the PEM files come from DOCKER_CERT_PATH, else the docker configuration folder. */
function environmentTls(inputs: EngineInputs): EngineTls | undefined {
  const verify = Boolean(inputs.env.DOCKER_TLS_VERIFY);
  if (!verify && !inputs.env.DOCKER_TLS) return undefined;
  const directory = inputs.env.DOCKER_CERT_PATH || dockerConfigDirectory(inputs);
  const tls = tlsFiles(directory, verify, inputs);
  if (verify && !tls.ca && !tls.cert) {
    throw new UserError('invalidSettings', `DOCKER_TLS_VERIFY is set but ${directory} has none of ca.pem, cert.pem and key.pem.`,
      'Point DOCKER_CERT_PATH at the folder holding the engine\'s CA and your client certificate, or unset DOCKER_TLS_VERIFY for a plain connection.');
  }
  return tls;
}

/** A context uses TLS when it has TLS material or skips verification, as the docker CLI does. */
function contextTls(context: DockerContext, inputs: EngineInputs): EngineTls | undefined {
  const tls = tlsFiles(context.tlsDirectory, !context.skipTlsVerify, inputs);
  return tls.ca || tls.cert || context.skipTlsVerify ? tls : undefined;
}

function tlsFiles(directory: string, verify: boolean, inputs: EngineInputs): EngineTls {
  const [ca, cert, key] = TLS_FILES.map((name) => join(directory, `${name}.pem`)).map((path) => (inputs.exists(path) ? path : undefined));
  if (Boolean(cert) !== Boolean(key)) {
    throw new UserError('invalidSettings', `${directory} has ${cert ? 'cert.pem but no key.pem' : 'key.pem but no cert.pem'}: a client certificate needs both.`,
      'Put the missing file next to the other, or remove both for a connection without a client certificate.');
  }
  return { ca, cert, key, verify };
}

export interface EngineChoice {
  /** Context name ("default" is the platform default); for a Podman socket, its address. */
  readonly name: string;
  readonly description?: string;
  /** The context's address; undefined when the context is broken. */
  readonly host?: string;
  /** The engine used while the setting is empty (DOCKER_CONTEXT, else currentContext, else default); none while DOCKER_HOST is set. */
  readonly current: boolean;
  /** What to store in the Docker engine setting to choose it. */
  readonly settingValue: string;
  /** Why the context cannot be used, like the ERROR column of `docker context ls`. */
  readonly problem?: string;
  /** Set when the choice is a Podman socket found on this machine rather than a Docker context. */
  readonly podman?: PodmanSocket;
}

/** The platform default, every context in the store and the Podman sockets found, for a picker. Never throws for a
 * broken context: it is listed with its problem. */
export function listEngineChoices(inputs: EngineInputs = systemInputs()): EngineChoice[] {
  const configDirectory = dockerConfigDirectory(inputs);
  const current = automaticContext(configDirectory, inputs);
  const fallback = current === DEFAULT_CONTEXT ? podmanFallback(inputs) : undefined;
  const defaultChoice: EngineChoice = {
    name: DEFAULT_CONTEXT,
    description: 'The platform default engine',
    host: platformDefaultHost(inputs),
    current: current === DEFAULT_CONTEXT && !fallback,
    settingValue: CONTEXT_SETTING_PREFIX + DEFAULT_CONTEXT,
  };
  const podman = podmanSockets(inputs).map((socket): EngineChoice => ({
    name: socket.host, host: socket.host, current: socket.host === fallback?.host, settingValue: socket.host, podman: socket,
  }));
  const contexts = listContexts(configDirectory, inputs)
    .filter((context) => context.name !== DEFAULT_CONTEXT)
    .map((context): EngineChoice => {
      const base = { name: context.name, current: context.name === current, settingValue: CONTEXT_SETTING_PREFIX + context.name };
      if (isBroken(context)) return { ...base, problem: context.problem };
      try {
        return { ...base, description: context.description, host: formatEndpoint(parseEngineHost(context.host, `the Docker context "${context.name}"`)) };
      } catch (error) {
        return { ...base, description: context.description, host: context.host, problem: (error as Error).message };
      }
    });
  return [defaultChoice, ...contexts, ...podman];
}

function automaticContext(configDirectory: string, inputs: EngineInputs): string | undefined {
  if (inputs.env.DOCKER_HOST) return undefined;
  if (inputs.env.DOCKER_CONTEXT) return inputs.env.DOCKER_CONTEXT;
  try {
    return currentContextName(configDirectory, inputs) ?? DEFAULT_CONTEXT;
  } catch {
    // A broken config.json is reported when the engine is resolved; the list still shows every context.
    return undefined;
  }
}

/** Why a value cannot be the Docker engine setting, or undefined when it can (it may still not answer). */
export function engineSettingProblem(value: string, inputs: EngineInputs = systemInputs()): UserError | undefined {
  try {
    resolveEngine(value, inputs);
    return undefined;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}
