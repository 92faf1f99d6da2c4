// The docker CLI's configuration folder and context store, read the way the CLI lays them out:
//   <config dir>/config.json                                   { "currentContext": NAME }
//   <config dir>/contexts/meta/<sha256(NAME)>/meta.json          { Name, Metadata.Description, Endpoints.docker.{Host,SkipTLSVerify} }
//   <config dir>/contexts/tls/<sha256(NAME)>/docker/{ca,cert,key}.pem
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../errors';
import type { EngineInputs } from './engine-inputs';

export interface DockerContext {
  readonly name: string;
  readonly description?: string;
  /** Endpoints.docker.Host as written, e.g. "ssh://me@box". */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  /** Where the context's ca.pem, cert.pem and key.pem are, when it has any. */
  readonly tlsDirectory: string;
}

/** The context whose meta.json could not be used, for a listing that shows every context. */
export interface BrokenContext {
  readonly name: string;
  readonly problem: string;
}

/** The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker. */
const REPAIR_CONTEXT = 'Fix the file, or remove the context with `docker context rm` and create it again, or choose another engine.';

export function dockerConfigDirectory(inputs: EngineInputs): string {
  return inputs.env.DOCKER_CONFIG || join(inputs.home, '.docker');
}

function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** currentContext from config.json; undefined when the file or the field is absent. */
export function currentContextName(configDirectory: string, inputs: EngineInputs): string | undefined {
  const path = join(configDirectory, 'config.json');
  if (!inputs.exists(path)) return undefined;
  const config = parseJsonFile(path, inputs, 'Fix the file (or remove it: the docker CLI writes a new one), or choose an engine explicitly.');
  const current = isObject(config) ? config.currentContext : undefined;
  if (current !== undefined && typeof current !== 'string') {
    throw new UserError('invalidSettings', `"currentContext" in ${path} is not a context name.`, 'Fix it with `docker context use NAME`, or remove the line.');
  }
  return current || undefined;
}

export function readContext(configDirectory: string, name: string, inputs: EngineInputs): DockerContext {
  const id = contextId(name);
  const metaPath = join(configDirectory, 'contexts', 'meta', id, 'meta.json');
  if (!inputs.exists(metaPath)) {
    throw new UserError('invalidSettings', `There is no Docker context named "${name}" in ${configDirectory} (no ${metaPath}).`,
      '`docker context ls` lists the contexts there: pick one of them, create this one with `docker context create`, or choose another engine.');
  }
  return contextFromMeta(parseJsonFile(metaPath, inputs, REPAIR_CONTEXT), name, metaPath, join(configDirectory, 'contexts', 'tls', id, 'docker'));
}

/** Every context in the store, each either usable or with what is wrong with it; sorted by name. */
export function listContexts(configDirectory: string, inputs: EngineInputs): Array<DockerContext | BrokenContext> {
  const metaRoot = join(configDirectory, 'contexts', 'meta');
  const found: Array<DockerContext | BrokenContext> = [];
  for (const id of inputs.listDirectory(metaRoot)) {
    const metaPath = join(metaRoot, id, 'meta.json');
    if (!inputs.exists(metaPath)) continue;
    let name = id;
    try {
      const meta = parseJsonFile(metaPath, inputs, REPAIR_CONTEXT);
      if (isObject(meta) && typeof meta.Name === 'string') name = meta.Name;
      found.push(contextFromMeta(meta, name, metaPath, join(configDirectory, 'contexts', 'tls', id, 'docker')));
    } catch (error) {
      found.push({ name, problem: (error as Error).message });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export function isBroken(context: DockerContext | BrokenContext): context is BrokenContext {
  return 'problem' in context;
}

function contextFromMeta(meta: unknown, name: string, metaPath: string, tlsDirectory: string): DockerContext {
  const docker = isObject(meta) && isObject(meta.Endpoints) ? meta.Endpoints.docker : undefined;
  if (!isObject(docker) || typeof docker.Host !== 'string' || docker.Host === '') {
    throw new UserError('invalidSettings', `The Docker context "${name}" has no Docker endpoint host (Endpoints.docker.Host in ${metaPath}).`, REPAIR_CONTEXT);
  }
  const metadata = isObject(meta) && isObject(meta.Metadata) ? meta.Metadata : {};
  return {
    name,
    description: typeof metadata.Description === 'string' && metadata.Description ? metadata.Description : undefined,
    host: docker.Host,
    skipTlsVerify: docker.SkipTLSVerify === true,
    tlsDirectory,
  };
}

function parseJsonFile(path: string, inputs: EngineInputs, repair: string): unknown {
  let text: string;
  try {
    text = inputs.readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError('invalidSettings', `Cannot read ${path} (${reason}).`, `Make the file readable by you. ${repair}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError('invalidSettings', `${path} is not valid JSON (${(error as Error).message}).`, repair);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
