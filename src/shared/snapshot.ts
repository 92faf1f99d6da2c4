// The cluster as plain, immutable data: the contract between the core (which builds it once per refresh) and
// every view (tree, topology webview, status bar, CLI). No functions, no class instances: it must survive
// postMessage and JSON. Imported by the webview too, so it uses no Node or VS Code API.

export const TOTAL_SLOTS = 16384;

/** Inclusive slot range, e.g. { start: 0, end: 5460 }. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

export type NodeRole = 'primary' | 'replica' | 'unknown';

/** online: answers; loading: answers but still loading its dataset; failed: the cluster marks it fail/pfail
 * or it does not answer (while its container runs); stopped: its container is not running; missing: no container. */
export type NodeHealth = 'online' | 'loading' | 'failed' | 'stopped' | 'missing';

export type ContainerState = 'running' | 'exited' | 'paused' | 'restarting' | 'created' | 'dead' | 'missing';

/** What one node's own CLUSTER INFO says (each node can see the cluster differently while it forms or fails). */
export interface NodeClusterView {
  readonly state: string;
  readonly slotsOk: number;
  readonly slotsAssigned: number;
  readonly knownNodes: number;
}

export interface NodeSnapshot {
  /** Display name: the compose service for the local cluster ("valkey-node-2"), else the announced address. */
  readonly name: string;
  /** Cluster node id (40 hex chars); empty when the node never answered. */
  readonly id: string;
  readonly role: NodeRole;
  /** Address the cluster announces, e.g. "172.19.0.62:6381". */
  readonly announcedAddress: string;
  /** Where this machine dials the node, e.g. "127.0.0.1:6381" (a published port, a forward, or as announced). */
  readonly address: string;
  readonly health: NodeHealth;
  /** The node's container; absent for a cluster the extension does not run. */
  readonly containerState?: ContainerState;
  /** The node's own view of the cluster; absent when it did not answer. */
  readonly view?: NodeClusterView;
  /** Why a node that was dialled did not answer (e.g. "WRONGPASS …", "… did not answer within 3 s"). */
  readonly error?: string;
  /** For a replica: the node id of its primary. */
  readonly primaryId?: string;
  /** For a replica: link to its primary is up. */
  readonly linkUp?: boolean;
  /** For a replica: bytes behind its primary (primary offset - replica offset). */
  readonly replicationLag?: number;
  readonly replicationOffset?: number;
  /** For a primary: replicas whose link is up, as the primary reports them. */
  readonly connectedReplicas?: number;
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
  /** Ordered by name. */
  readonly replicas: readonly NodeSnapshot[];
  readonly slots: readonly SlotRange[];
  readonly slotCount: number;
}

/** ok/fail/forming: as the cluster says; stopped/absent/noEngine: the local cluster's containers or engine;
 * unreachable: no node of a connection answers; misconfigured: its settings are invalid, so nothing was asked. */
export type ClusterState = 'ok' | 'fail' | 'forming' | 'stopped' | 'absent' | 'noEngine' | 'unreachable' | 'misconfigured';

/** A slot migration a node reports: running, or finished recently (its outcome). */
export interface SlotMigration {
  /** Node names (ids when the node is not known). */
  readonly source: string;
  readonly target: string;
  readonly ranges: readonly SlotRange[];
  /** atomic: CLUSTER MIGRATESLOTS (Valkey 9); keys: slots open in MIGRATING/IMPORTING state, moved key by key. */
  readonly method: 'atomic' | 'keys';
  /** The server's own word, e.g. "snapshotting", "replicating", "success", "failed"; "migrating" for key by key. */
  readonly state: string;
  readonly outcome: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** Why it failed, as the server says. */
  readonly message?: string;
  /** Epoch milliseconds of the last change the server reported. */
  readonly updatedAt?: number;
  /** Bytes of writes still to be streamed to the target (atomic, when the server says). */
  readonly remainingBytes?: number;
}

/** Per-slot load from CLUSTER SLOT-STATS, 16384 entries each; only while a view asks for it (heat mode). */
export interface SlotStats {
  readonly keys: readonly number[];
  /** Only when the servers count it (cluster-slot-stats-enabled yes). */
  readonly cpuUsec?: readonly number[];
}

/** Which cluster a snapshot shows: the local one the extension runs in Docker, or a connection to another. */
export interface TargetSummary {
  readonly id: string;
  readonly kind: 'local' | 'connection';
  readonly label: string;
  /** One line saying where it is: the Docker engine in use, or the seed addresses. */
  readonly where: string;
  /** Views hide write actions; the console refuses writes. */
  readonly readOnly: boolean;
}

export interface ClusterSnapshot {
  readonly target: TargetSummary;
  /** A standalone server is shown as a cluster of one node with every slot. */
  readonly mode: 'cluster' | 'standalone';
  readonly state: ClusterState;
  /** Slots the cluster serves with state ok, and slots assigned at all (cluster_slots_ok / _assigned). */
  readonly slotsOk: number;
  readonly slotsAssigned: number;
  /** Ordered by first slot. */
  readonly shards: readonly ShardSnapshot[];
  /** Every node, including ones in no shard (blank or unreachable nodes), ordered by name. */
  readonly nodes: readonly NodeSnapshot[];
  /** Epoch milliseconds when the snapshot was taken. */
  readonly takenAt: number;
  /** Human-readable problems found while collecting (a node not answering, a query that failed). */
  readonly problems: readonly string[];
  /** Slot migrations running or finished in the last minutes, newest first (absent: none, or not asked). */
  readonly migrations?: readonly SlotMigration[];
  /** Per-slot load, when asked for. */
  readonly slotStats?: SlotStats;
}
