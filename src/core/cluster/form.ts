// Forms blank nodes into the cluster valkey-cli would make of them, by direct CLUSTER commands over connections
// held for the whole formation, in the order that leaves nothing to wait for but the cluster bus itself:
//   1. every node: a check that it is blank and its ID (all checked before any is changed); then a config epoch of
//      its own (1..n in list order, as valkey-cli gives them; possible only while it knows no other node) and, on
//      the primaries, their slots at once. A primary still without slots when the first 2 s after its start are
//      over counts itself a minority and then waits one node timeout (3 s here) more before it reports the
//      cluster ok; slots assigned first skip that wait.
//   2. CLUSTER MEET between every pair, once (the lower node meets the higher): each node learns every other by
//      its own handshake (0.1-0.3 s) instead of by gossip from one node (0.7-2.3 s measured).
//   3. each replica: poll (same connection, short interval) until it knows its primary, then CLUSTER REPLICATE.
//   4. poll until every node knows every other and sees all 16384 slots assigned.
// What is left after that (cluster_state ok, replication links up) is readiness, which the caller waits for.
import type Valkey from 'iovalkey';
import { connectWhenAnswering } from '../client/connect-when-answering';
import type { Reach } from '../client/reach';
import type { NodeEndpoint } from '../compose/plan';
import { UserError, throwIfAborted } from '../errors';
import { type ClusterLayout, layout as layoutOf } from './layout';
import { parseClusterInfo, parseClusterNodes } from './parse';
import { TOTAL_SLOTS } from '../../shared/snapshot';

export interface FormationNode {
  /** For messages, e.g. "valkey-node-3". */
  readonly name: string;
  /** "ip:port" the node announces to the cluster: where the other nodes reach it. */
  readonly announcedAddress: string;
  /** Connected and authenticated; left open. */
  readonly client: Valkey;
}

export interface FormOptions {
  /** Date.now() after which formation gives up and says what is missing. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  /** Interval of the two polls; default 20 ms. */
  readonly pollMs?: number;
}

function fail(message: string, action = 'Remove the cluster and its data and start again; if it happens again, read the node logs.'): UserError {
  return new UserError('initFailed', message, action);
}

/** Runs one command on a node; a refusal becomes an error that names the node and the command. */
async function command(node: FormationNode, ...args: (string | number)[]): Promise<string> {
  try {
    return String(await node.client.call(...(args.map(String) as [string, ...string[]])));
  } catch (error) {
    throw fail(`${node.name} refused ${args.slice(0, 2).join(' ')} during formation: ${(error as Error).message}`);
  }
}

function splitAddress(node: FormationNode): [string, string] {
  const colon = node.announcedAddress.lastIndexOf(':');
  if (colon <= 0) throw fail(`${node.name} announces "${node.announcedAddress}", which is not ip:port.`);
  return [node.announcedAddress.slice(0, colon), node.announcedAddress.slice(colon + 1)];
}

