// The sidebar tree: cluster → shards → primary and replicas → slots. Renders the latest snapshot; refreshes
// come from the SnapshotService, and the tree tells it when it is visible.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { SnapshotService } from './snapshot-service';
import { ClusterRow, NodeRow, ProblemRow, ShardRow, SlotsRow, TreeRow } from './tree-items';

export const TREE_VIEW_ID = 'valkeyCluster.tree';

/** States in which the tree is empty, so the welcome content shows. */
const EMPTY_STATES = new Set<ClusterSnapshot['state']>(['stopped', 'absent', 'noEngine']);

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private nodeRows = new Map<string, NodeRow>();
  private parents = new WeakMap<TreeRow, TreeRow>();

  constructor(private readonly snapshots: SnapshotService) {
    this.subscriptions.push(snapshots.onDidChange(({ snapshot }) => {
      void vscode.commands.executeCommand('setContext', 'valkeyCluster.state', snapshot.state);
      this.changed.fire(undefined);
    }));
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

  private async childrenOf(row?: TreeRow): Promise<TreeRow[]> {
    if (!row) {
      const snapshot = this.snapshots.latest ?? (await this.snapshots.refresh());
      if (!snapshot || EMPTY_STATES.has(snapshot.state)) return [];
      return [new ClusterRow(snapshot)];
    }
    switch (row.kind) {
      case 'cluster':
        return this.clusterChildren(row.snapshot);
      case 'shard': {
        const nodes = [row.shard.primary, ...row.shard.replicas].filter((node) => node !== undefined);
        const primaryName = row.shard.primary?.name;
        return nodes.map((node) => this.remember(new NodeRow(node, node.role === 'replica' ? primaryName : undefined)));
      }
      case 'node':
        return row.node.slots.length > 0 ? [new SlotsRow(row.node)] : [];
      case 'slots':
        return row.children();
      case 'slotGroup':
        return row.children();
      default:
        return [];
    }
  }

  private clusterChildren(snapshot: ClusterSnapshot): TreeRow[] {
    this.nodeRows = new Map();
    const inShards = new Set(snapshot.shards.flatMap((shard) => [shard.primary?.name, ...shard.replicas.map((node) => node.name)]));
    const loose = snapshot.nodes.filter((node) => !inShards.has(node.name)).map((node) => this.remember(new NodeRow(node)));
    return [
      ...snapshot.shards.map((shard, index) => new ShardRow(shard, index)),
      ...loose,
      ...snapshot.problems.map((problem, index) => new ProblemRow(problem, index)),
    ];
  }

  private remember(row: NodeRow): NodeRow {
    this.nodeRows.set(row.node.name, row);
    return row;
  }

  /** The row of a node, if the tree has rendered it. */
  nodeRow(name: string): NodeRow | undefined {
    return this.nodeRows.get(name);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
