// What a program on this machine needs to connect to the local cluster: where to start, and how to reach the
// addresses the nodes tell their clients. Never the password: snippets read it from an environment variable.
import { formatAddress, type NodeAddress, parseAddress, type Reach } from '../client/reach';
import type { NodeEndpoint } from '../compose/plan';

export interface AddressMapping {
  /** What the node tells clients (CLUSTER SLOTS, MOVED). */
  readonly announced: NodeAddress;
  /** Where this machine dials it. */
  readonly dial: NodeAddress;
}

export interface AppConnection {
  /** Every node as this machine dials it; a client needs one that answers. */
  readonly seeds: readonly NodeAddress[];
  /** Empty when the nodes tell clients addresses this machine dials as they are (host-announce mode). */
  readonly addressMap: readonly AddressMapping[];
  /** The environment variable snippets read the password from. */
  readonly passwordVariable: string;
}

export const PASSWORD_VARIABLE = 'VALKEY_PASSWORD';

export function appConnection(nodes: readonly NodeEndpoint[], reach: Reach, passwordVariable = PASSWORD_VARIABLE): AppConnection {
  const addressMap = nodes.flatMap((node): AddressMapping[] => {
    const told = node.clientAddress ?? node.announcedAddress;
    const announced = parseAddress(told);
    if (!announced) return [];
    const dial = reach.map(told);
    return formatAddress(dial) === formatAddress(announced) ? [] : [{ announced, dial }];
  });
  return { seeds: nodes.map((node) => reach.map(node.clientAddress ?? node.announcedAddress)), addressMap, passwordVariable };
}