/** Polls `missing` (a sentence, or undefined once satisfied) until it is satisfied; on the deadline, throws it. */
async function pollUntil(what: string, missing: () => Promise<string | undefined>, options: FormOptions): Promise<void> {
  for (;;) {
    throwIfAborted(options.signal);
    const gap = await missing();
    if (gap === undefined) return;
    if (Date.now() > options.deadline) throw fail(`The cluster did not form in time: ${what}. ${gap}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
  }
}

/** IDs of the nodes this one knows with a finished handshake. */
async function knownIds(node: FormationNode): Promise<Set<string>> {
  const lines = parseClusterNodes(await command(node, 'CLUSTER', 'NODES'));
  return new Set(lines.filter((line) => !line.flags.includes('handshake') && !line.flags.includes('noaddr')).map((line) => line.id));
}

export async function formCluster(nodes: readonly FormationNode[], layout: ClusterLayout<FormationNode>, options: FormOptions): Promise<void> {
  throwIfAborted(options.signal);
  const inLayout = [...layout.shards.flatMap((shard) => [shard.primary, ...shard.replicas]), ...layout.emptyPrimaries];
  if (inLayout.length !== nodes.length || nodes.some((node) => !inLayout.includes(node))) {
    throw new Error('the layout must place exactly the nodes being formed');
  }
  const slotsOf = new Map(layout.shards.map((shard) => [shard.primary, shard.slots]));

  // Every node checked before any is changed.
  const ids = new Map<FormationNode, string>();
  await Promise.all(nodes.map(async (node) => {
    const info = parseClusterInfo(await command(node, 'CLUSTER', 'INFO'));
    if (info.knownNodes !== 1 || info.slotsAssigned !== 0) {
      throw fail(`${node.name} is not blank: it knows ${info.knownNodes} node(s) and ${info.slotsAssigned} slot(s) are assigned.`,
        'Direct formation only forms nodes that never joined a cluster; run the cluster init to repair a half-formed one.');
    }
    ids.set(node, await command(node, 'CLUSTER', 'MYID'));
  }));
  await Promise.all(nodes.map(async (node, index) => {
    await command(node, 'CLUSTER', 'SET-CONFIG-EPOCH', index + 1);
    const slots = slotsOf.get(node);
    if (slots) await command(node, 'CLUSTER', 'ADDSLOTSRANGE', slots.start, slots.end);
  }));

  throwIfAborted(options.signal);
  await Promise.all(nodes.flatMap((node, index) => nodes.slice(index + 1).map((other) => command(node, 'CLUSTER', 'MEET', ...splitAddress(other)))));

  await Promise.all(layout.shards.flatMap((shard) => shard.replicas.map(async (replica) => {
    const primaryId = ids.get(shard.primary)!;
    await pollUntil(`${replica.name} does not know its primary ${shard.primary.name} yet`,
      async () => ((await knownIds(replica)).has(primaryId) ? undefined : `${replica.name} has not met ${shard.primary.name}.`), options);
    await command(replica, 'CLUSTER', 'REPLICATE', primaryId);
  })));

  const nameOf = new Map([...ids].map(([node, id]) => [id, node.name]));
  await pollUntil('not every node knows every other and sees all slots assigned', async () => {
    const gaps = await Promise.all(nodes.map(async (node) => {
      const known = await knownIds(node);
      const unknown = [...nameOf].filter(([id]) => !known.has(id)).map(([, name]) => name);
      if (unknown.length > 0) return `${node.name} does not know ${unknown.join(', ')}.`;
      const assigned = parseClusterInfo(await command(node, 'CLUSTER', 'INFO')).slotsAssigned;
      return assigned === TOTAL_SLOTS ? undefined : `${node.name} sees ${assigned} of ${TOTAL_SLOTS} slots assigned.`;
    }));
    const missing = gaps.filter((gap): gap is string => gap !== undefined);
    return missing.length === 0 ? undefined : missing.join(' ');
  }, options);
}

/** The whole job for planned nodes: connects to each as soon as it answers, forms them as valkey-cli would with
 * `replicasPerPrimary` (nodes in plan order), and closes the connections. */
export async function formBlankCluster(endpoints: readonly NodeEndpoint[], reach: Reach, replicasPerPrimary: number, options: FormOptions): Promise<void> {
  const clients = await Promise.allSettled(endpoints.map((endpoint) =>
    connectWhenAnswering(endpoint.name, reach.map(endpoint.announcedAddress), reach, options)));
  try {
    const nodes = clients.map((client, index): FormationNode => {
      if (client.status === 'rejected') throw client.reason;
      return { name: endpoints[index].name, announcedAddress: endpoints[index].announcedAddress, client: client.value };
    });
    await formCluster(nodes, layoutOf(nodes, replicasPerPrimary), options);
  } finally {
    for (const client of clients) if (client.status === 'fulfilled') client.value.disconnect();
  }
}
