// What a listing shows for each key beyond its name: type and TTL, read for a whole page at once (one pipeline
// per primary), and size on demand. A key that is gone by the time it is described is left out and counted.
import type { KeyClient } from './key-client';
import type { FoundKey } from './scanner';
import { formatAddress } from '../client/reach';
import { UserError } from '../errors';
import { displayBytes } from './key-text';

export interface ListedKey {
  readonly key: Buffer;
  /** As TYPE says: string, list, set, zset, hash, stream, or a module's type name. */
  readonly type: string;
  /** Milliseconds to live; -1: no TTL. */
  readonly ttlMs: number;
  readonly slot: number;
  readonly node: string;
}

export interface DescribedKeys {
  readonly keys: ListedKey[];
  /** Keys that expired or were deleted between the scan and now. */
  readonly vanished: number;
}

type Described = { type: string; ttlMs: number } | undefined;

function described(type: unknown, ttl: unknown): Described {
  const name = Buffer.isBuffer(type) ? type.toString('latin1') : String(type);
  const ttlMs = Number(ttl);
  return name === 'none' || ttlMs === -2 ? undefined : { type: name, ttlMs };
}

/** TYPE and PTTL of each key: pipelined on the primary that serves it, through the cluster client for a key
 * that has moved since (MOVED, ASK) or whose primary did not answer. */
export async function describeKeys(client: KeyClient, found: readonly FoundKey[]): Promise<DescribedKeys> {
  const results = new Array<Described | 'retry'>(found.length).fill('retry');
  const byNode = new Map<string, number[]>();
  found.forEach((entry, index) => {
    const node = formatAddress(entry.address);
    byNode.set(node, [...(byNode.get(node) ?? []), index]);
  });
  await Promise.all([...byNode.values()].map(async (indexes) => {
    const address = found[indexes[0]].address;
    const replies = await client.onNode(address, (node) =>
      node.pipeline(indexes.flatMap((index) => [['type', found[index].key], ['pttl', found[index].key]])).exec()).catch(() => undefined);
    if (!replies) return;
    indexes.forEach((index, position) => {
      const [typeError, type] = replies[position * 2] ?? [];
      const [ttlError, ttl] = replies[position * 2 + 1] ?? [];
      if (!typeError && !ttlError) results[index] = described(type, ttl);
    });
  }));
  await Promise.all(results.map(async (result, index) => {
    if (result !== 'retry') return;
    const key = found[index].key;
    const [type, ttl] = await Promise.all([client.command('type', key), client.command('pttl', key)]);
    results[index] = described(type, ttl);
  }));
  const keys: ListedKey[] = [];
  results.forEach((result, index) => {
    if (result && result !== 'retry') keys.push({ key: found[index].key, slot: found[index].slot, node: found[index].node, ...result });
  });
  return { keys, vanished: found.length - keys.length };
}

/** MEMORY USAGE (the server's estimate, sampling large collections). */
export async function memoryUsage(client: KeyClient, key: Buffer): Promise<number> {
  const bytes = await client.command('memory', 'USAGE', key);
  if (bytes === null) throw new UserError('keyGone', `The key ${displayBytes(key)} no longer exists: it expired or was deleted after it was listed.`);
  return Number(bytes);
}
