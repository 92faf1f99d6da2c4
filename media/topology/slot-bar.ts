// The 16384-slot bar. Drawn on a canvas at one rectangle per run of same-owner pixel columns, so a
// cluster with thousands of fragmented ranges costs no more than a 3-shard one. Hover names range and owner.
// Heat mode colours each column by its hottest slot (keys or CPU from CLUSTER SLOT-STATS, asked only while on);
// running migrations are marked above their slots; a drag selects a range to move to another shard.
import * as l10n from '@vscode/l10n';
import type { ClusterSnapshot, SlotRange } from '../../src/shared/snapshot';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import type { HeatMode } from '../../src/shared/topology-protocol';
import { element, setText } from './dom';
import { formatCount, formatSlotRange, slotsText } from '../../src/shared/present';
import { UNASSIGNED, barSegments, segmentAt, slotAt } from './layout';
import type { TopologyView } from './layout';
import { SHARD_COLOR_VARIABLES, UNASSIGNED_COLOR_VARIABLE } from './palette';
import { dragRange, heatColumns, heatLevel } from './slot-heat';

const heatLabel = (mode: HeatMode): string => (mode === 'off' ? l10n.t('Shards') : mode === 'keys' ? l10n.t('Keys') : l10n.t('CPU'));
const HEAT_MODES: readonly HeatMode[] = ['off', 'keys', 'cpu'];
const HEAT_COLOR_VARIABLE = '--vscode-charts-red';
const MIGRATION_COLOR_VARIABLE = '--vscode-editorWarning-foreground';
/** A press that moves less than this is a click, not a selection. */
const DRAG_PIXELS = 3;

export interface SlotBarHost {
  setHeatMode(mode: HeatMode): void;
  /** Asks to move the ranges to `target`'s shard; resolves with what the extension answered. */
  moveSlots(ranges: readonly SlotRange[], target: string): Promise<{ ok: boolean; message: string }>;
}

export class SlotBar {
  readonly element = element('section', 'slot-bar');
  private readonly canvas = element('canvas', 'slot-canvas');
  private readonly tooltip = element('div', 'slot-tooltip');
  private readonly highlight = element('div', 'slot-selection-box');
  private readonly heatNote = element('span', 'heat-note');
  private readonly modeButtons = new Map<HeatMode, HTMLButtonElement>();
  private readonly selectionBar = element('div', 'slot-selection');
  private readonly selectionText = element('span', 'selection-text');
  private readonly targetPicker = element('select', 'selection-target');
  private readonly moveButton = element('button', 'action', l10n.t('Move…'));
  private readonly result = element('span', 'selection-result');
  private view: TopologyView | undefined;
  private snapshot: ClusterSnapshot | undefined;
  private mode: HeatMode = 'off';
  private selection: SlotRange | undefined;
  private dragFrom: number | undefined;

