// One target's "Valkey: Show Topology" webview panel: created on demand or revived by VS Code after a reload (see
// TopologyPanels). It only moves snapshots in and validated user intents out; it never talks to Docker or Valkey.
import * as vscode from 'vscode';
import type { ClusterChange } from '../shared/snapshot-diff';
import type { ClusterSnapshot } from '../shared/snapshot';
import { parseWebviewMessage } from '../shared/topology-protocol';
import type { ClusterAction, HeatMode, HostMessage, NodeAction, WebviewMessage } from '../shared/topology-protocol';
import type { SlotRange } from '../shared/snapshot';
import { WebviewChannel } from './webview-channel';
import { webviewPage } from './webview-html';
import { postToWebview } from './webview-posts';

export interface NodeActionRequest {
  readonly action: NodeAction;
  readonly node: string;
}

export interface MoveSlotsRequest {
  readonly seq: number;
  readonly ranges: readonly SlotRange[];
  readonly target: string;
}

export class TopologyPanel implements vscode.Disposable {
  static readonly viewType = 'valkeyCluster.topology';

  private readonly clusterActionEmitter = new vscode.EventEmitter<ClusterAction>();
  private readonly heatEmitter = new vscode.EventEmitter<HeatMode>();
  private readonly moveEmitter = new vscode.EventEmitter<MoveSlotsRequest>();
  /** A cluster-wide button of the page (Add Shard, Rebalance). */
  readonly onClusterAction = this.clusterActionEmitter.event;
  /** The slot bar's colouring changed ('off' also when the page goes away). */
  readonly onHeatMode = this.heatEmitter.event;
  /** Slots selected on the slot bar, to move to a primary of the latest snapshot; answer with answer(). */
  readonly onMoveSlots = this.moveEmitter.event;
  private heat: HeatMode = 'off';

  private readonly selectEmitter = new vscode.EventEmitter<string>();
  private readonly actionEmitter = new vscode.EventEmitter<NodeActionRequest>();
  private readonly visibilityEmitter = new vscode.EventEmitter<boolean>();
  /** A node the user clicked in the view. */
  readonly onDidSelectNode = this.selectEmitter.event;
  /** A button the user pressed in the details panel, for a node of the latest snapshot. */
  readonly onNodeAction = this.actionEmitter.event;
  /** The panel was shown or hidden (or closed: false), so the caller can refresh only while it is seen. */
  readonly onDidChangeVisibility = this.visibilityEmitter.event;

  private panel: vscode.WebviewPanel | undefined;
  private readonly channel: WebviewChannel;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly latestSnapshot: () => ClusterSnapshot | undefined,
    private readonly title: string,
  ) {
    this.channel = new WebviewChannel((message) => void (this.panel && postToWebview(this.panel.webview, 'topology', message)), latestSnapshot);
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the panel, or brings the open one to the front. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TopologyPanel.viewType,
      this.title,
      vscode.ViewColumn.Active,
      this.webviewOptions(),
    );
    this.adopt(panel);
  }

  /** For the serializer: takes over a panel VS Code restored after a reload (closing any other one). */
  revive(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    panel.title = this.title;
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
  }

  update(snapshot: ClusterSnapshot, changes: readonly ClusterChange[]): void {
    if (!this.panel) return; // a panel opened later asks latestSnapshot()
    this.send({ type: 'snapshot', snapshot, changes });
  }

  /** Tells the page how one of its requests ended. */
  answer(seq: number, ok: boolean, message: string): void {
    if (this.panel) this.send({ type: 'requestResult', seq, ok, message });
  }

  private setHeat(mode: HeatMode): void {
    if (mode === this.heat) return;
    this.heat = mode;
    this.heatEmitter.fire(mode);
  }

  /** Highlights `node` in the view (e.g. after a click in the tree). */
  select(node: string): void {
    if (!this.panel) return;
    this.send({ type: 'select', node });
  }

  dispose(): void {
    this.panel?.dispose();
    this.selectEmitter.dispose();
    this.actionEmitter.dispose();
    this.visibilityEmitter.dispose();
    this.clusterActionEmitter.dispose();
    this.heatEmitter.dispose();
    this.moveEmitter.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.channel.reset();
    panel.webview.html = webviewPage(panel.webview, this.extensionUri, 'topology', this.title);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // retainContextWhenHidden is off: hiding destroys the page, and showing it loads it again.
        if (!webviewPanel.visible) {
          this.channel.reset();
          // The page is destroyed with its heat mode; it asks again when it comes back.
          this.setHeat('off');
        }
        this.visibilityEmitter.fire(webviewPanel.visible);
      }),
    ];
    subscriptions.push(
      panel.onDidDispose(() => {
        for (const subscription of subscriptions) subscription.dispose();
        if (this.panel !== panel) return; // replaced by a revived panel meanwhile
        this.panel = undefined;
        this.channel.close();
        this.setHeat('off');
        this.visibilityEmitter.fire(false);
      }),
    );
    // VS Code reports view-state changes only: a new or revived panel's own visibility is said here.
    this.visibilityEmitter.fire(panel.visible);
  }

  private send(message: HostMessage): void {
    this.channel.send(message);
  }

  private receive(raw: unknown): void {
    const message: WebviewMessage | undefined = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.channel.onReady();
        return;
      case 'selectNode':
        this.selectEmitter.fire(message.node);
        return;
      case 'nodeAction':
        // Only nodes the cluster actually has: the page cannot name arbitrary containers.
        if (this.latestSnapshot()?.nodes.some((node) => node.name === message.node)) {
          this.actionEmitter.fire({ action: message.action, node: message.node });
        }
        return;
      case 'clusterAction':
        this.clusterActionEmitter.fire(message.action);
        return;
      case 'setHeatMode':
        this.setHeat(message.mode);
        return;
      case 'moveSlots':
        // Only primaries the cluster actually has; anything else is answered at once.
        if (this.latestSnapshot()?.nodes.some((node) => node.name === message.target)) this.moveEmitter.fire({ seq: message.seq, ranges: message.ranges, target: message.target });
        else this.answer(message.seq, false, vscode.l10n.t('{0} is not a node of this cluster.', message.target));
        return;
    }
  }
}
