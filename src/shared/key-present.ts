// How keys read, in one place for the Keys view, the key editor page and tests: TTLs, type names and the
// sentence saying how much of the cluster a listing has scanned. Pure and dependency-free: the webview imports it.
import { countOf, formatCount } from './present';

/** "TTL 42 s", "TTL 5 min", "TTL 3 h", "TTL 2 d"; "no TTL" for -1. */
export function formatTtl(ttlMs: number): string {
  if (ttlMs < 0) return 'no TTL';
  const seconds = Math.ceil(ttlMs / 1000);
  if (seconds < 120) return `TTL ${seconds} s`;
  if (seconds < 2 * 3600) return `TTL ${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `TTL ${Math.floor(seconds / 3600)} h`;
  return `TTL ${Math.floor(seconds / 86400)} d`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = { string: 'string', list: 'list', set: 'set', zset: 'sorted set', hash: 'hash', stream: 'stream' };

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** The count a type's length is in: "12 bytes", "3 fields", "1 element". */
export function lengthText(type: string, length: number): string {
  const noun = type === 'string' ? 'byte' : type === 'hash' ? 'field' : type === 'stream' ? 'entry' : type === 'list' ? 'element' : 'member';
  return noun === 'entry' ? `${formatCount(length)} ${length === 1 ? 'entry' : 'entries'}` : `${formatCount(length)} ${noun}${length === 1 ? '' : 's'}`;
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
  if (shard.done && !shard.error) return `all ${countOf(shard.slots, 'slot')} scanned`;
  if (shard.slotsScanned === undefined) return `${formatCount(shard.returned)} keys read so far`;
  const percent = shard.slots === 0 ? 100 : Math.floor((100 * shard.slotsScanned) / shard.slots);
  return `${percent}% of ${formatCount(shard.slots)} slots scanned`;
}

/** One line per shard: "valkey-node-0: 40% of 5,461 slots scanned · 1,234 keys returned · DBSIZE 333,334". */
export function shardLine(shard: CoverageShard): string {
  const parts = [shardCoverage(shard), `${formatCount(shard.returned)} keys returned`, `DBSIZE ${formatCount(shard.dbsize)}`];
  if (shard.error) parts.push(`stopped: ${shard.error}`);
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
