// How this machine reaches the nodes of a cluster, whoever runs it: the local Docker cluster (published ports,
// possibly through SSH forwards) and a connection to a cluster someone else runs (seeds, TLS, ACL user) give the
// rest of the core the same thing.
import type { ConnectionOptions } from 'node:tls';

export interface NodeAddress {
  readonly host: string;
  readonly port: number;
}

/** Announced "ip:port" (what CLUSTER NODES and MOVED say) → where to dial that node from this machine. */
export type AddressMap = (announced: string) => NodeAddress;

export interface Credentials {
  /** ACL user; undefined means the default user. */
  readonly username?: string;
  /** Empty: the server asks for none. */
  readonly password: string;
}

export interface Reach {
  /** Where to start: nodes dialled before anything has been announced. */
  readonly seeds: readonly NodeAddress[];
  readonly map: AddressMap;
  readonly credentials: Credentials;
  /** TLS for every connection (CA, client certificate, server name, rejectUnauthorized); undefined: plain TCP. */
  readonly tls?: ConnectionOptions;
}

export function formatAddress(address: NodeAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** "host:port" or "[v6]:port" → address; undefined when it is not one. */
export function parseAddress(text: string): NodeAddress | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2], port };
}
