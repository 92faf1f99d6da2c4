// "Valkey: ok 6/6" in the status bar; warning colours when the cluster is not ok. Click: the sidebar tree.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../core/cluster/snapshot';
import type { SnapshotService } from './snapshot-service';

export function statusText(snapshot: ClusterSnapshot): string {
  const online = snapshot.nodes.filter((node) => node.health === 'online').length;
  switch (snapshot.state) {
    case 'absent':
      return '$(database) Valkey: not created';
    case 'stopped':
      return '$(debug-stop) Valkey: stopped';
    case 'noEngine':
      return '$(plug) Valkey: no Docker';
    default:
      return `$(database) Valkey: ${snapshot.state} ${online}/${snapshot.nodes.length}`;
  }
}

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('valkeyCluster.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(snapshots: SnapshotService) {
    this.item.name = 'Valkey Cluster';
    this.item.command = 'valkeyCluster.tree.focus';
    this.item.text = '$(database) Valkey';
    this.item.tooltip = 'Valkey cluster: click to show the nodes';
    this.item.show();
    this.subscription = snapshots.onDidChange(({ snapshot }) => this.render(snapshot));
  }

  private render(snapshot: ClusterSnapshot): void {
    this.item.text = statusText(snapshot);
    const troubled = snapshot.state === 'fail' || snapshot.state === 'noEngine' || snapshot.nodes.some((node) => node.health === 'failed');
    this.item.backgroundColor = troubled ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = [`Valkey cluster: ${snapshot.state}`, `${snapshot.slotsOk}/16384 slots ok`, ...snapshot.problems, 'Click to show the nodes'].join('\n');
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
