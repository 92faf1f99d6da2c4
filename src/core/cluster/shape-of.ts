// The shape a running cluster has, read off a snapshot: its shards that serve slots and the replicas of each.
// Counts are worded by the shared presenters, so a front end's sentence around them reads in its language.
import type { ClusterSnapshot } from '../../shared/snapshot';
import { replicasText, shardsText } from '../../shared/present';
import type { ClusterShape } from '../compose/shape';

export interface ObservedShape {
  readonly shards: number;
  /** Replicas of each shard serving slots, in shard order. */
  readonly replicas: readonly number[];
}

export function observedShape(snapshot: ClusterSnapshot): ObservedShape {
  const serving = snapshot.shards.filter((shard) => shard.slotCount > 0);
  return { shards: serving.length, replicas: serving.map((shard) => shard.replicas.length) };
}

export function matchesShape(observed: ObservedShape, shape: ClusterShape): boolean {
  return observed.shards === shape.shards && observed.replicas.every((count) => count === shape.replicasPerShard);
}

/** "3 shards × 1 replica", "1 shard without replicas". */
export function describeShape(shape: ClusterShape): string {
  const replicas = shape.replicasPerShard === 0 ? 'without replicas' : `× ${replicasText(shape.replicasPerShard)}`;
  return `${shardsText(shape.shards)} ${replicas}`;
}

/** "4 shards × 1 replica", or "3 shards with 1, 0, 1 replicas" when the shards differ. */
export function describeObserved(observed: ObservedShape): string {
  const [first] = observed.replicas;
  if (observed.replicas.every((count) => count === first)) return describeShape({ shards: observed.shards, replicasPerShard: first ?? 0 });
  return `${shardsText(observed.shards)} with ${observed.replicas.join(', ')} replicas`;
}
