// One refresh = one pipelined round of queries per node (in parallel) + one Docker container listing, turned into
// a ClusterSnapshot. Node connections are kept between refreshes so a refresh does not pay connect + AUTH.
import { NodeConnectionPool } from '../client/node-pool';
import type { Reach } from '../client/reach';
import type { NodeEndpoint } from '../compose/plan';
import type { ContainerStatus } from '../engine/cluster-engine';
import { buildSnapshot, NodeObservation } from './build-snapshot';
import type { ClusterSnapshot } from './snapshot';

export interface ContainerSource {
  status(): Promise<ContainerStatus[]>;
}

export class SnapshotCollector {
  private readonly pool: NodeConnectionPool;

  constructor(
    private readonly nodes: readonly NodeEndpoint[],
    private readonly reach: Reach,
    private readonly containers: ContainerSource,
  ) {
    this.pool = new NodeConnectionPool(reach);
  }

  async collect(): Promise<ClusterSnapshot> {
    const takenAt = Date.now();
    let statuses: ContainerStatus[];
    try {
      statuses = await this.containers.status();
    } catch {
      this.dispose();
      return buildSnapshot({ nodes: [], takenAt, engineReachable: false });
    }
    const observations = await Promise.all(this.nodes.map((node) => {
      const containerState = statuses.find((status) => status.service === node.name)?.state ?? 'missing';
      return this.observe(node, containerState);
    }));
    return buildSnapshot({ nodes: observations, takenAt, engineReachable: true });
  }

  private async observe(node: NodeEndpoint, containerState: NodeObservation['containerState']): Promise<NodeObservation> {
    const base = { name: node.name, hostPort: node.hostPort, announcedAddress: node.announcedAddress, containerState };
    if (containerState !== 'running') {
      this.pool.drop(this.reach.map(node.announcedAddress));
      return { ...base, reachable: false, error: `container ${containerState}` };
    }
    try {
      const client = await this.pool.get(this.reach.map(node.announcedAddress));
      const replies = await client.pipeline().cluster('INFO').cluster('NODES').call('CLUSTER', 'SHARDS').info().exec();
      const values = (replies ?? []).map(([error, value]) => (error ? undefined : value));
      const [clusterInfo, clusterNodes, clusterShards, info] = values;
      if (typeof info !== 'string') throw (replies?.[3]?.[0] ?? new Error('no INFO reply'));
      return {
        ...base,
        reachable: true,
        clusterInfo: typeof clusterInfo === 'string' ? clusterInfo : undefined,
        clusterNodes: typeof clusterNodes === 'string' ? clusterNodes : undefined,
        clusterShards,
        info,
      };
    } catch (error) {
      this.pool.drop(this.reach.map(node.announcedAddress));
      return { ...base, reachable: false, error: (error as Error).message };
    }
  }

  dispose(): void {
    this.pool.dispose();
  }
}
