// Docker engine addresses as the docker CLI writes them (DOCKER_HOST, -H, a context's host): parsed into what a
// client dials, and written back in one canonical form.
import { UserError } from '../errors';
import { phrase, type Term } from '../wording';

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  /** pipePath as Node dials it, e.g. "//./pipe/docker_engine". */
  | { readonly kind: 'npipe'; readonly pipePath: string }
  /** port undefined: the docker default, 2375 (plain) or 2376 (TLS), decided once TLS is known. */
  | { readonly kind: 'tcp'; readonly host: string; readonly port?: number }
  /** username undefined: the local login name, as ssh does. */
  | { readonly kind: 'ssh'; readonly host: string; readonly port: number; readonly username?: string };

const ACCEPTED_HOST_FORMS = 'unix:///path/to/docker.sock, tcp://host:port, ssh://user@host[:port], npipe:////./pipe/docker_engine';

export const DOCKER_PLAIN_PORT = 2375;
export const DOCKER_TLS_PORT = 2376;

/** `origin` names where the text came from, for the message ("DOCKER_HOST", or the setting's term);
 * `alsoAccepted` is another form that place takes, for the advice. */
export function parseEngineHost(text: string, origin: string | Term, alsoAccepted?: string): EngineEndpoint {
  const value = text.trim();
  const forms = alsoAccepted ? `${ACCEPTED_HOST_FORMS}, or ${alsoAccepted}` : ACCEPTED_HOST_FORMS;
  const bad = (problem: string): UserError =>
    new UserError('invalidSettings', phrase`The Docker engine address "${value}" from ${origin} ${problem}.`, `Use ${forms}.`);
  const schemeEnd = value.indexOf('://');
  // Like the docker CLI, "host:port" without a scheme is TCP.
  if (schemeEnd < 0 && !value.includes(':')) throw bad('has no scheme');
  const scheme = schemeEnd < 0 ? 'tcp' : value.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd < 0 ? value : value.slice(schemeEnd + 3);
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw bad('needs an absolute socket path after unix://');
      return { kind: 'unix', socketPath: rest };
    case 'npipe':
      if (!/^\/\/[^/]+\/pipe\/[^/]+$/.test(rest)) throw bad('is not a named pipe such as npipe:////./pipe/docker_engine');
      return { kind: 'npipe', pipePath: rest };
    case 'tcp':
    case 'ssh':
      return parseNetworkHost(scheme, rest, bad);
    case 'http':
    case 'https':
      throw bad('uses http(s)://, which the docker CLI does not accept; write tcp:// (TLS comes from DOCKER_TLS_VERIFY or the context)');
    default:
      throw bad(`uses the unsupported scheme "${scheme}://"`);
  }
}

function parseNetworkHost(scheme: 'tcp' | 'ssh', rest: string, bad: (problem: string) => UserError): EngineEndpoint {
  let url: URL;
  try {
    // Any special scheme parses host, port and user the same way; http gives the strictest host check.
    url = new URL(`http://${rest}`);
  } catch {
    throw bad('is not a valid address');
  }
  if (!url.hostname) throw bad('has no host name');
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) throw bad('has a path, which is not supported');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port ? Number(url.port) : undefined;
  if (scheme === 'tcp') {
    if (url.username || url.password) throw bad('has a user name, which tcp:// does not take');
    return { kind: 'tcp', host: hostname, port };
  }
  if (url.password) throw bad('has a password; SSH logins here use ssh-agent or a key file, never a password in the address');
  return { kind: 'ssh', host: hostname, port: port ?? 22, username: url.username ? decodeURIComponent(url.username) : undefined };
}

/** Canonical text of an endpoint, e.g. "tcp://127.0.0.1:2376", "ssh://root@10.0.0.2:2222". */
export function formatEndpoint(endpoint: EngineEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'npipe':
      return `npipe://${endpoint.pipePath}`;
    case 'tcp':
      return `tcp://${bracket(endpoint.host)}${endpoint.port === undefined ? '' : `:${endpoint.port}`}`;
    case 'ssh':
      return `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${bracket(endpoint.host)}${endpoint.port === 22 ? '' : `:${endpoint.port}`}`;
  }
}

function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
