// The Get Started walkthrough's progress. Each step completes on what really happened (package.json's
// completionEvents read these context keys): the engine answered, the cluster became ready, the tree showed its
// nodes, a console ran a command, a topology panel came into view, a replica took over as primary.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { ClusterChange } from '../shared/snapshot-diff';
import { stepsReached, type WalkthroughStep } from './walkthrough-steps';

const PREFIX = 'valkeyCluster.walkthrough.';

export interface WalkthroughSources {
  readonly localSnapshots: vscode.Event<{ readonly snapshot: ClusterSnapshot; readonly changes: readonly ClusterChange[] }>;
  readonly treeVisible: () => boolean;
  readonly treeVisibility: vscode.Event<unknown>;
  readonly consoleCommandRan: vscode.Event<void>;
  readonly topologyShown: vscode.Event<unknown>;
}

export function trackWalkthrough(sources: WalkthroughSources): vscode.Disposable {
  const reached = new Set<WalkthroughStep>();
  let latest: ClusterSnapshot | undefined;
  const mark = (step: WalkthroughStep): void => {
    if (reached.has(step)) return;
    reached.add(step);
    void vscode.commands.executeCommand('setContext', PREFIX + step, true);
  };
  const subscriptions = [
    sources.localSnapshots(({ snapshot, changes }) => {
      latest = snapshot;
      stepsReached(snapshot, changes, sources.treeVisible()).forEach(mark);
    }),
    sources.treeVisibility(() => {
      if (latest) stepsReached(latest, [], sources.treeVisible()).forEach(mark);
    }),
    sources.consoleCommandRan(() => mark('consoleUsed')),
    sources.topologyShown(() => mark('topologyShown')),
  ];
  return vscode.Disposable.from(...subscriptions);
}
