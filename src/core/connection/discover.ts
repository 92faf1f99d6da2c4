// What a connection leads to: the seeds are tried in order until one answers; it says whether it is a cluster
// node or a standalone server; for a cluster, every node it announces is checked through the address map (an
// announced address the profile does not vouch for is never dialled), and when the announced addresses cannot be
// reached but the seeds can, an address map is suggested and checked node by node.
import { formatAddress, type NodeAddress, type Reach } from '../client/reach';
import { infoString, parseClusterNodes, parseInfo, type ClusterNodeLine } from '../cluster/parse';
import type { NodeRole } from '../../shared/snapshot';
import { isUserError } from '../errors';
import { isDialFailure, withServer } from './dial';
import { type FailureKind, isNetworkFailure, notClusterError, type SeedFailure, seedsFailed } from './errors';
import type { ConnectionProfile } from './profile';
import { announcedKey, connectionReach, dialableAddress, parseAnnounced } from './profile-reach';

export interface DiscoveredNode {
  readonly id?: string;
  /** As the cluster announces it (CLUSTER NODES), or the seed for a standalone server. */
  readonly announced: string;
  /** Where this machine dials it; undefined when it was not dialled (no map entry, not vouched for). */
  readonly dial?: string;
  readonly role: NodeRole;
  /** A replica's primary. */
  readonly primaryId?: string;
  readonly reachable: boolean;
  /** Why it is not reachable, one sentence. */
  readonly error?: string;
}

export interface SuggestedAddressMap {
  /** The whole map to use: the profile's entries plus the suggested ones that answered as the expected node. */
  readonly map: Readonly<Record<string, string>>;
  /** What was paired with what, what was assumed, and what was checked. */
  readonly reason: string;
  /** Suggestions that did not answer as the expected node, left out of the map. */
  readonly unverified: readonly { readonly announced: string; readonly dial: string; readonly error: string }[];
}

export interface Discovery {
  readonly mode: 'cluster' | 'standalone';
  /** The seed that answered. */
  readonly seed: string;
  readonly nodes: readonly DiscoveredNode[];
  readonly suggestedMap?: SuggestedAddressMap;
}

export interface DiscoverOptions {
  /** Connecting and each command, per server; a remote TLS server needs a few round trips to answer. */
  readonly timeoutMs?: number;
}

export const DISCOVERY_TIMEOUT_MS = 3000;
/** Servers checked at the same time. */
const PARALLEL_CHECKS = 8;

interface CheckedNode extends DiscoveredNode {
  /** The node could not be reached at its address (as opposed to refusing the connection once reached). */
  readonly addressProblem: boolean;
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  }
  return results;
}

function roleFromInfo(role: string | undefined): NodeRole {
  return role === 'master' ? 'primary' : role === 'slave' ? 'replica' : 'unknown';
}

/** The answer of the first seed that answers; when none does, the failure that says the most. */
export async function askSeeds(seeds: readonly NodeAddress[], reach: Reach, timeoutMs: number) {
  const failures: SeedFailure[] = [];
  for (const seed of seeds) {
    try {
      return await withServer(seed, reach, timeoutMs, async (call) => {
        const info = parseInfo(String(await call('INFO', 'cluster', 'replication')));
        const cluster = infoString(info, 'cluster', 'cluster_enabled') === '1';
        return {
          seed,
          role: roleFromInfo(infoString(info, 'replication', 'role')),
          nodes: cluster ? parseClusterNodes(String(await call('CLUSTER', 'NODES'))) : undefined,
        };
      });
    } catch (error) {
      if (!isDialFailure(error)) throw error;
      failures.push({ seed: formatAddress(seed), error, kind: error.kind });
    }
  }
  throw seedsFailed(failures);
}

export async function discover(profile: ConnectionProfile, password: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const timeoutMs = options.timeoutMs ?? DISCOVERY_TIMEOUT_MS;
  const reach = connectionReach(profile, password);
  const answer = await askSeeds(reach.seeds, reach, timeoutMs);
  const seed = formatAddress(answer.seed);
  if (answer.nodes === undefined) {
    return { mode: 'standalone', seed, nodes: [{ announced: seed, dial: seed, role: answer.role, reachable: true }] };
  }
  const lines = answer.nodes.filter((line) => line.address !== '' && !line.flags.includes('noaddr') && !line.flags.includes('handshake'));

  const whoAnswers = async (address: NodeAddress): Promise<string> =>
    String(await withServer(address, reach, timeoutMs, (call) => call('CLUSTER', 'MYID')));

  const check = async (line: ClusterNodeLine): Promise<CheckedNode> => {
    const base = { id: line.id, announced: line.address, role: line.role, ...(line.primaryId ? { primaryId: line.primaryId } : {}) };
    const dial = dialableAddress(profile, line.address);
    if (!dial) {
      return {
        ...base, reachable: false, addressProblem: true,
        error: `Not dialled: ${line.address} is not in the address map, and only loopback addresses and the seeds' hosts are dialled as announced. Map it to an address this machine reaches, or allow dialling announced addresses when this machine reaches the nodes directly.`,
      };
    }
    const at = formatAddress(dial);
    try {
      const id = await whoAnswers(dial);
      if (id !== line.id) {
        return { ...base, dial: at, reachable: false, addressProblem: true, error: `${at} answers as node ${id}, not ${line.id}: the address map sends ${line.address} to the wrong node.` };
      }
      return { ...base, dial: at, reachable: true, addressProblem: false };
    } catch (error) {
      if (!isUserError(error)) throw error;
      // A user who may connect but not ask CLUSTER MYID still reached the node.
      if (error.code === 'noPermission') return { ...base, dial: at, reachable: true, addressProblem: false };
      const kind: FailureKind | undefined = isDialFailure(error) ? error.kind : undefined;
      return { ...base, dial: at, reachable: false, addressProblem: kind !== undefined && isNetworkFailure(kind), error: error.message };
    }
  };

  const checked = await inBatches(lines, PARALLEL_CHECKS, check);
  const nodes = checked.map(({ addressProblem: _, ...node }) => node);
  const lost = checked.filter((node) => node.addressProblem);
  if (lost.length === 0) return { mode: 'cluster', seed, nodes };
  const suggestedMap = await suggestMap(profile, reach.seeds, answer.seed, lines, lost, whoAnswers);
  return { mode: 'cluster', seed, nodes, ...(suggestedMap ? { suggestedMap } : {}) };
}

