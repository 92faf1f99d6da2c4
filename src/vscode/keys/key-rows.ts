// One class per kind of row in the Keys view. Rows only render what the listing holds; they never query anything.
import * as vscode from 'vscode';
import type { ListedKey } from '../../core/keys/key-listing';
import type { KeyFolder } from '../../core/keys/grouping';
import type { ListingState } from '../../core/keys/listing';
import { displayBytes } from '../../core/keys/key-text';
import { formatBytes, formatCount } from '../../shared/present';
import { formatTtl, scannedPercent, shardLine, typeName } from '../../shared/key-present';

export type KeyTreeRow = KeyRow | KeyFolderRow | KeyMessageRow | LoadMoreRow;

const TYPE_ICONS: Readonly<Record<string, string>> = {
  string: 'symbol-string', hash: 'symbol-structure', list: 'list-ordered', set: 'symbol-array', zset: 'symbol-numeric', stream: 'pulse',
};

export class KeyRow extends vscode.TreeItem {
  readonly kind = 'key';
  constructor(readonly listed: ListedKey, readOnly: boolean, memoryBytes: number | undefined, shownName?: Buffer) {
    super(displayBytes(shownName && shownName.length > 0 ? shownName : listed.key), vscode.TreeItemCollapsibleState.None);
    const name = displayBytes(listed.key);
    this.id = `key:${listed.key.toString('base64')}`;
    const parts = [typeName(listed.type)];
    if (listed.ttlMs >= 0) parts.push(formatTtl(listed.ttlMs));
    parts.push(`slot ${listed.slot}`, listed.node);
    if (memoryBytes !== undefined) parts.push(`≈${formatBytes(memoryBytes)}`);
    this.description = parts.join(' · ');
    this.tooltip = `${name}\n${typeName(listed.type)} · ${formatTtl(listed.ttlMs)} (when listed) · slot ${listed.slot} · ${listed.node}`;
    this.iconPath = new vscode.ThemeIcon(TYPE_ICONS[listed.type] ?? 'symbol-misc');
    this.contextValue = `key-${listed.type}-${readOnly ? 'ro' : 'rw'}`;
    this.command = { command: 'valkeyCluster.keys.open', title: 'Open Key', arguments: [this] };
    this.accessibilityInformation = { label: `${name}, ${this.description}` };
  }
}

export class KeyFolderRow extends vscode.TreeItem {
  readonly kind = 'folder';
  constructor(readonly folder: KeyFolder<ListedKey>, delimiter: string) {
    super(`${displayBytes(folder.segment)}${delimiter}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `folder:${folder.prefix.toString('base64')}`;
    this.description = `${formatCount(folder.count)} loaded`;
    this.tooltip = `${displayBytes(folder.prefix)}*: ${formatCount(folder.count)} of the loaded keys`;
    this.iconPath = vscode.ThemeIcon.Folder;
    this.contextValue = 'keyFolder';
  }
}

/** The first row: what is shown against what the cluster holds, or what is going on. */
export class KeyMessageRow extends vscode.TreeItem {
  readonly kind = 'message';
  constructor(state: ListingState, filterText: string | undefined) {
    super(KeyMessageRow.label(state, filterText), vscode.TreeItemCollapsibleState.None);
    this.id = 'keys:message';
    const progress = state.progress;
    const percent = progress ? scannedPercent(progress.shards) : undefined;
    const parts: string[] = [];
    if (progress) {
      parts.push(progress.done ? 'whole cluster scanned' : percent === undefined ? 'scanning' : `${percent}% of slots scanned`);
      parts.push(`DBSIZE ${formatCount(progress.dbsize)}`);
    }
    this.description = parts.join(' · ');
    const lines = [
      filterText ? `Filter: ${filterText}` : 'No filter',
      ...(progress?.shards.map(shardLine) ?? []),
      ...(progress && progress.rescannedSlots > 0 ? [`${countText(progress.rescannedSlots, 'slot')} changed during the scan and were scanned again where their keys are now.`] : []),
      ...(state.vanished > 0 ? [`${countText(state.vanished, 'key')} expired or were deleted between scanning and describing them.`] : []),
      ...(progress?.notes ?? []),
      ...(state.full ? ['The list is full: narrow the filter to see other keys.'] : []),
    ];
    this.tooltip = lines.join('\n');
    this.iconPath = new vscode.ThemeIcon(state.error ? 'error' : state.loading ? 'loading~spin' : progress?.notes.length ? 'warning' : 'info');
    this.contextValue = 'keyMessage';
  }

  private static label(state: ListingState, filterText: string | undefined): string {
    if (state.error) return `Could not list keys: ${state.error}`;
    const shown = `${formatCount(state.keys.length)} ${state.keys.length === 1 ? 'key' : 'keys'}${filterText ? ` matching ${filterText}` : ''}`;
    if (state.loading && state.keys.length === 0) return `Scanning for keys${filterText ? ` matching ${filterText}` : ''}…`;
    return state.loading ? `${shown}, scanning…` : shown;
  }
}

function countText(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export class LoadMoreRow extends vscode.TreeItem {
  readonly kind = 'loadMore';
  constructor(pageSize: number) {
    super(`Load ${pageSize} more…`, vscode.TreeItemCollapsibleState.None);
    this.id = 'keys:loadMore';
    this.iconPath = new vscode.ThemeIcon('fold-down');
    this.contextValue = 'keyLoadMore';
    this.command = { command: 'valkeyCluster.keys.loadMore', title: 'Load More Keys' };
  }
}
