// A connection (a cluster the extension does not run) as shape and slot operations see it: no node containers, so
// only slots move (Move Slots, Rebalance); its members are read as the views read them.
import { SnapshotCollector } from '../cluster/collect';
import type { ConnectionTarget } from '../connection/target';
import type { ScaleTarget } from './execute';

export function connectionScaleTarget(target: ConnectionTarget): ScaleTarget {
  // Shares the target's pool: disposing the target closes it.
  const collector = new SnapshotCollector(target.summary, target.members, target.reach, target.pool);
  return { summary: target.summary, reach: target.reach, observe: () => collector.collect() };
}
