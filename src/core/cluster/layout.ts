// The layout `valkey-cli --cluster create <nodes> --cluster-replicas R` gives a list of blank nodes, computed
// without it, so a cluster can be formed by direct CLUSTER commands and still come out exactly as the init
// container would make it. Holds when every node has its own IP address (the bundled compose network): valkey-cli
// groups nodes by IP, and with one node per IP its grouping keeps the list order and its random anti-affinity
// pass has nothing to improve. Observed outputs are in test/fixtures/layouts/.
import { type SlotRange, TOTAL_SLOTS } from '../../shared/snapshot';

export interface Shard<T> {
  readonly primary: T;
  readonly slots: SlotRange;
  /** In the order valkey-cli assigns them. */
  readonly replicas: readonly T[];
}

export interface ClusterLayout<T> {
  readonly shards: readonly Shard<T>[];
  /** Nodes valkey-cli leaves as primaries without slots: only when the list does not divide into whole shards
   * and more nodes are left over than it hands out as extra replicas. */
  readonly emptyPrimaries: readonly T[];
}

/** Contiguous ranges, one per primary. valkey-cli computes them in single-precision floats, which changes the
 * ranges from 78 primaries on; Math.fround does the same arithmetic. */
function slotRanges(primaries: number): SlotRange[] {
  const perPrimary = Math.fround(TOTAL_SLOTS / primaries);
  const ranges: SlotRange[] = [];
  let first = 0;
  let cursor = 0;
  for (let index = 0; index < primaries; index++) {
    const isLast = index === primaries - 1;
    const computed = Math.round(Math.fround(Math.fround(cursor + perPrimary) - 1));
    const last = isLast || computed > TOTAL_SLOTS ? TOTAL_SLOTS - 1 : Math.max(first, computed);
    ranges.push({ start: first, end: last });
    first = last + 1;
    cursor = Math.fround(cursor + perPrimary);
  }
  return ranges;
}

/** `nodes` in the order given to valkey-cli; the first floor(n / (R + 1)) become the primaries. */
export function layout<T>(nodes: readonly T[], replicasPerPrimary: number): ClusterLayout<T> {
  if (!Number.isInteger(replicasPerPrimary) || replicasPerPrimary < 0) {
    throw new Error(`replicas per primary must be a whole number of at least 0, not ${replicasPerPrimary}`);
  }
  const primaryCount = Math.floor(nodes.length / (replicasPerPrimary + 1));
  if (primaryCount < 1) {
    throw new Error(`${nodes.length} node(s) cannot hold one primary with ${replicasPerPrimary} replica(s) each`);
  }
  const primaries = nodes.slice(0, primaryCount);
  // valkey-cli moves the first of the remaining nodes to the end before handing them out as replicas.
  const rest = nodes.slice(primaryCount);
  const queue = rest.length > 0 ? [...rest.slice(1), rest[0]] : [];
  const replicas: T[][] = primaries.map(() => []);
  for (const assigned of replicas) {
    while (assigned.length < replicasPerPrimary && queue.length > 0) assigned.push(queue.shift()!);
  }
  // Nodes left over: one more replica per primary, in primary order.
  for (const assigned of replicas) {
    if (queue.length > 0) assigned.push(queue.shift()!);
  }
  const ranges = slotRanges(primaryCount);
  return {
    shards: primaries.map((primary, index) => ({ primary, slots: ranges[index], replicas: replicas[index] })),
    emptyPrimaries: queue,
  };
}
