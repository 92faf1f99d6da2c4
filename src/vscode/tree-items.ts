// One class per kind of row in the cluster tree. Rows only render snapshot data; they never query anything.
import * as vscode from 'vscode';
import type { ClusterSnapshot, NodeHealth, NodeSnapshot, ShardSnapshot, SlotRange } from '../core/cluster/snapshot';
import { TOTAL_SLOTS } from '../core/cluster/snapshot';

export type TreeRow = ClusterRow | ShardRow | NodeRow | SlotsRow | SlotGroupRow | SlotRangeRow | ProblemRow;

const HEALTH_ICON: Record<NodeHealth, [string, string]> = {
  online: ['pass-filled', 'testing.iconPassed'],
  loading: ['loading~spin', 'charts.yellow'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['debug-stop', 'disabledForeground'],
  missing: ['circle-slash', 'disabledForeground'],
};

const STATE_ICON: Record<ClusterSnapshot['state'], [string, string]> = {
  ok: ['database', 'testing.iconPassed'],
  fail: ['warning', 'testing.iconFailed'],
  forming: ['sync~spin', 'charts.yellow'],
  stopped: ['debug-stop', 'disabledForeground'],
  absent: ['circle-outline', 'disabledForeground'],
  noEngine: ['plug', 'testing.iconFailed'],
};

/** A range list longer than this is grouped, so no list grows to thousands of rows. */
const RANGES_PER_GROUP = 100;

function icon([name, color]: [string, string]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(name, new vscode.ThemeColor(color));
}

export function formatBytes(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function rangeText(range: SlotRange): string {
  return range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
}

export class ClusterRow extends vscode.TreeItem {
  readonly kind = 'cluster';
  constructor(readonly snapshot: ClusterSnapshot) {
    super(`Cluster: ${snapshot.state}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'cluster';
    const time = new Date(snapshot.takenAt).toLocaleTimeString();
    this.description = `${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok · ${snapshot.nodes.length} nodes · ${time}`;
    this.tooltip = [`State: ${snapshot.state}`, `Slots ok: ${snapshot.slotsOk}`, `Slots assigned: ${snapshot.slotsAssigned}`, `Refreshed: ${time}`, ...snapshot.problems].join('\n');
    this.iconPath = icon(STATE_ICON[snapshot.state]);
    this.contextValue = 'cluster';
  }
}

export class ShardRow extends vscode.TreeItem {
  readonly kind = 'shard';
  constructor(readonly shard: ShardSnapshot, index: number) {
    super(`Shard ${index + 1}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `shard:${shard.id}`;
    const first = shard.slots[0];
    this.description = `${shard.slotCount} slots${first ? ` · ${rangeText(first)}${shard.slots.length > 1 ? ` +${shard.slots.length - 1} ranges` : ''}` : ''} · ${shard.replicas.length} replica${shard.replicas.length === 1 ? '' : 's'}`;
    this.iconPath = new vscode.ThemeIcon('layers');
    this.contextValue = 'shard';
  }
}

export class NodeRow extends vscode.TreeItem {
  readonly kind = 'node';
  constructor(readonly node: NodeSnapshot, primaryName?: string) {
    super(node.name, node.slots.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `node:${node.name}`;
    const parts = [node.role, `:${node.hostPort}`, node.health];
    if (node.role === 'replica') parts.push(node.linkUp ? `link up, lag ${node.replicationLag ?? 0} B` : 'link down');
    const memory = formatBytes(node.usedMemoryBytes);
    if (memory) parts.push(memory);
    if (node.keys !== undefined) parts.push(`${node.keys} keys`);
    if (node.opsPerSecond !== undefined) parts.push(`${node.opsPerSecond} ops/s`);
    this.description = parts.join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**${node.name}** (${node.role})\n\n`);
    tooltip.appendText(`Node id: ${node.id || 'unknown'}\nHost address: 127.0.0.1:${node.hostPort}\nCluster address: ${node.announcedAddress}\n` +
      `Health: ${node.health} (container ${node.containerState})\nFlags: ${node.flags.join(', ') || '-'}\n` +
      (primaryName ? `Replicates: ${primaryName}\n` : '') + (node.id ? `Short id: ${node.id.slice(0, 8)}` : ''));
    this.tooltip = tooltip;
    this.iconPath = icon(HEALTH_ICON[node.health]);
    const container = node.containerState === 'running' ? 'running' : 'stopped';
    this.contextValue = `node-${node.role}-${container}`;
  }
}

export class SlotsRow extends vscode.TreeItem {
  readonly kind = 'slots';
  constructor(readonly node: NodeSnapshot) {
    const grouped = node.slots.length > 1;
    super(`Slots: ${node.slots.length === 1 ? rangeText(node.slots[0]) : `${node.slots.length} ranges`}`,
      grouped ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `slots:${node.name}`;
    this.description = `${node.slotCount} slots`;
    this.iconPath = new vscode.ThemeIcon('symbol-array');
    this.contextValue = 'slots';
  }

  children(): TreeRow[] {
    const ranges = this.node.slots;
    if (ranges.length <= RANGES_PER_GROUP) return ranges.map((range) => new SlotRangeRow(this.node.name, range));
    const groups: SlotGroupRow[] = [];
    for (let start = 0; start < ranges.length; start += RANGES_PER_GROUP) groups.push(new SlotGroupRow(this.node.name, ranges.slice(start, start + RANGES_PER_GROUP)));
    return groups;
  }
}

export class SlotGroupRow extends vscode.TreeItem {
  readonly kind = 'slotGroup';
  constructor(private readonly nodeName: string, readonly ranges: readonly SlotRange[]) {
    super(`${rangeText(ranges[0])} … ${rangeText(ranges[ranges.length - 1])}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `slotGroup:${nodeName}:${ranges[0].start}`;
    this.description = `${ranges.length} ranges`;
    this.contextValue = 'slotGroup';
  }

  children(): TreeRow[] {
    return this.ranges.map((range) => new SlotRangeRow(this.nodeName, range));
  }
}

export class SlotRangeRow extends vscode.TreeItem {
  readonly kind = 'slotRange';
  constructor(nodeName: string, range: SlotRange) {
    super(rangeText(range), vscode.TreeItemCollapsibleState.None);
    this.id = `slotRange:${nodeName}:${range.start}`;
    this.description = `${range.end - range.start + 1} slots`;
    this.contextValue = 'slotRange';
  }
}

export class ProblemRow extends vscode.TreeItem {
  readonly kind = 'problem';
  constructor(text: string, index: number) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = `problem:${index}`;
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.contextValue = 'problem';
  }
}
