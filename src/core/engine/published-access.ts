// How this machine reaches the node ports the engine publishes. On this machine: the bind address (loopback).
// On another machine over ssh://: through SSH forwards the extension opens itself. Over tcp:// to another machine:
// that machine's address, which only works when the ports are published on an address it exposes.
import { announcedPorts, publishedPortsMap } from '../client/published-ports';
import { LOOPBACK } from '../../shared/loopback';
import { type Credentials, type NodeAddress, type Reach } from '../client/reach';
import type { NodeEndpoint } from '../compose/plan';
import { UserError } from '../errors';
import { isLoopback } from '../settings';
import { phrase, setting } from '../wording';
import type { DockerTarget } from './docker-connection';
import { SshPortForwarder } from './ssh-forward';

export interface PublishedAccess {
  readonly reach: Reach;
  /** Opens what dialling needs (the SSH forwards); nothing for an engine on this machine. Safe to call again. */
  open(): Promise<void>;
  dispose(): void;
  /** One line for the views, e.g. "through SSH forwards from box". */
  readonly description: string;
}

/** The engine runs on this machine: a unix socket, a named pipe, or TCP to a loopback address. */
export function engineIsLocal(docker: DockerTarget): boolean {
  const endpoint = docker.engine.endpoint;
  return endpoint.kind === 'unix' || endpoint.kind === 'npipe' || (endpoint.kind === 'tcp' && isLoopback(endpoint.host));
}

type Nodes = readonly NodeEndpoint[] | (() => readonly NodeEndpoint[]);

/** bindAddress: where the ports are published on the engine host; dialHost: what this machine dials when local.
 * `nodes` may be a function: the nodes change when the cluster grows or shrinks. */
export function publishedAccess(given: Nodes, docker: DockerTarget, bindAddress: string, dialHost: string, credentials: Credentials): PublishedAccess {
  const nodes = typeof given === 'function' ? given : () => given;
  const endpoint = docker.engine.endpoint;
  if (endpoint.kind === 'ssh' && docker.ssh) return forwarded(nodes, new SshPortForwarder(docker.ssh, { remoteAddress: dialHost }), endpoint.host, credentials);
  if (endpoint.kind === 'tcp' && !isLoopback(endpoint.host)) {
    const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? endpoint.host : bindAddress;
    return {
      ...fixed(nodes, host, credentials, `on ${host}, the engine's host`),
      open: async () => {
        if (!isLoopback(bindAddress)) return;
        throw new UserError('unreachable', `The node ports are published on ${bindAddress} of the engine host ${endpoint.host}, which this machine cannot reach over ${docker.engine.host}.`,
          phrase`Use an ssh:// engine (the ports are then forwarded over SSH), or publish them on an address ${endpoint.host} exposes with ${setting('bindAddress')} and ${setting('allowRemoteBind')}.`);
      },
    };
  }
  return fixed(nodes, dialHost, credentials, `on ${dialHost}`);
}

function fixed(nodes: () => readonly NodeEndpoint[], host: string, credentials: Credentials, where: string): PublishedAccess {
  return {
    reach: {
      get seeds() {
        return nodes().map((node) => ({ host, port: node.hostPort }));
      },
      map: (announced) => publishedPortsMap(nodes(), host)(announced),
      credentials,
    },
    open: async () => undefined,
    dispose: () => undefined,
    description: `published ports ${where}`,
  };
}

function forwarded(nodes: () => readonly NodeEndpoint[], forwarder: SshPortForwarder, engineHost: string, credentials: Credentials): PublishedAccess {
  let local = new Map<number, number>();
  let opening: Promise<void> | undefined;
  // Until the forwards are open there is nothing to dial: an address that refuses at once says so plainly.
  const closed: NodeAddress = { host: LOOPBACK, port: 1 };
  const dialled = (hostPort: number): NodeAddress => {
    const port = local.get(hostPort);
    return port === undefined ? closed : { host: LOOPBACK, port };
  };
  const portOf = (announced: string) => announcedPorts(nodes()).get(announced) ?? Number(announced.slice(announced.lastIndexOf(':') + 1));
  return {
    reach: {
      get seeds() {
        return nodes().map((node) => dialled(node.hostPort));
      },
      map: (announced) => dialled(portOf(announced)),
      credentials,
    },
    // Opened once, and again for nodes added since (a grown cluster).
    open: () => {
      if (opening && nodes().some((node) => !local.has(node.hostPort))) opening = undefined;
      opening ??= forwarder.open(nodes().map((node) => node.hostPort)).then((opened) => void (local = new Map([...local, ...opened])), (error: unknown) => {
        opening = undefined;
        throw error;
      });
      return opening;
    },
    dispose: () => void forwarder.dispose(),
    description: `published ports of ${engineHost}, through SSH forwards`,
  };
}
