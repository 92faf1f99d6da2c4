// "Valkey: ok 6/6" in the status bar; warning colours when the cluster is not ok. Click: the sidebar tree.
import * as vscode from 'vscode';
import { stateWord } from '../shared/present';
import { TOTAL_SLOTS } from '../shared/snapshot';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { SnapshotService } from './snapshot-service';

const STATE_ICONS: Partial<Record<ClusterSnapshot['state'], string>> = { stopped: '$(debug-stop)', noEngine: '$(plug)', unreachable: '$(plug)', misconfigured: '$(gear)' };

export function statusText(snapshot: ClusterSnapshot): string {
  const icon = STATE_ICONS[snapshot.state] ?? '$(database)';
  const word = stateWord(snapshot.state);
  const online = snapshot.nodes.filter((node) => node.health === 'online').length;
  const counted = snapshot.nodes.length > 0 && ['ok', 'fail', 'forming'].includes(snapshot.state);
  return `${icon} Valkey: ${word}${counted ? ` ${online}/${snapshot.nodes.length}` : ''}`;
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
    const troubled = ['fail', 'noEngine', 'unreachable', 'misconfigured'].includes(snapshot.state) || snapshot.nodes.some((node) => node.health === 'failed');
    this.item.backgroundColor = troubled ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const where = `${snapshot.target.kind === 'local' ? 'Docker engine' : 'Seeds'}: ${snapshot.target.where}`;
    this.item.tooltip = [`${snapshot.target.label}: ${stateWord(snapshot.state)}`, where, `${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok`, ...snapshot.problems, 'Click to show the nodes'].join('\n');
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
