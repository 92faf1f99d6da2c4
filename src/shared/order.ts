// The one order in which shards and nodes are listed, by the snapshot builder and every view alike.
import type { NodeSnapshot, ShardSnapshot } from './snapshot';

/** Names with numbers in natural order: valkey-node-2 before valkey-node-10. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function compareNodes(a: NodeSnapshot, b: NodeSnapshot): number {
  return compareNames(a.name, b.name);
}

function firstSlot(shard: ShardSnapshot): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const range of shard.slots) lowest = Math.min(lowest, range.start);
  return lowest;
}

function shardName(shard: ShardSnapshot): string {
  return shard.primary?.name ?? [...shard.replicas].sort(compareNodes)[0]?.name ?? shard.id;
}

/** By the lowest slot served, slot-less shards last by name: the order (and with it a shard's label and colour)
 * survives a failover, which changes the shard's primary and id but not its slots. */
export function compareShards(a: ShardSnapshot, b: ShardSnapshot): number {
  return firstSlot(a) - firstSlot(b) || compareNames(shardName(a), shardName(b));
}
