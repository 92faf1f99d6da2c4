// The key list a view shows: pages of keys from one scan with their type, TTL, slot and node, loaded on request,
// each key once, up to a cap; and what the scan has covered so far, against DBSIZE. Changes made through the
// browser (delete, rename, TTL) are applied to the list so it does not need a rescan.
import { describeError, isCancelled } from '../errors';
import type { KeyClient } from './key-client';
import { describeKeys, type ListedKey } from './key-details';
import { KeyScan, type ScanFilter, type ScanProgress } from './scanner';

/** A list never holds more keys than this: narrow the filter to see others. */
export const MAX_LISTED_KEYS = 10_000;

export interface ListingState {
  readonly keys: readonly ListedKey[];
  readonly progress?: ScanProgress;
  /** A page is being read. */
  readonly loading: boolean;
  /** Keys the scan found that expired or were deleted before they were described. */
  readonly vanished: number;
  /** The list is full (MAX_LISTED_KEYS): more keys are not loaded. */
  readonly full: boolean;
  /** Why the last page failed, in a sentence. */
  readonly error?: string;
}

export class KeyListing {
  private keys: ListedKey[] = [];
  private readonly listed = new Set<string>();
  private scan: Promise<KeyScan> | undefined;
  private progress: ScanProgress | undefined;
  private loading: Promise<void> | undefined;
  private vanished = 0;
  private error: string | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly client: KeyClient,
    readonly filter: ScanFilter,
    private readonly pageSize: number,
    private readonly changed: () => void,
  ) {}

  state(): ListingState {
    return {
      keys: this.keys,
      progress: this.progress,
      loading: this.loading !== undefined,
      vanished: this.vanished,
      full: this.keys.length >= MAX_LISTED_KEYS,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  get canLoadMore(): boolean {
    return !this.loading && this.keys.length < MAX_LISTED_KEYS && !(this.progress?.done ?? false);
  }

  /** Reads the next page (one at a time: a second call while one runs waits for it). */
  loadMore(): Promise<void> {
    if (this.loading) return this.loading;
    if (!this.canLoadMore) return Promise.resolve();
    this.error = undefined;
    this.loading = this.readPage().finally(() => {
      this.loading = undefined;
      this.changed();
    });
    this.changed();
    return this.loading;
  }

  private async readPage(): Promise<void> {
    try {
      this.scan ??= KeyScan.start(this.client, {
        filter: this.filter,
        remember: true,
        onProgress: (progress) => {
          this.progress = progress;
          this.changed();
        },
      });
      const scan = await this.scan;
      const limit = Math.min(this.pageSize, MAX_LISTED_KEYS - this.keys.length);
      const found = await scan.next(limit, this.abort.signal);
      const described = await describeKeys(this.client, found);
      if (this.abort.signal.aborted) return;
      const fresh = described.keys.filter((listed) => !this.listed.has(listed.key.toString('latin1')));
      for (const listed of fresh) this.listed.add(listed.key.toString('latin1'));
      this.keys = [...this.keys, ...fresh];
      this.vanished += described.vanished;
      this.progress = scan.progress();
    } catch (error) {
      if (isCancelled(error) || this.abort.signal.aborted) return;
      this.scan = undefined; // the next attempt starts over; the listed keys stay and repeats are dropped
      this.error = describeError(error);
    }
  }

  /** After a delete made here. */
  removed(key: Buffer): void {
    this.keys = this.keys.filter((listed) => !listed.key.equals(key));
    this.listed.delete(key.toString('latin1'));
    this.changed();
  }

  /** After a rename or TTL change made here. */
  updated(key: Buffer, change: Partial<Pick<ListedKey, 'key' | 'ttlMs'>>): void {
    this.keys = this.keys.map((listed) => (listed.key.equals(key) ? { ...listed, ...change } : listed));
    if (change.key) {
      this.listed.delete(key.toString('latin1'));
      this.listed.add(change.key.toString('latin1'));
    }
    this.changed();
  }

  dispose(): void {
    this.abort.abort();
  }
}
