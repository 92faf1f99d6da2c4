// "Valkey: ok 6/6" in the status bar; warning colours when the cluster is not ok. Click: the sidebar tree.
import * as vscode from 'vscode';
import { stateWord } from '../shared/present';
import { TOTAL_SLOTS } from '../shared/snapshot';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { Target } from './targets/target';
import type { TargetRegistry } from './targets/target-registry';

const STATE_ICONS: Partial<Record<ClusterSnapshot['state'], string>> = { stopped: '$(debug-stop)', noEngine: '$(plug)', unreachable: '$(plug)', misconfigured: '$(gear)' };

export function statusText(snapshot: ClusterSnapshot): string {
  const icon = STATE_ICONS[snapshot.state] ?? '$(database)';
  const word = stateWord(snapshot.state);
  const online = snapshot.nodes.filter((node) => node.health === 'online').length;
  const counted = snapshot.nodes.length > 0 && ['ok', 'fail', 'forming'].includes(snapshot.state);
  const name = snapshot.target.kind === 'connection' ? ` ${snapshot.target.label}` : '';
  return `${icon} Valkey${name}: ${word}${counted ? ` ${online}/${snapshot.nodes.length}` : ''}`;
}

/** Shows the active target (the one last chosen in the tree or by a command). */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('valkeyCluster.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: { dispose(): void }[] = [];
  private following: { dispose(): void } | undefined;

  constructor(targets: TargetRegistry) {
    this.item.name = 'Valkey Cluster';
    this.item.command = 'valkeyCluster.tree.focus';
    this.item.text = '$(database) Valkey';
    this.item.tooltip = 'Valkey cluster: click to show the nodes';
    this.item.show();
    this.subscriptions.push(targets.onDidChangeActive((target) => this.follow(target)), targets.onDidChange(() => this.follow(targets.active)));
    this.follow(targets.active);
  }

  private follow(target: Target): void {
    this.following?.dispose();
    this.following = target.snapshots.onDidChange(({ snapshot }) => this.render(snapshot));
    if (target.snapshots.latest) this.render(target.snapshots.latest);
  }

  private render(snapshot: ClusterSnapshot): void {
    this.item.text = statusText(snapshot);
    const troubled = ['fail', 'noEngine', 'unreachable', 'misconfigured'].includes(snapshot.state) || snapshot.nodes.some((node) => node.health === 'failed');
    this.item.backgroundColor = troubled ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const where = `${snapshot.target.kind === 'local' ? 'Docker engine' : 'Seeds'}: ${snapshot.target.where}`;
    this.item.tooltip = [`${snapshot.target.label}: ${stateWord(snapshot.state)}`, where, `${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok`, ...snapshot.problems, 'Click to show the nodes'].join('\n');
  }

  dispose(): void {
    this.following?.dispose();
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.item.dispose();
  }
}
