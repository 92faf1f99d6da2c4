// Which walkthrough steps a snapshot of the local cluster shows done (no VS Code API: unit-tested).
import type { ClusterSnapshot } from '../shared/snapshot';
import type { ClusterChange } from '../shared/snapshot-diff';

export type WalkthroughStep = 'engineAnswered' | 'clusterReady' | 'nodesSeen' | 'consoleUsed' | 'topologyShown' | 'failedOver';

/** Steps reached from a snapshot of the local cluster and the changes that led to it. */
export function stepsReached(snapshot: ClusterSnapshot, changes: readonly ClusterChange[], treeVisible: boolean): WalkthroughStep[] {
  const steps: WalkthroughStep[] = [];
  if (snapshot.state !== 'noEngine' && snapshot.state !== 'misconfigured') steps.push('engineAnswered');
  if (snapshot.state === 'ok') steps.push('clusterReady');
  if (treeVisible && snapshot.nodes.some((node) => node.health === 'online')) steps.push('nodesSeen');
  if (changes.some((change) => change.kind === 'roleChanged' && change.from === 'replica' && change.to === 'primary')) steps.push('failedOver');
  return steps;
}
