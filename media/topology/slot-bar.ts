// The 16384-slot bar. Drawn on a canvas at one rectangle per run of same-owner pixel columns, so a
// cluster with thousands of fragmented ranges costs no more than a 3-shard one. Hover names range and owner.
import * as l10n from '@vscode/l10n';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import { element } from './dom';
import { formatSlotRange } from '../../src/shared/present';
import { UNASSIGNED, barSegments, segmentAt, slotAt } from './layout';
import type { TopologyView } from './layout';
import { SHARD_COLOR_VARIABLES, UNASSIGNED_COLOR_VARIABLE } from './palette';

export class SlotBar {
  readonly element = element('section', 'slot-bar');
  private readonly canvas = element('canvas', 'slot-canvas');
  private readonly tooltip = element('div', 'slot-tooltip');
  private view: TopologyView | undefined;

  constructor() {
    const heading = element('h2', 'section-title', l10n.t('Slots'));
    const frame = element('div', 'slot-frame');
    this.canvas.setAttribute('role', 'img');
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    frame.append(this.canvas, this.tooltip);
    const scale = element('div', 'slot-scale');
    scale.append(element('span', undefined, '0'), element('span', undefined, String(TOTAL_SLOTS - 1)));
    this.element.append(heading, frame, scale);

    this.canvas.addEventListener('mousemove', (event) => this.showTooltip(event.offsetX));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    // Redraw when the width changes and when the theme changes (VS Code rewrites body class / html style).
    new ResizeObserver(() => this.draw()).observe(this.canvas);
    const themeObserver = new MutationObserver(() => this.draw());
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  update(view: TopologyView): void {
    this.view = view;
    const assigned = view.slotSegments.reduce((sum, s) => sum + (s.owner === UNASSIGNED ? 0 : s.end - s.start + 1), 0);
    this.canvas.setAttribute(
      'aria-label',
      l10n.t('Slot map: {0} of {1} slots assigned across {2} shards', assigned, TOTAL_SLOTS, view.shards.length),
    );
    this.draw();
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
    for (const segment of barSegments(view.slotSegments, width)) {
      const owner = view.shards[segment.owner];
      context.fillStyle = owner ? shardColors[owner.colorIndex] : unassignedColor;
      context.fillRect(segment.x, 0, segment.width, height);
    }
  }

  private showTooltip(offsetX: number): void {
    const view = this.view;
    const segment = view && segmentAt(view.slotSegments, slotAt(offsetX, this.canvas.clientWidth));
    if (!view || !segment) {
      this.tooltip.hidden = true;
      return;
    }
    const owner = view.shards[segment.owner];
    const ownerText = owner ? `${owner.label} · ${owner.shard.primary?.name ?? l10n.t('no primary')}` : l10n.t('unassigned');
    this.tooltip.textContent = l10n.t('Slots {0} · {1}', formatSlotRange(segment), ownerText);
    this.tooltip.hidden = false;
    const maxLeft = Math.max(0, this.canvas.clientWidth - this.tooltip.offsetWidth);
    this.tooltip.style.left = `${Math.min(Math.max(0, offsetX - this.tooltip.offsetWidth / 2), maxLeft)}px`;
  }
}
