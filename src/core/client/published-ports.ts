// The local cluster's reach: every node on its published port of the dial host.
import type { NodeEndpoint } from '../compose/plan';
import type { AddressMap, Credentials, Reach } from './reach';

/** Container address → published port. An address it does not know still goes to the dial host with its own
 * port, never to the container network: host-side code only ever dials the published ports. */
export function publishedPortsMap(nodes: readonly NodeEndpoint[], host: string): AddressMap {
  const known = announcedPorts(nodes);
  return (announced) => ({ host, port: known.get(announced) ?? Number(announced.slice(announced.lastIndexOf(':') + 1)) });
}

/** Every address a node may be announced at (its container address, and in host-announce mode the address it
 * tells clients) → its published port. */
export function announcedPorts(nodes: readonly NodeEndpoint[]): Map<string, number> {
  return new Map(nodes.flatMap((node) => [[node.announcedAddress, node.hostPort] as const, ...(node.clientAddress ? [[node.clientAddress, node.hostPort] as const] : [])]));
}

export function publishedPortsReach(nodes: readonly NodeEndpoint[], host: string, credentials: Credentials): Reach {
  return { seeds: nodes.map((node) => ({ host, port: node.hostPort })), map: publishedPortsMap(nodes, host), credentials };
}
