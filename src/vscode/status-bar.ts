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
  const count = `${online}/${snapshot.nodes.length}`;
  if (snapshot.target.kind === 'connection') {
    return counted ? vscode.l10n.t('{0} Valkey {1}: {2} {3}', icon, snapshot.target.label, word, count) : vscode.l10n.t('{0} Valkey {1}: {2}', icon, snapshot.target.label, word);
  }
  return counted ? vscode.l10n.t('{0} Valkey: {1} {2}', icon, word, count) : vscode.l10n.t('{0} Valkey: {1}', icon, word);
}

/** Shows the active target (the one last chosen in the tree or by a command). */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('valkeyCluster.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: { dispose(): void }[] = [];
  private following: { dispose(): void } | undefined;

  constructor(targets: TargetRegistry) {
    this.item.name = vscode.l10n.t('Valkey Cluster');
    this.item.command = 'valkeyCluster.tree.focus';
    this.item.text = vscode.l10n.t('{0} Valkey', '$(database)');
    this.item.tooltip = vscode.l10n.t('Valkey cluster: click to show the nodes');
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
    const target = snapshot.target;
    const where = target.kind === 'local' ? vscode.l10n.t('Docker engine: {0}', target.where) : vscode.l10n.t('Seeds: {0}', target.where);
    this.item.tooltip = [vscode.l10n.t('{0}: {1}', target.label, stateWord(snapshot.state)), where, vscode.l10n.t('{0}/{1} slots ok', snapshot.slotsOk, TOTAL_SLOTS),
      ...snapshot.problems, vscode.l10n.t('Click to show the nodes')].join('\n');
  }

  /** What the item shows now (for the extension's tests: VS Code gives no way to read the status bar). */
  shown(): { text: string; tooltip: string; warning: boolean } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), warning: this.item.backgroundColor !== undefined };
  }

  dispose(): void {
    this.following?.dispose();
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.item.dispose();
  }
}
