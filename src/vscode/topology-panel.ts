// One target's "Valkey: Show Topology" webview panel: created on demand or revived by VS Code after a reload (see
// TopologyPanels). It moves snapshots in and validated requests and notices out, through the shared WebviewHost;
// what a request does is the caller's `handle` (it never talks to Docker or Valkey itself).
import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { ClusterChange } from '../shared/snapshot-diff';
import type { ClusterSnapshot } from '../shared/snapshot';
import { parseWebviewMessage } from '../shared/topology-protocol';
import type { HeatMode, TopologyNotice, TopologyPush, TopologyRequest, TopologyResult } from '../shared/topology-protocol';
import type { Log } from './log';
import { WebviewHost } from './webview-host';
import { webviewPage } from './webview-html';
import { postingThrough } from './webview-posts';
import { EXTENSION_WORDS } from './wording';

export class TopologyPanel implements vscode.Disposable {
  static readonly viewType = 'valkeyCluster.topology';

  private readonly heatEmitter = new vscode.EventEmitter<HeatMode>();
  /** The slot bar's colouring changed ('off' also when the page goes away). */
  readonly onHeatMode = this.heatEmitter.event;
  private heat: HeatMode = 'off';

  private readonly selectEmitter = new vscode.EventEmitter<string>();
  private readonly visibilityEmitter = new vscode.EventEmitter<boolean>();
  /** A node the user clicked in the view. */
  readonly onDidSelectNode = this.selectEmitter.event;
  /** The panel was shown or hidden (or closed: false), so the caller can refresh only while it is seen. */
  readonly onDidChangeVisibility = this.visibilityEmitter.event;

  private panel: vscode.WebviewPanel | undefined;
  private readonly host: WebviewHost<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>;

  constructor(
    private readonly extensionUri: vscode.Uri,
    latestSnapshot: () => ClusterSnapshot | undefined,
    private readonly title: string,
    /** Carries out what the page asks (a node action, Add Shard, Rebalance, a slot move); throws to refuse. */
    handle: (request: TopologyRequest) => Promise<TopologyResult>,
    log: Log,
  ) {
    this.host = new WebviewHost({
      name: 'Topology page',
      parse: parseWebviewMessage,
      handle,
      notice: (notice) => {
        if (notice.type === 'selectNode') this.selectEmitter.fire(notice.node);
        else this.setHeat(notice.mode);
      },
      // A page opened (or shown again) after the latest snapshot was taken starts from it.
      initial: () => {
        const latest = latestSnapshot();
        return latest ? [{ type: 'snapshot', snapshot: latest, changes: [] }] : [];
      },
      describeError: (error) => describeError(error, EXTENSION_WORDS),
      refused: vscode.l10n.t('The extension refused this request (malformed): nothing was changed.'),
      log: (line) => log.warn(line),
    });
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
    if (!this.panel) return; // a panel opened later starts from the latest snapshot
    this.host.post({ type: 'snapshot', snapshot, changes });
  }

  private setHeat(mode: HeatMode): void {
    if (mode === this.heat) return;
    this.heat = mode;
    this.heatEmitter.fire(mode);
  }

  /** Highlights `node` in the view (e.g. after a click in the tree). */
  select(node: string): void {
    if (!this.panel) return;
    this.host.post({ type: 'select', node });
  }

  dispose(): void {
    this.panel?.dispose();
    this.host.close();
    this.selectEmitter.dispose();
    this.visibilityEmitter.dispose();
    this.heatEmitter.dispose();
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
    this.host.attach(postingThrough(panel.webview, 'topology'));
    panel.webview.html = webviewPage(panel.webview, this.extensionUri, 'topology', this.title);
    const subscriptions = [
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // retainContextWhenHidden is off: hiding destroys the page, and showing it loads it again.
        if (!webviewPanel.visible) {
          this.host.reload();
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
        this.host.close();
        this.setHeat('off');
        this.visibilityEmitter.fire(false);
      }),
    );
    // VS Code reports view-state changes only: a new or revived panel's own visibility is said here.
    this.visibilityEmitter.fire(panel.visible);
  }
}
