// The cluster as plain, immutable data: built once per refresh in the core, rendered by every view
// (tree, topology webview, status bar, CLI). No functions, no class instances: it must survive postMessage.

export const TOTAL_SLOTS = 16384;

/** Inclusive slot range, e.g. { start: 0, end: 5460 }. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

export type NodeRole = 'primary' | 'replica' | 'unknown';

/** online: answers; loading: answers but still loading its dataset; failed: the cluster marks it fail/pfail
 * or it does not answer while its container runs; stopped: its container is not running; missing: no container. */
export type NodeHealth = 'online' | 'loading' | 'failed' | 'stopped' | 'missing';

export type ContainerState = 'running' | 'exited' | 'paused' | 'restarting' | 'created' | 'dead' | 'missing';

export interface NodeSnapshot {
  /** Compose service / container name, e.g. "valkey-node-2". */
  readonly name: string;
  /** Cluster node id (40 hex chars); empty when the node never answered. */
  readonly id: string;
  readonly role: NodeRole;
  /** Address the cluster announces (container network), e.g. "172.19.0.62:6381". */
  readonly announcedAddress: string;
  /** Port published on the host (127.0.0.1 by default). */
  readonly hostPort: number;
  readonly health: NodeHealth;
  readonly containerState: ContainerState;
  /** For a replica: the node id of its primary. */
  readonly primaryId?: string;
  /** For a replica: link to its primary is up. */
  readonly linkUp?: boolean;
  /** For a replica: bytes behind its primary (primary offset - replica offset). */
  readonly replicationLag?: number;
  readonly replicationOffset?: number;
  /** Slots this node serves (primaries only), compressed ranges in ascending order. */
  readonly slots: readonly SlotRange[];
  readonly slotCount: number;
  readonly usedMemoryBytes?: number;
  readonly keys?: number;
  readonly opsPerSecond?: number;
  /** Cluster flags as reported (e.g. ["master", "fail?"]). */
  readonly flags: readonly string[];
}

export interface ShardSnapshot {
  /** Node id of the primary (or of the first node when no primary is known). */
  readonly id: string;
  readonly primary?: NodeSnapshot;
  readonly replicas: readonly NodeSnapshot[];
  readonly slots: readonly SlotRange[];
  readonly slotCount: number;
}

export type ClusterState = 'ok' | 'fail' | 'forming' | 'stopped' | 'absent' | 'noEngine';

export interface ClusterSnapshot {
  readonly state: ClusterState;
  /** Slots the cluster serves with state ok, and slots assigned at all (cluster_slots_ok / _assigned). */
  readonly slotsOk: number;
  readonly slotsAssigned: number;
  readonly shards: readonly ShardSnapshot[];
  /** Every node, including ones in no shard (blank or unreachable nodes), ordered by name. */
  readonly nodes: readonly NodeSnapshot[];
  /** Epoch milliseconds when the snapshot was taken. */
  readonly takenAt: number;
  /** Human-readable problems found while collecting (a node not answering, a query that failed). */
  readonly problems: readonly string[];
}
