// One class per kind of row in the cluster tree. Rows only render snapshot data; they never query anything.
import * as vscode from 'vscode';
import type { ClusterSnapshot, NodeHealth, NodeSnapshot, ShardSnapshot, SlotMigration, SlotRange, TargetSummary } from '../shared/snapshot';
import { TOTAL_SLOTS } from '../shared/snapshot';
import { countOf, formatBytes, formatSlotRange, formatSlotRanges, linkText, migrationProgress, migrationRoute, shortAddress, stateWord } from '../shared/present';

export type TreeRow = ClusterRow | ShardRow | NodeRow | SlotsRow | SlotGroupRow | SlotRangeRow | ProblemRow | MigrationsRow | MigrationRow;

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
  unreachable: ['plug', 'testing.iconFailed'],
  misconfigured: ['gear', 'testing.iconFailed'],
};

/** A range list longer than this is grouped, so no list grows to thousands of rows. */
const RANGES_PER_GROUP = 100;

function icon([name, color]: [string, string]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(name, new vscode.ThemeColor(color));
}

/** The root of one target. `named`: other targets are shown too, so the label names this one. */
export class ClusterRow extends vscode.TreeItem {
  readonly kind = 'cluster';
  constructor(readonly snapshot: ClusterSnapshot, named = false) {
    const target = snapshot.target;
    const name = target.kind === 'connection' ? target.label : named ? 'Local cluster' : 'Cluster';
    super(`${name}: ${stateWord(snapshot.state)}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `cluster:${target.id}`;
    const time = new Date(snapshot.takenAt).toLocaleTimeString();
    const coverage = snapshot.mode === 'standalone' ? 'standalone server' : `${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok`;
    this.description = `${coverage} · ${countOf(snapshot.nodes.length, 'node')}${target.readOnly ? ' · read-only' : ''} · ${time}`;
    this.tooltip = [target.label, `${target.kind === 'local' ? 'Docker engine' : 'Seeds'}: ${target.where}`, `State: ${stateWord(snapshot.state)}`,
      `Slots ok: ${snapshot.slotsOk}`, `Slots assigned: ${snapshot.slotsAssigned}`, `Refreshed: ${time}`, ...snapshot.problems].join('\n');
    this.iconPath = icon(STATE_ICON[snapshot.state]);
    this.contextValue = target.kind === 'local' ? 'cluster' : `connection${target.readOnly ? '-ro' : ''}`;
  }
}

export class ShardRow extends vscode.TreeItem {
  readonly kind = 'shard';
  constructor(readonly shard: ShardSnapshot, index: number, readonly target: TargetSummary) {
    super(`Shard ${index + 1}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `shard:${target.id}:${shard.id || index}`;
    const ranges = shard.slots.length > 0 ? ` · ${formatSlotRanges(shard.slots, 1)}` : '';
    this.description = `${countOf(shard.slotCount, 'slot')}${ranges} · ${countOf(shard.replicas.length, 'replica')}`;
    this.iconPath = new vscode.ThemeIcon('layers');
    // Which shard actions apply: all of them on the local cluster, moving slots on a writable connection.
    this.contextValue = target.kind === 'local' ? 'shard-local' : target.readOnly ? 'shard-ro' : 'shard-connection';
  }
}

const OUTCOME_ICON: Record<SlotMigration['outcome'], [string, string]> = {
  running: ['sync~spin', 'charts.blue'],
  succeeded: ['check', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

/** Slot migrations running on a target, or finished in the last minutes. */
export class MigrationsRow extends vscode.TreeItem {
  readonly kind = 'migrations';
  constructor(readonly migrations: readonly SlotMigration[], readonly target: TargetSummary) {
    const running = migrations.filter((migration) => migration.outcome === 'running').length;
    super('Slot migrations', running > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `migrations:${target.id}`;
    this.description = running > 0 ? `${running} running` : `${countOf(migrations.length, 'recent one')}`;
    this.iconPath = new vscode.ThemeIcon(running > 0 ? 'sync~spin' : 'history');
    this.contextValue = 'migrations';
  }

  children(): TreeRow[] {
    return this.migrations.map((migration, index) => new MigrationRow(migration, `${this.target.id}:${index}`));
  }
}

export class MigrationRow extends vscode.TreeItem {
  readonly kind = 'migration';
  constructor(readonly migration: SlotMigration, scope: string) {
    super(migrationRoute(migration), vscode.TreeItemCollapsibleState.None);
    this.id = `migration:${scope}:${migration.source}:${migration.target}:${migration.ranges[0]?.start ?? 0}`;
    this.description = migrationProgress(migration);
    const when = migration.updatedAt === undefined ? '' : `\nLast change: ${new Date(migration.updatedAt).toLocaleTimeString()}`;
    this.tooltip = `${migrationRoute(migration)}\n${migration.method === 'atomic' ? 'Atomic (CLUSTER MIGRATESLOTS)' : 'Key by key (slots open)'}: ${migrationProgress(migration)}${when}`;
    this.iconPath = icon(OUTCOME_ICON[migration.outcome]);
    this.contextValue = `migration-${migration.outcome}`;
  }
}

/** What the node's menus offer: container actions for the local cluster; fail over unless the connection is read-only. */
function nodeContext(node: NodeSnapshot, target: TargetSummary): string {
  if (target.kind === 'local') return `node-${node.role}-${node.containerState === 'running' ? 'running' : 'stopped'}`;
  return `connection-node-${node.role}${target.readOnly ? '-ro' : ''}`;
}

export class NodeRow extends vscode.TreeItem {
  readonly kind = 'node';
  constructor(readonly node: NodeSnapshot, readonly target: TargetSummary, primaryName?: string) {
    super(node.name, node.slots.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `node:${target.id}:${node.name}`;
    const parts = [node.role, shortAddress(node.address) || 'not dialled', node.health];
    if (node.role === 'replica') parts.push(linkText(node));
    if (node.usedMemoryBytes !== undefined) parts.push(formatBytes(node.usedMemoryBytes));
    if (node.keys !== undefined) parts.push(`${node.keys} keys`);
    if (node.opsPerSecond !== undefined) parts.push(`${node.opsPerSecond} ops/s`);
    this.description = parts.join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**${node.name}** (${node.role})\n\n`);
    tooltip.appendText(`Node id: ${node.id || 'unknown'}\nAddress: ${node.address || 'not dialled'}\nAnnounced address: ${node.announcedAddress}\n` +
      `Health: ${node.health}${node.containerState ? ` (container ${node.containerState})` : ''}\nFlags: ${node.flags.join(', ') || '-'}\n` +
      (node.error ? `Error: ${node.error}\n` : '') + (primaryName ? `Replicates: ${primaryName}\n` : '') + (node.id ? `Short id: ${node.id.slice(0, 8)}` : ''));
    this.tooltip = tooltip;
    this.iconPath = icon(HEALTH_ICON[node.health]);
    this.contextValue = nodeContext(node, target);
  }
}

export class SlotsRow extends vscode.TreeItem {
  readonly kind = 'slots';
  private readonly scope: string;
  constructor(readonly node: NodeSnapshot, targetId = 'local') {
    const grouped = node.slots.length > 1;
    super(`Slots: ${node.slots.length === 1 ? formatSlotRange(node.slots[0]) : `${node.slots.length} ranges`}`,
      grouped ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.scope = `${targetId}:${node.name}`;
    this.id = `slots:${this.scope}`;
    this.description = countOf(node.slotCount, 'slot');
    this.iconPath = new vscode.ThemeIcon('symbol-array');
    this.contextValue = 'slots';
  }

  children(): TreeRow[] {
    const ranges = this.node.slots;
    if (ranges.length <= RANGES_PER_GROUP) return ranges.map((range) => new SlotRangeRow(this.scope, range));
    const groups: SlotGroupRow[] = [];
    for (let start = 0; start < ranges.length; start += RANGES_PER_GROUP) groups.push(new SlotGroupRow(this.scope, ranges.slice(start, start + RANGES_PER_GROUP)));
    return groups;
  }
}

export class SlotGroupRow extends vscode.TreeItem {
  readonly kind = 'slotGroup';
  /** `scope`: the target and node the ranges belong to, to keep row ids apart. */
  constructor(private readonly scope: string, readonly ranges: readonly SlotRange[]) {
    super(`${formatSlotRange(ranges[0])} … ${formatSlotRange(ranges[ranges.length - 1])}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `slotGroup:${scope}:${ranges[0].start}`;
    this.description = `${ranges.length} ranges`;
    this.contextValue = 'slotGroup';
  }

  children(): TreeRow[] {
    return this.ranges.map((range) => new SlotRangeRow(this.scope, range));
  }
}

export class SlotRangeRow extends vscode.TreeItem {
  readonly kind = 'slotRange';
  constructor(scope: string, range: SlotRange) {
    super(formatSlotRange(range), vscode.TreeItemCollapsibleState.None);
    this.id = `slotRange:${scope}:${range.start}`;
    this.description = countOf(range.end - range.start + 1, 'slot');
    this.contextValue = 'slotRange';
  }
}

export class ProblemRow extends vscode.TreeItem {
  readonly kind = 'problem';
  constructor(text: string, index: number, scope: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = `problem:${scope}:${index}`;
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.contextValue = 'problem';
  }
}
