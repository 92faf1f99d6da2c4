// One class per kind of row in the cluster tree. Rows only render snapshot data; they never query anything.
import * as vscode from 'vscode';
import type { ClusterSnapshot, NodeHealth, NodeSnapshot, ShardSnapshot, SlotMigration, SlotRange, TargetSummary } from '../shared/snapshot';
import { TOTAL_SLOTS } from '../shared/snapshot';
import { formatBytes, formatSlotRange, formatSlotRanges, healthWord, linkText, migrationProgress, migrationRoute, nodesText, rangesText, replicasText, roleWord, shortAddress, slotsText, stateWord } from '../shared/present';

export type TreeRow = ClusterRow | ShardRow | NodeRow | SlotsRow | SlotGroupRow | SlotRangeRow | ProblemRow | ActionRow | MigrationsRow | MigrationRow;

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
    const state = stateWord(snapshot.state);
    super(target.kind === 'connection' ? vscode.l10n.t('{0}: {1}', target.label, state)
      : named ? vscode.l10n.t('Local cluster: {0}', state) : vscode.l10n.t('Cluster: {0}', state), vscode.TreeItemCollapsibleState.Expanded);
    this.id = `cluster:${target.id}`;
    const time = new Date(snapshot.takenAt).toLocaleTimeString();
    const coverage = snapshot.mode === 'standalone' ? vscode.l10n.t('standalone server') : vscode.l10n.t('{0}/{1} slots ok', snapshot.slotsOk, TOTAL_SLOTS);
    this.description = [coverage, nodesText(snapshot.nodes.length), ...(target.readOnly ? [vscode.l10n.t('read-only')] : []), time].join(' · ');
    this.tooltip = [target.label, target.kind === 'local' ? vscode.l10n.t('Docker engine: {0}', target.where) : vscode.l10n.t('Seeds: {0}', target.where),
      vscode.l10n.t('State: {0}', state), vscode.l10n.t('Slots ok: {0}', snapshot.slotsOk), vscode.l10n.t('Slots assigned: {0}', snapshot.slotsAssigned),
      vscode.l10n.t('Refreshed: {0}', time), ...snapshot.problems].join('\n');
    this.iconPath = icon(STATE_ICON[snapshot.state]);
    this.contextValue = target.kind === 'local' ? 'cluster' : `connection${target.readOnly ? '-ro' : ''}`;
  }
}

export class ShardRow extends vscode.TreeItem {
  readonly kind = 'shard';
  constructor(readonly shard: ShardSnapshot, index: number, readonly target: TargetSummary) {
    super(vscode.l10n.t('Shard {0}', index + 1), vscode.TreeItemCollapsibleState.Expanded);
    this.id = `shard:${target.id}:${shard.id || index}`;
    const ranges = shard.slots.length > 0 ? ` · ${formatSlotRanges(shard.slots, 1)}` : '';
    this.description = `${slotsText(shard.slotCount)}${ranges} · ${replicasText(shard.replicas.length)}`;
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
    super(vscode.l10n.t('Slot migrations'), running > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `migrations:${target.id}`;
    this.description = running > 0 ? vscode.l10n.t('{0} running', running) : migrations.length === 1 ? vscode.l10n.t('1 recent one') : vscode.l10n.t('{0} recent ones', migrations.length);
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
    const when = migration.updatedAt === undefined ? '' : `\n${vscode.l10n.t('Last change: {0}', new Date(migration.updatedAt).toLocaleTimeString())}`;
    const method = migration.method === 'atomic' ? vscode.l10n.t('Atomic (CLUSTER MIGRATESLOTS)') : vscode.l10n.t('Key by key (slots open)');
    this.tooltip = `${migrationRoute(migration)}\n${method}: ${migrationProgress(migration)}${when}`;
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
    const notDialled = vscode.l10n.t('not dialled');
    const parts = [roleWord(node.role), shortAddress(node.address) || notDialled, healthWord(node.health)];
    if (node.role === 'replica') parts.push(linkText(node));
    if (node.usedMemoryBytes !== undefined) parts.push(formatBytes(node.usedMemoryBytes));
    if (node.keys !== undefined) parts.push(vscode.l10n.t('{0} keys', node.keys));
    if (node.opsPerSecond !== undefined) parts.push(vscode.l10n.t('{0} ops/s', node.opsPerSecond));
    this.description = parts.join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**${node.name}** (${roleWord(node.role)})\n\n`);
    const health = node.containerState ? vscode.l10n.t('Health: {0} (container {1})', healthWord(node.health), node.containerState) : vscode.l10n.t('Health: {0}', healthWord(node.health));
    tooltip.appendText([
      vscode.l10n.t('Node id: {0}', node.id || vscode.l10n.t('unknown')),
      vscode.l10n.t('Address: {0}', node.address || notDialled),
      vscode.l10n.t('Announced address: {0}', node.announcedAddress),
      health,
      vscode.l10n.t('Flags: {0}', node.flags.join(', ') || '-'),
      ...(node.error ? [vscode.l10n.t('Error: {0}', node.error)] : []),
      ...(primaryName ? [vscode.l10n.t('Replicates: {0}', primaryName)] : []),
    ].join('\n') + '\n' + (node.id ? vscode.l10n.t('Short id: {0}', node.id.slice(0, 8)) : ''));
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
    super(vscode.l10n.t('Slots: {0}', node.slots.length === 1 ? formatSlotRange(node.slots[0]) : rangesText(node.slots.length)),
      grouped ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.scope = `${targetId}:${node.name}`;
    this.id = `slots:${this.scope}`;
    this.description = slotsText(node.slotCount);
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
    this.description = rangesText(ranges.length);
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
    this.description = slotsText(range.end - range.start + 1);
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

/** A row that runs a command when clicked: what to do about a problem the view's message explains. */
export class ActionRow extends vscode.TreeItem {
  readonly kind = 'action';
  constructor(label: string, icon: string, readonly command: vscode.Command) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `action:${command.command}`;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'action';
  }
}
