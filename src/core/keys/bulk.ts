// Whole-cluster passes over the keys matching a filter: counting them (the dry run of a bulk delete) and deleting
// them. Neither keeps the keys: a pass holds one batch at a time.
import { UserError } from '../errors';
import type { KeyClient } from './key-client';
import { KeyScan, type ScanFilter, type ScanProgress } from './scanner';

export interface PassOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** SCAN COUNT per call. */
  readonly batch?: number;
}

/** How many keys match, each counted once, and how much of the cluster was scanned to say so. */
export async function countMatching(client: KeyClient, filter: ScanFilter, options: PassOptions = {}): Promise<ScanProgress> {
  const scan = await KeyScan.start(client, { filter, onProgress: options.onProgress, batch: options.batch });
  return scan.drain(undefined, options.signal);
}

export interface DeleteResult {
  /** Keys UNLINK removed (a key that vanished meanwhile is not counted). */
  readonly deleted: number;
  readonly progress: ScanProgress;
}

/** Deletes every key matching the filter (UNLINK, batch by batch, through the node serving each key). */
export async function deleteMatching(client: KeyClient, filter: ScanFilter, options: PassOptions = {}): Promise<DeleteResult> {
  if (client.space.readOnly) throw new UserError('readOnly', 'This cluster is read-only here: keys cannot be deleted.');
  if (!filter.pattern && !filter.type) throw new UserError('invalidInput', 'A bulk delete needs a pattern or a type: give * to mean every key.');
  let deleted = 0;
  const scan = await KeyScan.start(client, { filter, onProgress: options.onProgress, batch: options.batch });
  const progress = await scan.drain(async (keys) => {
    const replies = await Promise.all(keys.map((found) => client.command('unlink', found.key)));
    for (const reply of replies) deleted += Number(reply);
  }, options.signal);
  return { deleted, progress };
}
