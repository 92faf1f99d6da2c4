// How keys read, in one place for the Keys view, the key editor page and tests: TTLs, type names and the
// sentence saying how much of the cluster a listing has scanned. Pure: the webview imports it; words go through
// @vscode/l10n like the rest of the shared presenters.
import * as l10n from '@vscode/l10n';
import { formatCount } from './present';

/** "TTL 42 s", "TTL 5 min", "TTL 3 h", "TTL 2 d"; "no TTL" for -1. */
export function formatTtl(ttlMs: number): string {
  if (ttlMs < 0) return l10n.t('no TTL');
  const seconds = Math.ceil(ttlMs / 1000);
  if (seconds < 120) return l10n.t('TTL {0} s', seconds);
  if (seconds < 2 * 3600) return l10n.t('TTL {0} min', Math.floor(seconds / 60));
  if (seconds < 2 * 86400) return l10n.t('TTL {0} h', Math.floor(seconds / 3600));
  return l10n.t('TTL {0} d', Math.floor(seconds / 86400));
}

/** A Valkey type as the views name it; an unknown type as the server gave it. */
export function typeName(type: string): string {
  switch (type) {
    case 'string':
      return l10n.t({ message: 'string', comment: 'A Valkey data type' });
    case 'list':
      return l10n.t({ message: 'list', comment: 'A Valkey data type' });
    case 'set':
      return l10n.t({ message: 'set', comment: 'A Valkey data type' });
    case 'zset':
      return l10n.t({ message: 'sorted set', comment: 'A Valkey data type' });
    case 'hash':
      return l10n.t({ message: 'hash', comment: 'A Valkey data type' });
    case 'stream':
      return l10n.t({ message: 'stream', comment: 'A Valkey data type' });
    default:
      return type;
  }
}

/** The count a type's length is in: "12 bytes", "3 fields", "1 element". */
export function lengthText(type: string, length: number): string {
  const count = formatCount(length);
  const one = length === 1;
  switch (type) {
    case 'string':
      return one ? l10n.t('1 byte') : l10n.t('{0} bytes', count);
    case 'hash':
      return one ? l10n.t('1 field') : l10n.t('{0} fields', count);
    case 'stream':
      return one ? l10n.t('1 entry') : l10n.t('{0} entries', count);
    case 'list':
      return one ? l10n.t('1 element') : l10n.t('{0} elements', count);
    default:
      return one ? l10n.t('1 member') : l10n.t('{0} members', count);
  }
}

export interface CoverageShard {
  readonly name: string;
  readonly dbsize?: number;
  readonly returned: number;
  readonly slotsScanned?: number;
  readonly slots: number;
  readonly done: boolean;
  readonly error?: string;
}

/** "40% of 5,461 slots": how far a shard's scan has come. */
export function shardCoverage(shard: CoverageShard): string {
  if (shard.done && !shard.error) return shard.slots === 1 ? l10n.t('all 1 slot scanned') : l10n.t('all {0} slots scanned', shard.slots);
  if (shard.slotsScanned === undefined) return l10n.t('{0} keys read so far', formatCount(shard.returned));
  const percent = shard.slots === 0 ? 100 : Math.floor((100 * shard.slotsScanned) / shard.slots);
  return l10n.t('{0}% of {1} slots scanned', percent, formatCount(shard.slots));
}

/** One line per shard: "valkey-node-0: 40% of 5,461 slots scanned · 1,234 keys returned · DBSIZE 333,334". */
export function shardLine(shard: CoverageShard): string {
  const parts = [shardCoverage(shard), l10n.t('{0} keys returned', formatCount(shard.returned)), `DBSIZE ${formatCount(shard.dbsize)}`];
  if (shard.error) parts.push(l10n.t('stopped: {0}', shard.error));
  return `${shard.name}: ${parts.join(' · ')}`;
}

/** Overall share of slots scanned, 0-100, when every shard knows its position. */
export function scannedPercent(shards: readonly CoverageShard[]): number | undefined {
  let slots = 0;
  let scanned = 0;
  for (const shard of shards) {
    if (shard.slotsScanned === undefined) return undefined;
    slots += shard.slots;
    scanned += shard.slotsScanned;
  }
  return slots === 0 ? 100 : Math.floor((100 * scanned) / slots);
}
