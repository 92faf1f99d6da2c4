// How a snapshot reads, in one place for every view (tree, status bar, topology webview, CLI): bytes, counts,
// slot ranges, state words, addresses and change sentences. Pure and dependency-free: the webview imports it.
import type { ClusterChange } from './snapshot-diff';
import type { ClusterState, NodeSnapshot, SlotMigration, SlotRange } from './snapshot';

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

/** "3 slots", "1 replica". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
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
  const more = `(+${countOf(hidden, 'more range')})`;
  return shown.length === 0 ? `… ${more}` : `${shown.join(', ')} … ${more}`;
}

const STATE_WORDS: Readonly<Record<ClusterState, string>> = {
  ok: 'ok',
  fail: 'failing',
  forming: 'forming',
  stopped: 'stopped',
  absent: 'not created',
  noEngine: 'out of reach', // the Docker engine does not answer, so nothing is known
  unreachable: 'unreachable',
  misconfigured: 'misconfigured',
};

export function stateWord(state: ClusterState): string {
  return STATE_WORDS[state];
}

/** Loopback is implied on this machine: "127.0.0.1:6380" reads ":6380"; other addresses are shown whole. */
export function shortAddress(address: string): string {
  return address.startsWith('127.0.0.1:') ? address.slice('127.0.0.1'.length) : address;
}

export function shortNodeId(id: string): string {
  return id === '' ? '–' : id.slice(0, 8);
}

/** A replica's link: "link up, lag 0 B". */
export function linkText(node: NodeSnapshot): string {
  const link = node.linkUp === undefined ? 'link unknown' : node.linkUp ? 'link up' : 'link down';
  return node.replicationLag === undefined ? link : `${link}, lag ${formatBytes(node.replicationLag)}`;
}

/** The phases of an atomic migration (CLUSTER MIGRATESLOTS), by the states either end reports. */
const MIGRATION_PHASES: readonly (readonly [string, readonly string[]])[] = [
  ['connecting', ['connecting', 'sending-auth-command', 'reading-auth-response', 'sending-establish-command', 'reading-establish-response', 'waiting-for-ack']],
  ['copying a snapshot', ['waiting-to-snapshot', 'snapshotting', 'receiving-snapshot']],
  ['streaming writes', ['replicating', 'waiting-for-paused']],
  ['pausing writes', ['waiting-to-pause', 'failover-paused', 'failover-requested']],
  ['handing over', ['failover-granted', 'occurring-on-primary', 'cleaning-up']],
];

/** Where a migration is: "streaming writes (step 3 of 5), 1.2 KiB to stream", "moved", "failed: <why>". */
export function migrationProgress(migration: SlotMigration): string {
  switch (migration.outcome) {
    case 'succeeded':
      return 'moved';
    case 'cancelled':
      return 'cancelled: the slots stayed';
    case 'failed':
      return `failed${migration.message ? `: ${migration.message}` : ''}`;
    case 'running':
      break;
  }
  if (migration.method === 'keys') return `moving key by key (${countOf(migration.ranges.reduce((sum, range) => sum + range.end - range.start + 1, 0), 'slot')} open)`;
  const phase = MIGRATION_PHASES.findIndex(([, states]) => states.includes(migration.state));
  const remaining = migration.remainingBytes ? `, ${formatBytes(migration.remainingBytes)} to stream` : '';
  return phase < 0 ? migration.state : `${MIGRATION_PHASES[phase][0]} (step ${phase + 1} of ${MIGRATION_PHASES.length})${remaining}`;
}

/** "slots 0-1364: valkey-node-0 → valkey-node-6". */
export function migrationRoute(migration: SlotMigration): string {
  return `slots ${formatSlotRanges(migration.ranges, 3)}: ${migration.source} → ${migration.target}`;
}

/** One sentence, e.g. "valkey-node-4 is now primary (was replica)". */
export function describeChange(change: ClusterChange): string {
  switch (change.kind) {
    case 'roleChanged':
    case 'healthChanged':
      return `${change.node} is now ${change.to} (was ${change.from})`;
    case 'slotsMoved':
      return `${change.node} now serves ${countOf(change.after, 'slot')} (was ${change.before})`;
    case 'stateChanged':
      return `the cluster is now ${stateWord(change.to)} (was ${stateWord(change.from)})`;
    case 'migrationEnded':
      return `${migrationRoute(change.migration)} ${migrationProgress(change.migration)}`;
  }
}
