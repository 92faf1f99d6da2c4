// One class per kind of row in the Keys view. Rows only render what the listing holds; they never query anything.
import * as vscode from 'vscode';
import type { ListedKey } from '../../core/keys/key-details';
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
    const slot = vscode.l10n.t('slot {0}', listed.slot);
    parts.push(slot, listed.node);
    if (memoryBytes !== undefined) parts.push(`≈${formatBytes(memoryBytes)}`);
    this.description = parts.join(' · ');
    this.tooltip = `${name}\n${[typeName(listed.type), vscode.l10n.t('{0} (when listed)', formatTtl(listed.ttlMs)), slot, listed.node].join(' · ')}`;
    this.iconPath = new vscode.ThemeIcon(TYPE_ICONS[listed.type] ?? 'symbol-misc');
    this.contextValue = `key-${listed.type}-${readOnly ? 'ro' : 'rw'}`;
    this.command = { command: 'valkeyCluster.keys.open', title: vscode.l10n.t('Open Key'), arguments: [this] };
    this.accessibilityInformation = { label: `${name}, ${this.description}` };
  }
}

export class KeyFolderRow extends vscode.TreeItem {
  readonly kind = 'folder';
  constructor(readonly folder: KeyFolder<ListedKey>, delimiter: string) {
    super(`${displayBytes(folder.segment)}${delimiter}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `folder:${folder.prefix.toString('base64')}`;
    this.description = vscode.l10n.t('{0} loaded', formatCount(folder.count));
    this.tooltip = vscode.l10n.t('{0}: {1} of the loaded keys', `${displayBytes(folder.prefix)}*`, formatCount(folder.count));
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
      parts.push(progress.done ? vscode.l10n.t('whole cluster scanned') : percent === undefined ? vscode.l10n.t('scanning') : vscode.l10n.t('{0}% of slots scanned', percent));
      parts.push(`DBSIZE ${formatCount(progress.dbsize)}`);
    }
    this.description = parts.join(' · ');
    const lines = [
      filterText ? vscode.l10n.t('Filter: {0}', filterText) : vscode.l10n.t('No filter'),
      ...(progress?.shards.map(shardLine) ?? []),
      ...(progress && progress.rescannedSlots > 0 ? [rescannedText(progress.rescannedSlots)] : []),
      ...(state.vanished > 0 ? [vanishedText(state.vanished)] : []),
      ...(progress?.notes ?? []),
      ...(state.full ? [vscode.l10n.t('The list is full: narrow the filter to see other keys.')] : []),
    ];
    this.tooltip = lines.join('\n');
    this.iconPath = new vscode.ThemeIcon(state.error ? 'error' : state.loading ? 'loading~spin' : progress?.notes.length ? 'warning' : 'info');
    this.contextValue = 'keyMessage';
  }

  private static label(state: ListingState, filterText: string | undefined): string {
    if (state.error) return vscode.l10n.t('Could not list keys: {0}', state.error);
    if (state.loading && state.keys.length === 0) return filterText ? vscode.l10n.t('Scanning for keys matching {0}…', filterText) : vscode.l10n.t('Scanning for keys…');
    const count = formatCount(state.keys.length);
    const one = state.keys.length === 1;
    if (filterText) {
      if (state.loading) return one ? vscode.l10n.t('1 key matching {0}, scanning…', filterText) : vscode.l10n.t('{0} keys matching {1}, scanning…', count, filterText);
      return one ? vscode.l10n.t('1 key matching {0}', filterText) : vscode.l10n.t('{0} keys matching {1}', count, filterText);
    }
    if (state.loading) return one ? vscode.l10n.t('1 key, scanning…') : vscode.l10n.t('{0} keys, scanning…', count);
    return one ? vscode.l10n.t('1 key') : vscode.l10n.t('{0} keys', count);
  }
}

function rescannedText(slots: number): string {
  return slots === 1 ? vscode.l10n.t('1 slot changed during the scan and was scanned again where its keys are now.')
    : vscode.l10n.t('{0} slots changed during the scan and were scanned again where their keys are now.', formatCount(slots));
}

function vanishedText(keys: number): string {
  return keys === 1 ? vscode.l10n.t('1 key expired or was deleted between scanning and describing it.')
    : vscode.l10n.t('{0} keys expired or were deleted between scanning and describing them.', formatCount(keys));
}

export class LoadMoreRow extends vscode.TreeItem {
  readonly kind = 'loadMore';
  constructor(pageSize: number) {
    super(vscode.l10n.t('Load {0} more…', pageSize), vscode.TreeItemCollapsibleState.None);
    this.id = 'keys:loadMore';
    this.iconPath = new vscode.ThemeIcon('fold-down');
    this.contextValue = 'keyLoadMore';
    this.command = { command: 'valkeyCluster.keys.loadMore', title: vscode.l10n.t('Load More Keys') };
  }
}