interface Pair {
  readonly seed: NodeAddress;
  readonly line: ClusterNodeLine;
}

/** Pairs each seed with the node it answers as (by node id); derives where the other nodes must be when every
 * seed sits on one host at the same offset from its announced port (the usual NAT or published-port layout);
 * then checks each suggestion by asking the node at that address who it is. */
async function suggestMap(
  profile: ConnectionProfile,
  seeds: readonly NodeAddress[],
  answered: NodeAddress,
  lines: readonly ClusterNodeLine[],
  lost: readonly CheckedNode[],
  whoAnswers: (address: NodeAddress) => Promise<string>,
): Promise<SuggestedAddressMap | undefined> {
  const byId = new Map(lines.map((line) => [line.id, line]));
  const pairs: Pair[] = [];
  const myself = lines.find((line) => line.myself);
  if (myself) pairs.push({ seed: answered, line: myself });
  for (const seed of seeds) {
    if (seed === answered) continue;
    const line = await whoAnswers(seed).then((id) => byId.get(id), () => undefined);
    if (line) pairs.push({ seed, line });
  }
  if (pairs.length === 0) return undefined;

  const offsets = pairs.map(({ seed, line }) => ({ host: seed.host, offset: seed.port - (parseAnnounced(line.address)?.port ?? 0) }));
  const uniform = offsets.every((entry) => entry.host === offsets[0].host && entry.offset === offsets[0].offset) ? offsets[0] : undefined;
  const pairedSeed = new Map(pairs.map(({ seed, line }) => [line.id, seed]));

  const candidates = lost.flatMap((node): { node: CheckedNode; dial: NodeAddress }[] => {
    const seed = pairedSeed.get(node.id ?? '');
    if (seed) return [{ node, dial: seed }];
    const port = parseAnnounced(node.announced)?.port;
    if (!uniform || port === undefined || port + uniform.offset < 1 || port + uniform.offset > 65535) return [];
    return [{ node, dial: { host: uniform.host, port: port + uniform.offset } }];
  });
  if (candidates.length === 0) return undefined;

  const results = await inBatches(candidates, PARALLEL_CHECKS, async ({ node, dial }) => {
    const at = formatAddress(dial);
    try {
      const id = await whoAnswers(dial);
      return id === node.id ? { announced: node.announced, dial: at } : { announced: node.announced, dial: at, error: `${at} answers as node ${id}, not ${node.id}.` };
    } catch (error) {
      return { announced: node.announced, dial: at, error: isUserError(error) ? error.message : String(error) };
    }
  });
  const verified = results.filter((result) => result.error === undefined);
  const unverified = results.flatMap((result) => (result.error === undefined ? [] : [{ announced: result.announced, dial: result.dial, error: result.error }]));

  const pairText = pairs.map(({ seed, line }) => `${formatAddress(seed)} answered as the node announced as ${line.address}`).join('; ');
  const unpaired = lost.filter((node) => !pairedSeed.has(node.id ?? ''));
  const assumption = unpaired.length === 0 ? ''
    : uniform
      ? ` Every seed is on ${uniform.host} at its announced port${uniform.offset === 0 ? '' : ` ${uniform.offset > 0 ? '+' : '−'}${Math.abs(uniform.offset)}`}, so the other nodes were looked for there too.`
      : ' The seeds are on different hosts or port offsets, so the other nodes could not be placed: add them to the map by hand, or add them as seeds.';
  const reason = `Seeds paired by node id: ${pairText}.${assumption} ${verified.length} of ${candidates.length} suggested addresses answered as the expected node.`;

  const replaced = new Set(verified.map((entry) => announcedKey(entry.announced)));
  const map: Record<string, string> = {};
  for (const [from, to] of Object.entries(profile.addressMap)) {
    if (!replaced.has(announcedKey(from))) map[from] = to;
  }
  for (const entry of verified) map[entry.announced] = entry.dial;
  return { map, reason, unverified };
}

/** For callers that need a cluster: a standalone server is a fine connection, but not for this. */
export function requireCluster(discovery: Discovery, command: string): void {
  if (discovery.mode !== 'cluster') throw notClusterError(discovery.seed, command);
}
