// A connection as something the views, the console and the operations can use like the local cluster: a summary,
// a reach whose map dials only what the profile vouches for, one hub of connections, and one collector whose members
// are read at each refresh (from CLUSTER NODES of a node that answers; a standalone server is its one member).
import { type AddressMap, formatAddress, type NodeAddress, type Reach } from '../client/reach';
import { type Member, type MemberSource, SnapshotCollector } from '../cluster/collect';
import { infoString, parseClusterNodes, parseInfo } from '../cluster/parse';
import { UserError, describeError } from '../errors';
import type { ScaleTarget } from '../scale/execute';
import { ConnectionHub } from '../target/hub';
import type { TargetSummary } from '../../shared/snapshot';
import { askSeeds } from './discover';
import type { ConnectionProfile } from './profile';
import { connectionReach, dialableAddress } from './profile-reach';

export interface ConnectionTarget {
  readonly summary: TargetSummary;
  readonly reach: Reach;
  /** The connections to the nodes, shared by the member source, the snapshots, consoles, keys and operations. */
  readonly hub: ConnectionHub;
  readonly members: MemberSource;
  /** The one collector of this connection's snapshots. */
  readonly collector: SnapshotCollector;
  /** The connection as slot operations see it: no node containers, so only slots move (Move Slots, Rebalance). */
  scaleTarget(): ScaleTarget;
  /** The server answered as a standalone one (cluster mode off) when the members were last read. */
  isStandalone(): boolean;
  /** Closes the hub unless the caller gave it. */
  dispose(): void;
}

const MEMBER_QUERY_TIMEOUT_MS = 3000;

/** Announced addresses the profile does not vouch for are refused here, before anything dials them. */
function vouchedMap(profile: ConnectionProfile): AddressMap {
  return (announced) => {
    const address = dialableAddress(profile, announced);
    if (address) return address;
    throw new UserError('unreachable', `${announced} is announced by the cluster but not dialled from here: it is not in the connection's address map.`,
      'Edit the connection: map it to an address this machine reaches, or allow dialling announced addresses.');
  };
}

/** `sharedHub`: connections kept across rebuilds of the same connection (a new password), pointed at this reach. */
export function connectionTarget(profile: ConnectionProfile, password: string, sharedHub?: ConnectionHub): ConnectionTarget {
  const reach: Reach = { ...connectionReach(profile, password), map: vouchedMap(profile) };
  const hub = sharedHub ?? new ConnectionHub();
  hub.use(reach);
  const summary: TargetSummary = { id: profile.id, kind: 'connection', label: profile.label, where: profile.seeds.join(', '), readOnly: profile.readOnly };
  let known: readonly Member[] = [];
  let standalone = false;

  /** The cluster's members as one node sees them; a standalone server is its own only member. */
  async function membersSeenBy(address: NodeAddress, announced: string): Promise<Member[]> {
    const replies = await hub.run(address, (client) => client.pipeline().info('cluster').cluster('NODES').exec());
    const info = replies?.[0]?.[1];
    if (typeof info !== 'string') throw replies?.[0]?.[0] ?? new Error('no INFO reply');
    standalone = infoString(parseInfo(info), 'cluster', 'cluster_enabled') !== '1';
    if (standalone) return [{ name: announced, announcedAddress: announced }];
    const nodes = replies?.[1]?.[1];
    if (typeof nodes !== 'string') throw replies?.[1]?.[0] ?? new Error('no CLUSTER NODES reply');
    return parseClusterNodes(nodes)
      .filter((line) => line.address !== '' && !line.flags.includes('noaddr') && !line.flags.includes('handshake'))
      .map((line) => ({ name: line.hostname ?? line.address, announcedAddress: line.address }));
  }

  const members: MemberSource = async () => {
    const candidates = [
      ...known.map((member) => ({ announced: member.announcedAddress, address: () => reach.map(member.announcedAddress) })),
      ...reach.seeds.map((seed) => ({ announced: formatAddress(seed), address: () => seed })),
    ];
    for (const candidate of candidates) {
      try {
        known = await membersSeenBy(candidate.address(), candidate.announced);
        return known;
      } catch {
        // the next candidate may answer
      }
    }
    try {
      // No pooled connection answered: ask the seeds the careful way, whose errors say what to fix.
      await askSeeds(reach.seeds, reach, MEMBER_QUERY_TIMEOUT_MS);
      return { unreachable: 'The seeds answer, but the cluster could not be read from them.' };
    } catch (error) {
      return { unreachable: describeError(error) };
    }
  };

  const collector = new SnapshotCollector(summary, members, hub);
  return {
    summary,
    reach,
    hub,
    members,
    collector,
    scaleTarget: () => ({ summary, hub, observe: () => collector.collect() }),
    isStandalone: () => standalone,
    dispose: () => {
      if (!sharedHub) hub.dispose();
    },
  };
}
