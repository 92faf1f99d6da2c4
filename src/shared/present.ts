// How a snapshot reads, in one place for every view (tree, status bar, topology webview, CLI): bytes, counts,
// slot ranges, state, health and role words, addresses and change sentences. Pure: the webview imports it. Words go
// through @vscode/l10n, which each front end feeds with its bundle (the CLI feeds none, so it reads English).
import * as l10n from '@vscode/l10n';
import { LOOPBACK } from './loopback';
import type { ClusterChange } from './snapshot-diff';
import type { ClusterState, NodeHealth, NodeRole, NodeSnapshot, SlotMigration, SlotRange } from './snapshot';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** IEC units: "512 B", "1.5 KiB"; "–" when unknown. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

// One shared formatter: toLocaleString builds a new one per call, which shows at hundreds of nodes per refresh.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** "12,345"; "–" when unknown. */
export function formatCount(count: number | undefined): string {
  return count === undefined ? '–' : COUNT_FORMAT.format(count);
}

/** "1 slot", "5461 slots"; `shown`: the count as written, e.g. formatCount's "5,461". */
export function slotsText(count: number, shown: string = String(count)): string {
  return count === 1 ? l10n.t('1 slot') : l10n.t('{0} slots', shown);
}

/** "1 shard", "3 shards". */
export function shardsText(count: number): string {
  return count === 1 ? l10n.t('1 shard') : l10n.t('{0} shards', count);
}

/** "1 migration", "4 migrations". */
export function migrationsText(count: number): string {
  return count === 1 ? l10n.t('1 migration') : l10n.t('{0} migrations', count);
}

/** "1 node", "6 nodes". */
export function nodesText(count: number): string {
  return count === 1 ? l10n.t('1 node') : l10n.t('{0} nodes', count);
}

/** "1 replica", "2 replicas". */
export function replicasText(count: number): string {
  return count === 1 ? l10n.t('1 replica') : l10n.t('{0} replicas', count);
}

/** "12 ranges" (a node's slots, when there is more than one range). */
export function rangesText(count: number): string {
  return count === 1 ? l10n.t('1 range') : l10n.t('{0} ranges', count);
}

/** "0-5460", or "7" for a single slot. */
export function formatSlotRange(range: SlotRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}

/** "0-5460, 10923-16383"; beyond maxShown ranges, the rest is counted. No ranges gives an empty string. */
export function formatSlotRanges(ranges: readonly SlotRange[], maxShown = Infinity): string {
  const shown = ranges.slice(0, Math.max(0, maxShown)).map(formatSlotRange);
  const hidden = ranges.length - shown.length;
  if (hidden <= 0) return shown.join(', ');
  const more = hidden === 1 ? l10n.t('(+1 more range)') : l10n.t('(+{0} more ranges)', hidden);
  return shown.length === 0 ? `… ${more}` : `${shown.join(', ')} … ${more}`;
}

