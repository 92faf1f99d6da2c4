// Composition root: builds the adapters around the core and registers them. Activation does no I/O; the first
// snapshot is taken when a view becomes visible or a command runs.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from './shared/snapshot';
import { keySpaceOf } from './core/keys/key-space';
import { ClusterController } from './vscode/cluster-controller';
import { ClusterTreeProvider, TREE_VIEW_ID } from './vscode/cluster-tree';
import { registerCommands } from './vscode/commands/register';
import { Log } from './vscode/log';
import { PasswordStore } from './vscode/password-store';
import { SECTION, refreshIntervalMs } from './vscode/settings';
import { SnapshotService } from './vscode/snapshot-service';
import { ClusterStatusBar } from './vscode/status-bar';
import { TopologyPanel } from './vscode/topology-panel';
import type { TreeRow } from './vscode/tree-items';
import { KeyBrowser, registerKeyBrowser } from './vscode/keys/register';

const NODE_ACTION_COMMANDS = {
  openConsole: 'valkeyCluster.openNodeConsole',
  showLogs: 'valkeyCluster.showNodeLogs',
  stopNode: 'valkeyCluster.stopNode',
  startNode: 'valkeyCluster.startNode',
  failover: 'valkeyCluster.failover',
  copyAddress: 'valkeyCluster.copyNodeAddress',
} as const;

/** What the extension exposes to its own tests (and to other extensions): read-only views of its state. */
export interface ValkeyClusterApi {
  latestSnapshot(): ClusterSnapshot | undefined;
  refresh(): Promise<ClusterSnapshot | undefined>;
  treeChildren(row?: TreeRow): Promise<TreeRow[]>;
  topologyVisible(): boolean;
  /** Log lines that carried a secret and were masked: 0 unless something tried to log one. */
  logRedactions(): number;
  /** The Keys view. */
  readonly keys: KeyBrowser;
}

export function activate(context: vscode.ExtensionContext): ValkeyClusterApi {
  const log = new Log();
  const passwords = new PasswordStore(context.secrets);
  const controller = new ClusterController(context, passwords, log);
  const snapshots = new SnapshotService(() => controller.collect(), refreshIntervalMs());
  const tree = new ClusterTreeProvider(snapshots);
  const treeView = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const topology = new TopologyPanel(context.extensionUri, () => snapshots.latest);

  context.subscriptions.push(
    log, controller, snapshots, tree, treeView, topology,
    new ClusterStatusBar(snapshots),
    topology.registerSerializer(),
    treeView.onDidChangeVisibility((event) => snapshots.setVisible('tree', event.visible)),
    topology.onDidChangeVisibility((visible) => snapshots.setVisible('topology', visible)),
    snapshots.onDidChange(({ snapshot, changes }) => topology.update(snapshot, changes)),
    treeView.onDidChangeSelection((event) => {
      const row = event.selection[0];
      if (row?.kind === 'node') topology.select(row.node.name);
    }),
    topology.onDidSelectNode((name) => {
      const row = tree.nodeRow(name);
      if (row && treeView.visible) void treeView.reveal(row, { select: true, focus: false });
    }),
    topology.onNodeAction(({ action, node }) => void vscode.commands.executeCommand(NODE_ACTION_COMMANDS[action], node)),
    passwords.onDidChange(() => controller.invalidate()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      controller.invalidate();
      snapshots.setInterval(refreshIntervalMs());
      void snapshots.refresh();
    }),
    ...registerCommands({ extension: context, controller, snapshots, passwords, topology }),
  );
  void vscode.commands.executeCommand('setContext', 'valkeyCluster.state', 'absent');
  // The Keys view browses the local cluster; this one function is where it learns which cluster that is.
  const keys = registerKeyBrowser(context, {
    space: async () => {
      const snapshot = snapshots.latest ?? (await snapshots.refresh());
      const space = snapshot && keySpaceOf(snapshot, (await controller.setup()).reach);
      return space && space.primaries().length > 0 ? space : undefined;
    },
    onDidChangeSnapshot: snapshots.onDidChange,
  });

  return {
    latestSnapshot: () => snapshots.latest,
    refresh: () => snapshots.refresh(),
    treeChildren: (row) => tree.getChildren(row),
    topologyVisible: () => topology.visible,
    logRedactions: () => log.redactions,
    keys,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
