// The sidebar tree: one root per target (the local cluster, then each connection) → shards → primary and replicas →
// slots. Renders each target's latest snapshot; refreshes come from their snapshot streams.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { TargetRegistry } from './targets/target-registry';
import { ActionRow, ClusterRow, MigrationsRow, NodeRow, ProblemRow, ShardRow, SlotsRow, type TreeRow } from './tree-items';

export const TREE_VIEW_ID = 'valkeyCluster.tree';

/** States of the local cluster in which, with no connection to show either, the tree is empty so the welcome
 * content (with its actions) shows. */
const WELCOME_STATES = new Set<ClusterSnapshot['state']>(['stopped', 'absent']);

/** States in which the view's message says what is wrong (VS Code shows no welcome content under a message), and
 * the rows offer what to do about it. */
export const PROBLEM_STATES: ReadonlySet<ClusterSnapshot['state']> = new Set(['misconfigured', 'noEngine']);

function problemActions(state: ClusterSnapshot['state']): ActionRow[] {
  const openSettings = new ActionRow(vscode.l10n.t('Open Settings'), 'gear', { title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', arguments: ['valkeyCluster'] });
  const showLog = new ActionRow(vscode.l10n.t('Show Log'), 'output', { title: vscode.l10n.t('Show Log'), command: 'valkeyCluster.showLog' });
  if (state !== 'noEngine') return [openSettings, showLog];
  return [
    new ActionRow(vscode.l10n.t('Select Docker Engine'), 'server-environment', { title: vscode.l10n.t('Select Docker Engine'), command: 'valkeyCluster.selectEngine' }),
    new ActionRow(vscode.l10n.t('Refresh'), 'refresh', { title: vscode.l10n.t('Refresh'), command: 'valkeyCluster.refresh' }),
    openSettings,
    showLog,
  ];
}

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly targetSubscriptions = new Map<string, { dispose(): void }>();
  /** Node rows by target id and node name, for reveal. */
  private nodeRows = new Map<string, NodeRow>();
  private parents = new WeakMap<TreeRow, TreeRow>();

  constructor(private readonly targets: TargetRegistry) {
    this.subscriptions.push(
      { dispose: () => this.targetSubscriptions.forEach((subscription) => subscription.dispose()) },
      targets.onDidChange(() => this.follow()),
    );
    this.follow();
  }

  /** Listens to every target's snapshots (and stops listening to removed ones). */
  private follow(): void {
    const ids = new Set(this.targets.all().map((target) => target.id));
    for (const [id, subscription] of this.targetSubscriptions) {
      if (ids.has(id)) continue;
      subscription.dispose();
      this.targetSubscriptions.delete(id);
    }
    for (const target of this.targets.all()) {
      if (this.targetSubscriptions.has(target.id)) continue;
      this.targetSubscriptions.set(target.id, target.snapshots.onDidChange(({ snapshot }) => {
        if (target.kind === 'local') void vscode.commands.executeCommand('setContext', 'valkeyCluster.state', snapshot.state);
        this.changed.fire(undefined);
      }));
    }
    this.changed.fire(undefined);
  }

  getTreeItem(row: TreeRow): vscode.TreeItem {
    return row;
  }

  /** Needed by TreeView.reveal (a node selected in the topology view is revealed in the tree). */
  getParent(row: TreeRow): TreeRow | undefined {
    return this.parents.get(row);
  }

  async getChildren(row?: TreeRow): Promise<TreeRow[]> {
    const children = await this.childrenOf(row);
    for (const child of children) if (row) this.parents.set(child, row);
    return children;
  }

  private async roots(): Promise<TreeRow[]> {
    const snapshots = await Promise.all(this.targets.all().map(async (target) => target.snapshots.latest ?? target.snapshots.refresh()));
    const [local, ...connections] = snapshots;
    if (connections.length === 0 && this.targets.storeProblems.length === 0) {
      if (!local || WELCOME_STATES.has(local.state)) return [];
      return PROBLEM_STATES.has(local.state) ? problemActions(local.state) : [new ClusterRow(local)];
    }
    return [
      ...snapshots.filter((snapshot): snapshot is ClusterSnapshot => snapshot !== undefined).map((snapshot) => new ClusterRow(snapshot, true)),
      ...this.targets.storeProblems.map((problem, index) => new ProblemRow(problem, index, 'connections')),
    ];
  }

  private async childrenOf(row?: TreeRow): Promise<TreeRow[]> {
    if (!row) return this.roots();
    switch (row.kind) {
      case 'cluster':
        return this.clusterChildren(row.snapshot);
      case 'shard': {
        const nodes = [row.shard.primary, ...row.shard.replicas].filter((node) => node !== undefined);
        const primaryName = row.shard.primary?.name;
        return nodes.map((node) => this.remember(new NodeRow(node, row.target, node.role === 'replica' ? primaryName : undefined)));
      }
      case 'node':
        return row.node.slots.length > 0 ? [new SlotsRow(row.node, row.target.id)] : [];
      case 'slots':
        return row.children();
      case 'slotGroup':
        return row.children();
      case 'migrations':
        return row.children();
      default:
        return [];
    }
  }

  private clusterChildren(snapshot: ClusterSnapshot): TreeRow[] {
    const target = snapshot.target;
    for (const key of [...this.nodeRows.keys()]) if (key.startsWith(`${target.id}\n`)) this.nodeRows.delete(key);
    const inShards = new Set(snapshot.shards.flatMap((shard) => [shard.primary?.name, ...shard.replicas.map((node) => node.name)]));
    const loose = snapshot.nodes.filter((node) => !inShards.has(node.name)).map((node) => this.remember(new NodeRow(node, target)));
    return [
      ...(snapshot.migrations && snapshot.migrations.length > 0 ? [new MigrationsRow(snapshot.migrations, target)] : []),
      ...snapshot.shards.map((shard, index) => new ShardRow(shard, index, target)),
      ...loose,
      ...snapshot.problems.map((problem, index) => new ProblemRow(problem, index, target.id)),
    ];
  }

  private remember(row: NodeRow): NodeRow {
    this.nodeRows.set(`${row.target.id}\n${row.node.name}`, row);
    return row;
  }

  /** The row of a node of a target, if the tree has rendered it. */
  nodeRow(targetId: string, name: string): NodeRow | undefined {
    return this.nodeRows.get(`${targetId}\n${name}`);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
