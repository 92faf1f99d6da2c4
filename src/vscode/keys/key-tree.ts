// The Keys view: a message row saying what has been scanned against DBSIZE, the keys loaded so far (flat, or as a
// tree by a delimiter), and a row to load more. The listing runs in the core; this only renders it, and tells
// VS Code to redraw at most a few times a second while a scan reports progress.
import * as vscode from 'vscode';
import type { ListedKey } from '../../core/keys/key-details';
import type { KeyListing } from '../../core/keys/listing';
import type { ScanFilter } from '../../core/keys/scanner';
import { groupKeys, type KeyFolder } from '../../core/keys/grouping';
import type { KeyType } from '../../shared/keys-protocol';
import { core } from '../core-loader';
import { KeyFolderRow, KeyMessageRow, KeyRow, type KeyTreeRow, LoadMoreRow } from './key-rows';
import type { KeySessions } from './key-sessions';
import { readKeyViewSettings } from './key-settings';

export const KEYS_VIEW_ID = 'valkeyCluster.keys';
const REDRAW_MS = 150;

export interface KeyFilter {
  readonly pattern?: Buffer;
  /** The pattern as the person typed it, for messages. */
  readonly patternText?: string;
  readonly type?: KeyType;
}

export class KeyTreeProvider implements vscode.TreeDataProvider<KeyTreeRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KeyTreeRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private listing: KeyListing | undefined;
  private starting: Promise<void> | undefined;
  /** The last start found no cluster to browse (true before the first start too, until one is found). */
  private noCluster = true;
  private filterValue: KeyFilter = {};
  private groupedValue: boolean;
  private readOnly = false;
  private readonly sizes = new Map<string, number>();
  private redraw: NodeJS.Timeout | undefined;
  /** Bumped by every restart, so a listing started before it is dropped when it arrives. */
  private generation = 0;

  constructor(private readonly sessions: KeySessions, private readonly state: vscode.Memento) {
    this.groupedValue = state.get<boolean>('valkeyCluster.keys.grouped', false);
    void vscode.commands.executeCommand('setContext', 'valkeyCluster.keys.grouped', this.groupedValue);
  }

  get filter(): KeyFilter {
    return this.filterValue;
  }

  get grouped(): boolean {
    return this.groupedValue;
  }

  filterText(): string | undefined {
    const parts = [this.filterValue.patternText, this.filterValue.type && vscode.l10n.t('type {0}', this.filterValue.type)].filter((part) => part);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }

  getTreeItem(row: KeyTreeRow): vscode.TreeItem {
    return row;
  }

  async getChildren(row?: KeyTreeRow): Promise<KeyTreeRow[]> {
    if (row?.kind === 'folder') return this.folderChildren(row.folder);
    if (row) return [];
    if (!this.listing) await this.start();
    const listing = this.listing;
    if (!listing) return [];
    const state = listing.state();
    const settings = readKeyViewSettings();
    const rows: KeyTreeRow[] = [new KeyMessageRow(state, this.filterText())];
    if (this.groupedValue) {
      rows.push(...this.folderChildren(groupKeys(state.keys, (listed) => listed.key, Buffer.from(settings.delimiter, 'utf8'))));
    } else {
      rows.push(...state.keys.map((listed) => this.keyRow(listed)));
    }
    if (listing.canLoadMore && state.keys.length > 0) rows.push(new LoadMoreRow(settings.pageSize));
    return rows;
  }

  private folderChildren(folder: KeyFolder<ListedKey>): KeyTreeRow[] {
    const delimiter = readKeyViewSettings().delimiter;
    return [
      ...folder.folders.map((child) => new KeyFolderRow(child, delimiter)),
      ...folder.keys.map(({ item }) => this.keyRow(item, item.key.subarray(folder.prefix.length))),
    ];
  }

  private keyRow(listed: ListedKey, shownName?: Buffer): KeyRow {
    return new KeyRow(listed, this.readOnly, this.sizes.get(listed.key.toString('latin1')), shownName);
  }

  /** A new listing with the current filter: the first page is read at once. */
  private start(): Promise<void> {
    const generation = this.generation;
    this.starting ??= (async () => {
      const client = await this.sessions.client().catch(() => undefined);
      if (generation !== this.generation) return;
      this.noCluster = client === undefined;
      if (!client) return;
      this.readOnly = client.space.readOnly;
      void vscode.commands.executeCommand('setContext', 'valkeyCluster.keys.readOnly', this.readOnly);
      const filter: ScanFilter = { pattern: this.filterValue.pattern, type: this.filterValue.type };
      this.listing = new (core().KeyListing)(client, filter, readKeyViewSettings().pageSize, () => this.scheduleRedraw());
      void this.listing.loadMore();
    })().finally(() => {
      if (generation === this.generation) this.starting = undefined;
    });
    return this.starting;
  }

  /** Forgets what is listed and starts over (a refresh, a new filter, another cluster). */
  restart(): void {
    this.generation++;
    this.starting = undefined;
    this.listing?.dispose();
    this.listing = undefined;
    this.sizes.clear();
    this.changed.fire(undefined);
  }

  /** A new snapshot: start listing when a cluster appeared, clear the list when it went away; a running listing
   * is kept as it is (it follows failovers and moved slots itself). */
  async snapshotChanged(): Promise<void> {
    if (this.starting) return;
    const present = (await this.sessions.source.space().catch(() => undefined)) !== undefined;
    if (present === this.noCluster) this.restart();
  }

  /** Settings changed: rows are drawn again (a new page size applies to the next listing). */
  redrawNow(): void {
    this.changed.fire(undefined);
  }

  setFilter(filter: KeyFilter): void {
    this.filterValue = filter;
    void vscode.commands.executeCommand('setContext', 'valkeyCluster.keys.filtered', filter.pattern !== undefined || filter.type !== undefined);
    this.restart();
  }

  setGrouped(grouped: boolean): void {
    this.groupedValue = grouped;
    void this.state.update('valkeyCluster.keys.grouped', grouped);
    void vscode.commands.executeCommand('setContext', 'valkeyCluster.keys.grouped', grouped);
    this.changed.fire(undefined);
  }

  async loadMore(): Promise<void> {
    await this.listing?.loadMore();
  }

  /** The current listing (after the first page was asked for), for commands and tests. */
  async currentListing(): Promise<KeyListing | undefined> {
    if (!this.listing) await this.start();
    return this.listing;
  }

  removed(key: Buffer): void {
    this.listing?.removed(key);
  }

  updated(key: Buffer, change: Partial<Pick<ListedKey, 'key' | 'ttlMs'>>): void {
    this.listing?.updated(key, change);
  }

  measured(key: Buffer, bytes: number): void {
    this.sizes.set(key.toString('latin1'), bytes);
    this.scheduleRedraw();
  }

  private scheduleRedraw(): void {
    if (this.redraw) return;
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.changed.fire(undefined);
    }, REDRAW_MS);
  }

  dispose(): void {
    if (this.redraw) clearTimeout(this.redraw);
    this.listing?.dispose();
    this.changed.dispose();
  }
}