export function stateWord(state: ClusterState): string {
  switch (state) {
    case 'ok':
      return l10n.t({ message: 'ok', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'fail':
      return l10n.t({ message: 'failing', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'forming':
      return l10n.t({ message: 'forming', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'stopped':
      return l10n.t({ message: 'stopped', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'absent':
      return l10n.t({ message: 'not created', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'noEngine':
      // The Docker engine does not answer, so nothing is known.
      return l10n.t({ message: 'out of reach', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'unreachable':
      return l10n.t({ message: 'unreachable', comment: 'The state of a Valkey cluster, shown after its name' });
    case 'misconfigured':
      return l10n.t({ message: 'misconfigured', comment: 'The state of a Valkey cluster, shown after its name' });
  }
}

export function healthWord(health: NodeHealth): string {
  switch (health) {
    case 'online':
      return l10n.t({ message: 'online', comment: 'The health of one Valkey node' });
    case 'loading':
      return l10n.t({ message: 'loading', comment: 'The health of one Valkey node' });
    case 'failed':
      return l10n.t({ message: 'failed', comment: 'The health of one Valkey node' });
    case 'stopped':
      return l10n.t({ message: 'stopped', comment: 'The health of one Valkey node' });
    case 'missing':
      return l10n.t({ message: 'missing', comment: 'The health of one Valkey node' });
  }
}

export function roleWord(role: NodeRole): string {
  switch (role) {
    case 'primary':
      return l10n.t({ message: 'primary', comment: 'The role of a Valkey node in its shard' });
    case 'replica':
      return l10n.t({ message: 'replica', comment: 'The role of a Valkey node in its shard' });
    case 'unknown':
      return l10n.t({ message: 'unknown', comment: 'The role of a Valkey node in its shard' });
  }
}

/** Loopback is implied on this machine: "127.0.0.1:6380" reads ":6380"; other addresses are shown whole. */
export function shortAddress(address: string): string {
  return address.startsWith(`${LOOPBACK}:`) ? address.slice(LOOPBACK.length) : address;
}

export function shortNodeId(id: string): string {
  return id === '' ? '–' : id.slice(0, 8);
}

/** A replica's link: "link up, lag 0 B". */
export function linkText(node: NodeSnapshot): string {
  const link = node.linkUp === undefined ? l10n.t('link unknown') : node.linkUp ? l10n.t('link up') : l10n.t('link down');
  return node.replicationLag === undefined ? link : l10n.t('{0}, lag {1}', link, formatBytes(node.replicationLag));
}

/** The phases of an atomic migration (CLUSTER MIGRATESLOTS), by the states either end reports. */
const MIGRATION_PHASES: readonly (readonly [() => string, readonly string[]])[] = [
  [() => l10n.t('connecting'), ['connecting', 'sending-auth-command', 'reading-auth-response', 'sending-establish-command', 'reading-establish-response', 'waiting-for-ack']],
  [() => l10n.t('copying a snapshot'), ['waiting-to-snapshot', 'snapshotting', 'receiving-snapshot']],
  [() => l10n.t('streaming writes'), ['replicating', 'waiting-for-paused']],
  [() => l10n.t('pausing writes'), ['waiting-to-pause', 'failover-paused', 'failover-requested']],
  [() => l10n.t('handing over'), ['failover-granted', 'occurring-on-primary', 'cleaning-up']],
];

/** Where a migration is: "streaming writes (step 3 of 5), 1.2 KiB to stream", "moved", "failed: <why>". */
export function migrationProgress(migration: SlotMigration): string {
  switch (migration.outcome) {
    case 'succeeded':
      return l10n.t('moved');
    case 'cancelled':
      return l10n.t('cancelled: the slots stayed');
    case 'failed':
      return migration.message ? l10n.t('failed: {0}', migration.message) : l10n.t('failed');
    case 'running':
      break;
  }
  if (migration.method === 'keys') return l10n.t('moving key by key ({0} open)', slotsText(migration.ranges.reduce((sum, range) => sum + range.end - range.start + 1, 0)));
  const phase = MIGRATION_PHASES.findIndex(([, states]) => states.includes(migration.state));
  if (phase < 0) return migration.state;
  const step = l10n.t('{0} (step {1} of {2})', MIGRATION_PHASES[phase][0](), phase + 1, MIGRATION_PHASES.length);
  return migration.remainingBytes ? l10n.t('{0}, {1} to stream', step, formatBytes(migration.remainingBytes)) : step;
}

/** "slots 0-1364: valkey-node-0 → valkey-node-6". */
export function migrationRoute(migration: SlotMigration): string {
  return l10n.t('slots {0}: {1} → {2}', formatSlotRanges(migration.ranges, 3), migration.source, migration.target);
}

/** One sentence, e.g. "valkey-node-4 is now primary (was replica)". */
export function describeChange(change: ClusterChange): string {
  switch (change.kind) {
    case 'roleChanged':
      return l10n.t('{0} is now {1} (was {2})', change.node, roleWord(change.to), roleWord(change.from));
    case 'healthChanged':
      return l10n.t('{0} is now {1} (was {2})', change.node, healthWord(change.to), healthWord(change.from));
    case 'slotsMoved':
      return change.after === 1 ? l10n.t('{0} now serves 1 slot (was {1})', change.node, change.before)
        : l10n.t('{0} now serves {1} slots (was {2})', change.node, change.after, change.before);
    case 'stateChanged':
      return l10n.t('the cluster is now {0} (was {1})', stateWord(change.to), stateWord(change.from));
    case 'migrationEnded':
      return `${migrationRoute(change.migration)} ${migrationProgress(change.migration)}`;
  }
}
