// After Start: a cluster that already existed keeps its own shape, which may not be the one the settings ask for.
import { describeObserved, describeShape, matchesShape, observedShape } from '../cluster/shape-of';
import type { ClusterShape } from '../compose/shape';
import type { ClusterSnapshot } from '../../shared/snapshot';
import { action, type Phrase, phrase, setting } from '../wording';

export function shapeWarning(snapshot: ClusterSnapshot, wanted: ClusterShape): Phrase | undefined {
  if (snapshot.state !== 'ok') return undefined;
  const observed = observedShape(snapshot);
  if (matchesShape(observed, wanted)) return undefined;
  return phrase`The cluster has ${describeObserved(observed)}; ${setting('shards')} and ${setting('replicasPerShard')} ask for ${describeShape(wanted)}, which only a new cluster gets. ${action('scale')} changes the running one.`;
}