  constructor(private readonly host: SlotBarHost) {
    const heading = element('h2', 'section-title', l10n.t('Slots'));
    const modes = element('div', 'heat-modes');
    modes.setAttribute('role', 'group');
    modes.setAttribute('aria-label', l10n.t('Colour slots by'));
    for (const mode of HEAT_MODES) {
      const button = element('button', 'heat-mode', heatLabel(mode));
      button.type = 'button';
      button.addEventListener('click', () => this.setMode(mode, true));
      this.modeButtons.set(mode, button);
      modes.append(button);
    }
    const header = element('div', 'slot-bar-header');
    header.append(heading, modes, this.heatNote);
    const frame = element('div', 'slot-frame');
    this.canvas.setAttribute('role', 'img');
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.highlight.hidden = true;
    frame.append(this.canvas, this.highlight, this.tooltip);
    const scale = element('div', 'slot-scale');
    scale.append(element('span', undefined, '0'), element('span', undefined, String(TOTAL_SLOTS - 1)));
    this.targetPicker.setAttribute('aria-label', l10n.t('Shard to move the slots to'));
    this.moveButton.type = 'button';
    this.moveButton.addEventListener('click', () => void this.move());
    const clear = element('button', 'action', l10n.t('Clear'));
    clear.type = 'button';
    clear.addEventListener('click', () => this.select(undefined));
    this.result.setAttribute('aria-live', 'polite');
    this.selectionBar.append(this.selectionText, element('span', undefined, '→'), this.targetPicker, this.moveButton, clear, this.result);
    this.selectionBar.hidden = true;
    const hint = element('p', 'slot-hint', l10n.t('Drag across the bar to select slots to move to another shard.'));
    this.element.append(header, frame, scale, this.selectionBar, hint);
    this.setMode('off', false);

    this.canvas.addEventListener('mousemove', (event) => this.onMove(event.offsetX));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    this.canvas.addEventListener('mousedown', (event) => {
      if (event.button === 0 && this.movable()) this.dragFrom = event.offsetX;
    });
    window.addEventListener('mouseup', (event) => this.endDrag(event));
    // Redraw when the width changes and when the theme changes (VS Code rewrites body class / html style).
    new ResizeObserver(() => this.draw()).observe(this.canvas);
    const themeObserver = new MutationObserver(() => this.draw());
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  get heatMode(): HeatMode {
    return this.mode;
  }

  /** `tell`: the user chose it (the extension is asked for slot stats); otherwise a restore or a reset. */
  setMode(mode: HeatMode, tell: boolean): void {
    this.mode = mode;
    for (const [each, button] of this.modeButtons) button.setAttribute('aria-pressed', String(each === mode));
    if (tell) this.host.setHeatMode(mode);
    this.updateNote();
    this.draw();
  }

  update(view: TopologyView, snapshot: ClusterSnapshot): void {
    this.view = view;
    this.snapshot = snapshot;
    const assigned = view.slotSegments.reduce((sum, s) => sum + (s.owner === UNASSIGNED ? 0 : s.end - s.start + 1), 0);
    this.canvas.setAttribute('aria-label', l10n.t('Slot map: {0} of {1} slots assigned across {2} shards', assigned, TOTAL_SLOTS, view.shards.length));
    this.element.classList.toggle('read-only', !this.movable());
    if (!this.movable()) this.select(undefined);
    else this.fillTargets();
    this.updateNote();
    this.draw();
  }

  private movable(): boolean {
    return this.snapshot !== undefined && !this.snapshot.target.readOnly && this.snapshot.mode === 'cluster' && this.snapshot.state === 'ok';
  }

  private updateNote(): void {
    const stats = this.snapshot?.slotStats;
    const text = this.mode === 'off' ? ''
      : !stats ? l10n.t('Waiting for slot statistics…')
        : this.mode === 'cpu' && !stats.cpuUsec ? l10n.t('The servers do not count CPU per slot (cluster-slot-stats-enabled is no); showing nothing.')
          : this.hottestText(Math.max(...(this.mode === 'cpu' ? stats.cpuUsec ?? [] : stats.keys)));
    setText(this.heatNote, text);
  }

  /** "Hottest slot: 1,204 keys" (or µs of CPU). */
  private hottestText(value: number): string {
    return this.mode === 'cpu' ? l10n.t('Hottest slot: {0} µs CPU', formatCount(value)) : l10n.t('Hottest slot: {0} keys', formatCount(value));
  }

  /** " · slot 12: 40 keys" for the tooltip. */
  private slotHeatText(slot: number, value: number): string {
    return this.mode === 'cpu' ? l10n.t('slot {0}: {1} µs CPU', slot, formatCount(value)) : l10n.t('slot {0}: {1} keys', slot, formatCount(value));
  }

  private heatValues(): readonly number[] | undefined {
    const stats = this.snapshot?.slotStats;
    if (!stats || this.mode === 'off') return undefined;
    return this.mode === 'cpu' ? stats.cpuUsec : stats.keys;
  }

  private draw(): void {
    const view = this.view;
    const cssWidth = this.canvas.clientWidth;
    if (!view || cssWidth === 0) return; // not laid out yet: the ResizeObserver calls again
    const scale = window.devicePixelRatio || 1;
    const width = Math.round(cssWidth * scale);
    const height = Math.round(this.canvas.clientHeight * scale);
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const context = this.canvas.getContext('2d');
    if (!context) return;

    const style = getComputedStyle(this.canvas);
    const shardColors = SHARD_COLOR_VARIABLES.map((name) => style.getPropertyValue(name).trim());
    const unassignedColor = style.getPropertyValue(UNASSIGNED_COLOR_VARIABLE).trim();
    context.clearRect(0, 0, width, height);
    const heat = this.heatValues();
    if (heat) {
      const columns = heatColumns(heat, width);
      const hottest = Math.max(0, ...columns);
      context.fillStyle = style.getPropertyValue(HEAT_COLOR_VARIABLE).trim();
      columns.forEach((value, x) => {
        context.globalAlpha = 0.08 + 0.92 * heatLevel(value, hottest);
        context.fillRect(x, 0, 1, height);
      });
      context.globalAlpha = 1;
    } else {
      for (const segment of barSegments(view.slotSegments, width)) {
        const owner = view.shards[segment.owner];
        context.fillStyle = owner ? shardColors[owner.colorIndex] : unassignedColor;
        context.fillRect(segment.x, 0, segment.width, height);
      }
    }
    // Slots on the move: a band along the top edge.
    context.fillStyle = style.getPropertyValue(MIGRATION_COLOR_VARIABLE).trim();
    for (const migration of this.snapshot?.migrations ?? []) {
      if (migration.outcome !== 'running') continue;
      for (const range of migration.ranges) {
        const x = Math.floor((range.start * width) / TOTAL_SLOTS);
        const end = Math.ceil(((range.end + 1) * width) / TOTAL_SLOTS);
        context.fillRect(x, 0, Math.max(1, end - x), Math.max(2, Math.round(height / 5)));
      }
    }
  }

  private onMove(offsetX: number): void {
    if (this.dragFrom !== undefined && Math.abs(offsetX - this.dragFrom) >= DRAG_PIXELS) this.showHighlight(dragRange(this.dragFrom, offsetX, this.canvas.clientWidth));
    this.showTooltip(offsetX);
  }

  private endDrag(event: MouseEvent): void {
    const from = this.dragFrom;
    this.dragFrom = undefined;
    if (from === undefined) return;
    const x = event.clientX - this.canvas.getBoundingClientRect().left;
    if (Math.abs(x - from) < DRAG_PIXELS) return;
    this.select(dragRange(from, Math.min(Math.max(0, x), this.canvas.clientWidth - 1), this.canvas.clientWidth));
  }

  private showHighlight(range: SlotRange): void {
    const width = this.canvas.clientWidth;
    this.highlight.hidden = false;
    this.highlight.style.left = `${(range.start * width) / TOTAL_SLOTS}px`;
    this.highlight.style.width = `${Math.max(1, ((range.end - range.start + 1) * width) / TOTAL_SLOTS)}px`;
  }

  private select(range: SlotRange | undefined): void {
    this.selection = range;
    this.selectionBar.hidden = range === undefined;
    if (!range) {
      this.highlight.hidden = true;
      return;
    }
    this.showHighlight(range);
    setText(this.selectionText, l10n.t('Slots {0} ({1})', formatSlotRange(range), slotsText(range.end - range.start + 1)));
    setText(this.result, '');
    this.fillTargets();
  }

  /** The primaries to move to: each shard's, labelled as the cards are; the shard most of the selection is on last. */
  private fillTargets(): void {
    const view = this.view;
    if (!view) return;
    const options = view.shards.filter((shard) => shard.shard.primary).map((shard) => ({ value: shard.shard.primary!.name, label: `${shard.label} · ${shard.shard.primary!.name}` }));
    const current = this.targetPicker.value;
    const owner = this.selection && segmentAt(view.slotSegments, this.selection.start)?.owner;
    const ownerName = owner === undefined ? undefined : view.shards[owner]?.shard.primary?.name;
    const existing = [...this.targetPicker.options].map((option) => `${option.value}\n${option.text}`).join('|');
    if (existing !== options.map((option) => `${option.value}\n${option.label}`).join('|')) {
      this.targetPicker.replaceChildren(...options.map((option) => {
        const item = element('option', undefined, option.label);
        item.value = option.value;
        return item;
      }));
    }
    const keep = options.some((option) => option.value === current) && current !== ownerName;
    this.targetPicker.value = keep ? current : options.find((option) => option.value !== ownerName)?.value ?? '';
  }

  private async move(): Promise<void> {
    const range = this.selection;
    const target = this.targetPicker.value;
    if (!range || !target) return;
    this.moveButton.disabled = true;
    setText(this.result, l10n.t('Waiting for the confirmation in VS Code…'));
    try {
      const answer = await this.host.moveSlots([range], target);
      setText(this.result, answer.message);
      this.result.classList.toggle('failed', !answer.ok);
    } finally {
      this.moveButton.disabled = false;
    }
  }

  private showTooltip(offsetX: number): void {
    const view = this.view;
    const slot = slotAt(offsetX, this.canvas.clientWidth);
    const segment = view && segmentAt(view.slotSegments, slot);
    if (!view || !segment) {
      this.tooltip.hidden = true;
      return;
    }
    const owner = view.shards[segment.owner];
    const ownerText = owner ? `${owner.label} · ${owner.shard.primary?.name ?? l10n.t('no primary')}` : l10n.t('unassigned');
    const heat = this.heatValues();
    const heatText = heat ? ` · ${this.slotHeatText(slot, heat[slot] ?? 0)}` : '';
    this.tooltip.textContent = l10n.t('Slots {0} · {1}', formatSlotRange(segment), ownerText) + heatText;
    this.tooltip.hidden = false;
    const maxLeft = Math.max(0, this.canvas.clientWidth - this.tooltip.offsetWidth);
    this.tooltip.style.left = `${Math.min(Math.max(0, offsetX - this.tooltip.offsetWidth / 2), maxLeft)}px`;
  }
}
