// The topology page: header, slot bar, shard cards and details panel, kept in step with the latest snapshot.
// Every refresh updates the existing elements (nodes keyed by name, cards by position) instead of rebuilding.
import * as l10n from '@vscode/l10n';
import type { ClusterChange } from '../../src/shared/snapshot-diff';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';
import type { ClusterAction, HeatMode, NodeAction, TopologyNotice, TopologyRequest, TopologyResult } from '../../src/shared/topology-protocol';
import type { Answer } from '../shared/page-channel';
import { DetailsView } from './details-view';
import { element, placeChildren } from './dom';
import { HeaderView } from './header-view';
import { formatSlotRanges, slotsText } from '../../src/shared/present';
import { buildTopologyView } from './layout';
import type { TopologyView } from './layout';
import { MigrationsView } from './migrations-view';
import { NodeView } from './node-view';
import { ShardCard } from './shard-card';
import { SlotBar } from './slot-bar';
import type { PersistedState } from './state';

export interface AppHost {
  request(request: TopologyRequest): Promise<Answer<TopologyResult>>;
  notify(notice: TopologyNotice): void;
  persist(state: PersistedState): void;
}

/** A request's answer as the page shows it: a sentence, and whether it says something failed. */
export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
}

export class TopologyApp {
  private readonly header = new HeaderView();
  private readonly slotBar: SlotBar;
  private readonly migrations: MigrationsView;
  private readonly grid = element('div', 'shards');
  private readonly empty = element('p', 'empty', l10n.t('Waiting for the cluster…'));
  private readonly details: DetailsView;
  private readonly cards: ShardCard[] = [];
  private readonly nodeViews = new Map<string, NodeView>();
  private snapshot: ClusterSnapshot | undefined;
  private selected: string | undefined;

  constructor(
    root: HTMLElement,
    private readonly host: AppHost,
  ) {
    this.details = new DetailsView(
      (action: NodeAction, node: string) => this.ask({ op: 'nodeAction', action, node }),
      () => this.select(undefined, false),
    );
    this.slotBar = new SlotBar({
      setHeatMode: (mode) => {
        host.notify({ type: 'setHeatMode', mode });
        this.persist();
      },
      moveSlots: (ranges, target) => this.ask({ op: 'moveSlots', ranges: ranges.map((range) => ({ start: range.start, end: range.end })), target }),
    });
    this.migrations = new MigrationsView((action: ClusterAction) => this.ask({ op: 'clusterAction', action }));
    // One delegated listener instead of one per node box.
    this.grid.addEventListener('click', (event) => {
      const box = (event.target as Element).closest<HTMLElement>('button.node');
      const node = box?.dataset.node;
      if (node !== undefined) this.select(node, true);
    });
    const main = element('main', 'topology');
    main.append(this.header.element, this.slotBar.element, this.migrations.element, this.empty, this.grid);
    const layout = element('div', 'page');
    layout.append(main, this.details.element);
    root.append(layout);
  }

  /** Back to what was shown before the page was hidden or reloaded; nothing is flashed or posted. */
  restore(state: PersistedState): void {
    this.selected = state.selected;
    // The extension forgets the heat mode when the page goes away: ask again.
    if (state.heatMode && state.heatMode !== 'off') this.slotBar.setMode(state.heatMode, true);
    if (state.snapshot) this.showSnapshot(state.snapshot, []);
    else this.details.update(this.selected, undefined);
  }

  showSnapshot(snapshot: ClusterSnapshot, changes: readonly ClusterChange[]): void {
    this.snapshot = snapshot;
    const view = buildTopologyView(snapshot);
    this.header.update(snapshot, changes);
    this.empty.hidden = snapshot.nodes.length > 0;
    if (snapshot.nodes.length === 0) this.empty.textContent = l10n.t('No cluster nodes. Start the cluster to see it here.');
    this.renderCards(view);
    this.slotBar.update(view, snapshot);
    this.migrations.update(snapshot);
    this.details.update(this.selected, snapshot);
    for (const change of changes) if ('node' in change) this.nodeViews.get(change.node)?.flash();
    this.persist();
  }

  /** `fromUser`: tell the extension (a selection the extension asked for is not echoed back). */
  select(node: string | undefined, fromUser: boolean): void {
    if (this.selected !== undefined) this.nodeViews.get(this.selected)?.setSelected(false);
    this.selected = node;
    if (node !== undefined) {
      const view = this.nodeViews.get(node);
      view?.setSelected(true);
      if (!fromUser) view?.scrollIntoView();
    }
    this.details.update(node, this.snapshot);
    this.persist();
    if (fromUser && node !== undefined) this.host.notify({ type: 'selectNode', node });
  }

  private renderCards(view: TopologyView): void {
    const seen = new Set<string>();
    const memberRows = (nodes: readonly NodeSnapshot[], linkReplicas: boolean): HTMLElement[] =>
      nodes.map((node) => {
        seen.add(node.name);
        const nodeView = this.nodeViewFor(node.name);
        nodeView.update(node, linkReplicas && node.role === 'replica');
        return nodeView.element;
      });

    const cardCount = view.shards.length + (view.unassignedNodes.length > 0 ? 1 : 0);
    while (this.cards.length < cardCount) this.cards.push(new ShardCard());
    this.cards.length = cardCount;

    view.shards.forEach((shardView, index) => {
      const { shard } = shardView;
      const slots = `${formatSlotRanges(shard.slots, 3) || l10n.t('no slots')} · ${slotsText(shard.slotCount)}`;
      const members = memberRows(shardView.members, shard.primary !== undefined);
      this.cards[index].update(shardView.label, slots, shardView.colorIndex, members);
    });
    if (view.unassignedNodes.length > 0) {
      this.cards[cardCount - 1].update(l10n.t('Not in a shard'), '', undefined, memberRows(view.unassignedNodes, false));
    }
    placeChildren(this.grid, this.cards.map((card) => card.element));

    for (const name of [...this.nodeViews.keys()]) {
      if (!seen.has(name)) this.nodeViews.delete(name);
    }
  }

  private nodeViewFor(name: string): NodeView {
    let view = this.nodeViews.get(name);
    if (!view) {
      view = new NodeView(name);
      view.setSelected(name === this.selected);
      this.nodeViews.set(name, view);
    }
    return view;
  }

  /** Asks the extension and resolves with its answer in one sentence. */
  private async ask(request: TopologyRequest): Promise<Outcome> {
    const answer = await this.host.request(request);
    return answer.ok ? { ok: true, message: answer.result } : { ok: false, message: answer.error };
  }

  get heatMode(): HeatMode {
    return this.slotBar.heatMode;
  }

  private persist(): void {
    this.host.persist({ snapshot: this.snapshot, selected: this.selected, heatMode: this.slotBar.heatMode });
  }
}
