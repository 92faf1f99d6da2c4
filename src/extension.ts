// Composition root: builds the adapters around the core and registers them. Activation does no I/O; the first
// snapshot is taken when a view becomes visible or a command runs.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ClusterSnapshot } from './shared/snapshot';
import { keySpaceOf } from './core/keys/key-space';
import { secretFilePaths } from './core/secrets';
import { ClusterController } from './vscode/cluster-controller';
import { ClusterTreeProvider, PROBLEM_STATES, TREE_VIEW_ID } from './vscode/cluster-tree';
import type { ConsoleOutput } from './vscode/commands/context';
import { commandRegistrar, registerCommands } from './vscode/commands/register';
import { Log } from './vscode/log';
import { PasswordStore } from './vscode/password-store';
import { SECTION, refreshIntervalMs } from './vscode/settings';
import { watchShapeSettings } from './vscode/shape-settings';
import { ClusterStatusBar } from './vscode/status-bar';
import { affectsConnections, ConnectionStore } from './vscode/targets/connection-store';
import { LocalTarget } from './vscode/targets/local-target';
import { TargetRegistry } from './vscode/targets/target-registry';
import { topologyActions } from './vscode/topology-actions';
import { TopologyPanels } from './vscode/topology-panels';
import type { TreeRow } from './vscode/tree-items';
import { Emitter } from './core/emitter';
import { type KeyBrowser, registerKeyBrowser } from './vscode/keys/register';
import { trackWalkthrough } from './vscode/walkthrough';
import { onDidPostToWebview, type PostedMessage } from './vscode/webview-posts';

/** What the extension exposes to its own tests (and to other extensions): read-only views of its state. */
export interface ValkeyClusterApi {
  /** The local cluster's latest snapshot. */
  latestSnapshot(): ClusterSnapshot | undefined;
  refresh(): Promise<ClusterSnapshot | undefined>;
  /** Every target's latest snapshot: the local cluster first, then each connection. */
  snapshots(): (ClusterSnapshot | undefined)[];
  treeChildren(row?: TreeRow): Promise<TreeRow[]>;
  topologyVisible(): boolean;
  /** Log lines that carried a secret and were masked: 0 unless something tried to log one. */
  logRedactions(): number;
  /** What each terminal of the extension (console, log, shell) writes (VS Code gives no way to read a terminal's screen). */
  onDidWriteConsole: vscode.Event<ConsoleOutput>;
  /** The Keys view. */
  readonly keys: KeyBrowser;
  /** The message above the tree: why the local cluster cannot be shown (a setting, the engine), else undefined. */
  treeMessage(): string | undefined;
  /** Each failure a command reports to the user, as worded for them. */
  onDidReportError: vscode.Event<string>;
  /** The local cluster's settings whose value changed since the last operation or refresh read them. */
  onDidChangeSettings: vscode.Event<readonly string[]>;
  /** Each message posted to a webview (topology, key editor). */
  onDidPostToWebview: vscode.Event<PostedMessage>;
  /** What the status bar item shows now. */
  statusBar(): ReturnType<ClusterStatusBar['shown']>;
  /** Each notice that this client took the local cluster's password from its secret file. */
  onDidAdoptPassword: vscode.Event<string>;
  /** Where the local cluster's password file is (not what it holds). */
  passwordFile(): string;
  /** Forgets this client's stored copy of the local cluster's password (a new client's state); the file is kept. */
  forgetStoredPassword(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ValkeyClusterApi {
  // The shared presenters (state words, counts; also used by the CLI and the webviews) translate through
  // @vscode/l10n: it gets the bundle VS Code chose for this extension. Without one (English) it keeps the English text.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = new Log();
  const passwords = new PasswordStore(context.secrets);
  const controller = new ClusterController(context, passwords, log);
  const local = new LocalTarget(controller, refreshIntervalMs());
  const targets = new TargetRegistry(local, new ConnectionStore(context.secrets), refreshIntervalMs(), context.globalState);
  const tree = new ClusterTreeProvider(targets);
  const treeView = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const registrar = commandRegistrar(context, controller);
  // A page's requests run the commands' handlers (registered below: the commands need the panels to show them).
  const topology = new TopologyPanels(context.extensionUri, targets, topologyActions(registrar.run), log);
  const consoleOutput = new vscode.EventEmitter<ConsoleOutput>();
  const consoleCommandRan = new vscode.EventEmitter<void>();
  const statusBar = new ClusterStatusBar(targets);

  context.subscriptions.push(
    log, controller, targets, tree, treeView, topology, consoleOutput, consoleCommandRan, statusBar,
    topology.registerSerializer(),
    treeView.onDidChangeVisibility((event) => targets.setVisible('tree', event.visible)),
    treeView.onDidChangeSelection((event) => {
      const row = event.selection[0];
      const target = row?.kind === 'cluster' ? targets.get(row.snapshot.target.id) : row?.kind === 'node' ? targets.get(row.target.id) : undefined;
      if (target) targets.setActive(target);
      if (row?.kind === 'node') topology.select(row.target.id, row.node.name);
    }),
    topology.onDidSelectNode(({ targetId, node }) => {
      const row = tree.nodeRow(targetId, node);
      if (row && treeView.visible) void treeView.reveal(row, { select: true, focus: false });
    }),
    // The reason goes above the tree; its rows offer what to do (see PROBLEM_STATES).
    local.snapshots.onDidChange(({ snapshot }) => {
      treeView.message = PROBLEM_STATES.has(snapshot.state) && snapshot.problems.length > 0 ? snapshot.problems.join(' ') : undefined;
    }),
    watchShapeSettings(local),
    // Refreshes beyond the views' timers: the local cluster's container events (from the engine and project in use,
    // followed from the first build on: activation does no I/O), the end of each operation, changes of settings.
    controller.onDidBuild((setup) => local.refreshes.follow(setup.containerChanges)),
    controller.onDidEndOperation((targetId) => targets.get(targetId)?.refreshes.request()),
    controller.onDidChangeSettings((keys) => {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Valkey: {0} changed; the next operation uses the new value.', keys.map((key) => `${SECTION}.${key}`).join(', ')), 10_000);
      local.refreshes.request();
    }),
    passwords.onDidChange(() => local.invalidate()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const target of targets.all()) target.refreshes.request();
    }),
    targets.store.onDidChangePassword((id) => {
      const target = targets.get(id);
      target?.invalidate();
      target?.refreshes.request();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Every event, whatever it names: VS Code can change a setting of ours with an event that leaves it out.
      controller.checkSettings();
      if (affectsConnections(event)) targets.reload();
      if (!event.affectsConfiguration(SECTION)) return;
      local.invalidate();
      targets.setInterval(refreshIntervalMs());
      local.refreshes.request();
    }),
    trackWalkthrough({ localSnapshots: local.snapshots.onDidChange, treeVisible: () => treeView.visible,
      treeVisibility: treeView.onDidChangeVisibility, consoleCommandRan: consoleCommandRan.event, topologyShown: topology.onDidShow }),
    ...registerCommands({ extension: context, controller, targets, passwords, topology, consoleOutput, consoleCommandRan, log }, registrar.register),
  );
  void vscode.commands.executeCommand('setContext', 'valkeyCluster.state', 'absent');
  const keys = registerKeyBrowser(context, activeKeySpace(targets, context.subscriptions), registrar.register, log);

