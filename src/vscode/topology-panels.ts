// A topology panel per target, each fed by its target's snapshots, and the one serializer that brings them back
// after a reload (the page keeps its last snapshot, which names its target). Needs the activation event
// `onWebviewPanel:valkeyCluster.topology` so the extension is active when VS Code asks.
import * as vscode from 'vscode';
import type { TopologyRequest, TopologyResult } from '../shared/topology-protocol';
import type { Log } from './log';
import { TopologyPanel } from './topology-panel';
import type { Target } from './targets/target';
import type { TargetRegistry } from './targets/target-registry';

export interface TargetNode {
  readonly targetId: string;
  readonly node: string;
}

interface Entry {
  readonly panel: TopologyPanel;
  readonly subscriptions: { dispose(): void }[];
}

export class TopologyPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly selectEmitter = new vscode.EventEmitter<TargetNode>();
  /** A node the user clicked in a panel. */
  readonly onDidSelectNode = this.selectEmitter.event;
  private readonly shownEmitter = new vscode.EventEmitter<string>();
  /** A panel came into view (the target's id). */
  readonly onDidShow = this.shownEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly targets: TargetRegistry,
    /** Carries out what a panel's page asks, for its target. */
    private readonly handle: (target: Target, request: TopologyRequest) => Promise<TopologyResult>,
    private readonly log: Log,
  ) {
    this.subscription = targets.onDidChange(() => {
      for (const [id, entry] of this.entries) if (!targets.get(id)) this.close(id, entry);
    });
  }

  get anyVisible(): boolean {
    return [...this.entries.values()].some((entry) => entry.panel.visible);
  }

  show(target: Target): void {
    this.entryFor(target).panel.show();
  }

  select(targetId: string, node: string): void {
    this.entries.get(targetId)?.panel.select(node);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(TopologyPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const id = (state as { snapshot?: { target?: { id?: unknown } } } | undefined)?.snapshot?.target?.id;
        const target = (typeof id === 'string' ? this.targets.get(id) : undefined) ?? this.targets.local;
        this.entryFor(target).panel.revive(panel);
      },
    });
  }

  private entryFor(target: Target): Entry {
    const existing = this.entries.get(target.id);
    if (existing) return existing;
    const title = target.kind === 'local' ? vscode.l10n.t('Valkey Topology') : vscode.l10n.t('Valkey Topology: {0}', target.label);
    const panel = new TopologyPanel(this.extensionUri, () => target.snapshots.latest, title, (request) => this.handle(target, request), this.log);
    const entry: Entry = {
      panel,
      subscriptions: [
        target.snapshots.onDidChange(({ snapshot, changes }) => panel.update(snapshot, changes)),
        panel.onDidChangeVisibility((visible) => {
          target.snapshots.setVisible('topology', visible);
          if (visible) this.shownEmitter.fire(target.id);
        }),
        panel.onDidSelectNode((node) => this.selectEmitter.fire({ targetId: target.id, node })),
        // Slot statistics are asked for only while a panel shows heat.
        panel.onHeatMode((mode) => {
          target.setSlotStats(mode !== 'off');
          if (mode !== 'off') void target.snapshots.refresh();
        }),
      ],
    };
    this.entries.set(target.id, entry);
    return entry;
  }

  private close(id: string, entry: Entry): void {
    entry.subscriptions.forEach((subscription) => subscription.dispose());
    entry.panel.dispose();
    this.entries.delete(id);
  }

  dispose(): void {
    for (const [id, entry] of this.entries) this.close(id, entry);
    this.subscription.dispose();
    this.selectEmitter.dispose();
    this.shownEmitter.dispose();
  }
}
