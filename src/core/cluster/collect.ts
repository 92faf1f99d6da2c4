// One refresh: the members to observe (the local plan's nodes with their container state, or a connection's known
// nodes), then one pipelined round of queries per member in parallel, turned into a ClusterSnapshot. The rounds go
// over the target's hub, whose connections are kept between refreshes and shared with everything else that asks.
import { formatAddress, type NodeAddress } from '../client/reach';
import type { ConnectionHub } from '../target/hub';
import type { ClusterSnapshot, ContainerState, TargetSummary } from '../../shared/snapshot';
import { buildSnapshot, type NodeObservation } from './build-snapshot';

export interface Member {
  readonly name: string;
  readonly announcedAddress: string;
  /** Only for nodes the extension runs in containers. */
  readonly containerState?: ContainerState;
}

/** The members to observe now, or why the local Docker engine (or the way to its ports) cannot be reached. */
export type MemberSource = () => Promise<readonly Member[] | { readonly unreachable: string }>;

export class SnapshotCollector {
  /** Ask each node for CLUSTER SLOT-STATS too (the topology's heat mode). */
  slotStats = false;

  constructor(
    private readonly target: TargetSummary,
    private readonly members: MemberSource,
    private readonly hub: ConnectionHub,
  ) {}

  async collect(): Promise<ClusterSnapshot> {
    const takenAt = Date.now();
    const members = await this.members();
    if ('unreachable' in members) {
      return buildSnapshot({ target: this.target, nodes: [], takenAt, unreachable: members.unreachable });
    }
    const nodes = await Promise.all(members.map((member) => this.observe(member)));
    return buildSnapshot({ target: this.target, nodes, takenAt });
  }

  private async observe(member: Member): Promise<NodeObservation> {
    let dialled: NodeAddress;
    try {
      dialled = this.hub.reach.map(member.announcedAddress);
    } catch (error) {
      // An address this target does not dial (a connection without a map entry for it): shown, never dialled.
      return { ...member, address: '', reachable: false, error: (error as Error).message };
    }
    const base = { ...member, address: formatAddress(dialled) };
    if (member.containerState !== undefined && member.containerState !== 'running') {
      this.hub.drop(dialled);
      return { ...base, reachable: false, error: `container ${member.containerState}` };
    }
    try {
      const replies = await this.hub.run(dialled, (client) => {
        const pipeline = client.pipeline().cluster('INFO').cluster('NODES').call('CLUSTER', 'SHARDS').info().call('CLUSTER', 'GETSLOTMIGRATIONS');
        return (this.slotStats ? pipeline.call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', '0', '16383') : pipeline).exec();
      });
      // Servers before Valkey 9 (8) answer the last two with an error: they are left out.
      const values = (replies ?? []).map(([error, value]) => (error ? undefined : value));
      const [clusterInfo, clusterNodes, clusterShards, info, slotMigrations, slotStats] = values;
      if (typeof info !== 'string') throw (replies?.[3]?.[0] ?? new Error('no INFO reply'));
      return {
        ...base,
        reachable: true,
        clusterInfo: typeof clusterInfo === 'string' ? clusterInfo : undefined,
        clusterNodes: typeof clusterNodes === 'string' ? clusterNodes : undefined,
        clusterShards,
        info,
        ...(slotMigrations === undefined ? {} : { slotMigrations }),
        ...(slotStats === undefined ? {} : { slotStats }),
      };
    } catch (error) {
      return { ...base, reachable: false, error: (error as Error).message };
    }
  }
}