  return {
    latestSnapshot: () => local.snapshots.latest,
    refresh: () => local.snapshots.refresh(),
    snapshots: () => targets.all().map((target) => target.snapshots.latest),
    treeChildren: (row) => tree.getChildren(row),
    topologyVisible: () => topology.anyVisible,
    logRedactions: () => log.redactions,
    onDidWriteConsole: consoleOutput.event,
    keys,
    treeMessage: () => treeView.message,
    onDidReportError: controller.onDidReport,
    onDidChangeSettings: controller.onDidChangeSettings,
    statusBar: () => statusBar.shown(),
    onDidPostToWebview,
    onDidAdoptPassword: controller.onDidAdoptPassword,
    passwordFile: () => secretFilePaths(controller.passwordPlace().secretsDirectory).passwordFile,
    forgetStoredPassword: () => passwords.forget(controller.passwordPlace()),
  };
}

/** The Keys view browses the active target (the cluster last chosen in the tree or by a command). */
function activeKeySpace(targets: TargetRegistry, subscriptions: vscode.Disposable[]) {
  const changed = new Emitter<void>();
  let following = targets.active.snapshots.onDidChange(() => changed.fire());
  subscriptions.push(changed, { dispose: () => following.dispose() }, targets.onDidChangeActive((target) => {
    following.dispose();
    following = target.snapshots.onDidChange(() => changed.fire());
    changed.fire();
  }));
  return {
    space: async () => {
      const target = targets.active;
      const snapshot = target.snapshots.latest ?? (await target.snapshots.refresh());
      if (!snapshot || snapshot.nodes.every((node) => node.health !== 'online')) return undefined;
      const access = await target.access();
      const space = keySpaceOf(snapshot, access.hub);
      return space.primaries().length > 0 ? { ...space, readOnly: access.readOnly } : undefined;
    },
    onDidChangeSnapshot: changed.event,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
