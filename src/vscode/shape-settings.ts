// valkeyCluster.shards and valkeyCluster.replicasPerShard follow the local cluster's shape after the extension
// changes it (so a cluster made again gets the same shape); a change of the settings by hand while the cluster runs
// offers Scale Cluster, since only a new cluster takes the settings' shape by itself.
import * as vscode from 'vscode';
import { describeObserved, describeShape, matchesShape, observedShape } from '../core/cluster/shape-of';
import type { ClusterSnapshot } from '../shared/snapshot';
import { SECTION } from './settings';
import type { Target } from './targets/target';

/** Our own writes, which must not offer to scale. */
let writing = 0;

function scopeOf(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Writes the shape the cluster has now (replicas only when every shard has as many). */
export async function writeShapeSettings(snapshot: ClusterSnapshot): Promise<void> {
  if (snapshot.state !== 'ok') return;
  const observed = observedShape(snapshot);
  const config = vscode.workspace.getConfiguration(SECTION);
  const uniform = observed.replicas.every((count) => count === observed.replicas[0]);
  writing++;
  try {
    if (config.get('shards') !== observed.shards) await config.update('shards', observed.shards, scopeOf('shards'));
    if (uniform && config.get('replicasPerShard') !== observed.replicas[0]) await config.update('replicasPerShard', observed.replicas[0], scopeOf('replicasPerShard'));
  } finally {
    writing--;
  }
}

export function watchShapeSettings(local: Target): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (writing > 0 || !(event.affectsConfiguration(`${SECTION}.shards`) || event.affectsConfiguration(`${SECTION}.replicasPerShard`))) return;
    const snapshot = local.snapshots.latest;
    if (!snapshot || snapshot.state !== 'ok') return;
    const config = vscode.workspace.getConfiguration(SECTION);
    const wanted = { shards: config.get('shards', 3), replicasPerShard: config.get('replicasPerShard', 1) };
    const observed = observedShape(snapshot);
    if (matchesShape(observed, wanted)) return;
    const scaleNow = vscode.l10n.t('Scale Cluster Now');
    void vscode.window.showInformationMessage(vscode.l10n.t('The local cluster has {0}; the settings now ask for {1}, which only a new cluster gets by itself.', describeObserved(observed), describeShape(wanted)), scaleNow)
      .then((choice) => {
        if (choice === scaleNow) void vscode.commands.executeCommand('valkeyCluster.scale', { shards: wanted.shards, replicas: wanted.replicasPerShard });
      });
  });
}
