// The key browser's composition: the Keys view, key editor tabs and their commands, around one KeySpaceSource
// (the cluster to browse) and the extension's command wrapper, which is all it needs from the rest of the extension.
import * as vscode from 'vscode';
import { isUserError } from '../../core/errors';
import { displayBytes, parseTyped } from '../../core/keys/key-text';
import { KEY_TYPES, type KeyType } from '../../shared/keys-protocol';
import type { RegisterCommands } from '../commands/register';
import type { Log } from '../log';
import { KeyActions } from './key-actions';
import { KeyEditors } from './key-editor';
import { KeyRow, type KeyTreeRow } from './key-rows';
import { KeySessions, type KeySpaceSource } from './key-sessions';
import { KEYS_VIEW_ID, KeyTreeProvider } from './key-tree';

export type { KeySpaceSource } from './key-sessions';

/** What tests (and the extension's API) may look at. */
export interface KeyBrowser {
  children(row?: KeyTreeRow): Promise<KeyTreeRow[]>;
  /** Reads the next page and waits for it. */
  loadMore(): Promise<void>;
  openEditors(): Buffer[];
}

/** A key from a view row, a Buffer, or a listed key ({ key }). */
type KeyArgument = KeyRow | Buffer | { readonly key: Buffer } | undefined;

function keyOf(argument: KeyArgument): Buffer | undefined {
  if (Buffer.isBuffer(argument)) return argument;
  if (argument instanceof KeyRow) return argument.listed.key;
  return argument && Buffer.isBuffer(argument.key) ? argument.key : undefined;
}

function typeOf(argument: KeyArgument): string | undefined {
  return argument instanceof KeyRow ? argument.listed.type : undefined;
}

/** `register`: the extension's one command wrapper, so these commands fail (and are refused) like every other. */
export function registerKeyBrowser(context: vscode.ExtensionContext, source: KeySpaceSource, register: RegisterCommands, log: Log): KeyBrowser {
  const sessions = new KeySessions(source);
  const tree = new KeyTreeProvider(sessions, context.workspaceState);
  const view = vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const actions = new KeyActions(sessions);
  const editors = new KeyEditors(context.extensionUri, actions, log);

  const withKey = (action: (key: Buffer, argument: KeyArgument, ...rest: never[]) => Promise<unknown>) =>
    async (argument: KeyArgument, ...rest: never[]) => {
      const key = keyOf(argument);
      if (!key) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Choose a key in the Keys view first.'));
        return undefined;
      }
      return action(key, argument, ...rest);
    };

  const handlers: Record<string, (...args: never[]) => unknown> = {
    'valkeyCluster.keys.refresh': () => tree.restart(),
    'valkeyCluster.keys.loadMore': () => tree.loadMore(),
    'valkeyCluster.keys.showAsTree': () => tree.setGrouped(true),
    'valkeyCluster.keys.showAsList': () => tree.setGrouped(false),
    'valkeyCluster.keys.filter': async (given?: string) => {
      const typed = given ?? (await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter keys'),
        prompt: vscode.l10n.t('A SCAN MATCH pattern: * any bytes, ? one byte, [abc] one of them, \\ escapes the next. Empty: every key. Start with " to write bytes as in valkey-cli ({0}).', '"a\\x00*"'),
        value: tree.filter.patternText ?? '',
        ignoreFocusOut: true,
        validateInput: (text) => {
          try {
            parseTyped(text, 'pattern');
            return undefined;
          } catch (error) {
            return (error as Error).message;
          }
        },
      }));
      if (typed === undefined) return;
      const pattern = typed.trim() === '' ? undefined : parseTyped(typed, 'pattern');
      tree.setFilter({ ...tree.filter, pattern, patternText: pattern && displayBytes(pattern) });
    },
    'valkeyCluster.keys.filterType': async (given?: string) => {
      const type = given === undefined ? await actions.pickType() : (KEY_TYPES as readonly string[]).includes(given) ? (given as KeyType) : null;
      if (type === undefined) return;
      tree.setFilter({ ...tree.filter, type: type ?? undefined });
    },
    'valkeyCluster.keys.clearFilter': () => tree.setFilter({}),
    'valkeyCluster.keys.open': withKey(async (key) => {
      try {
        return await editors.open(key);
      } catch (error) {
        if (isUserError(error) && error.code === 'keyGone') tree.removed(key); // it is said to be gone, and leaves the list
        throw error;
      }
    }),
    'valkeyCluster.keys.copyName': withKey(async (key) => void vscode.window.setStatusBarMessage(await actions.copyName(key), 3000)),
    'valkeyCluster.keys.copyValue': withKey(async (key) => void vscode.window.setStatusBarMessage(await actions.copyValue(key), 3000)),
    'valkeyCluster.keys.openInConsole': withKey(async (key, argument) => actions.openInConsole(key, typeOf(argument) ?? String((await (await actions.client()).command('type', key)) ?? 'none'))),
    'valkeyCluster.keys.measureSize': withKey((key) => actions.measure(key)),
    'valkeyCluster.keys.rename': withKey((key, _argument, given?: string | Buffer) => actions.rename(key, given)),
    'valkeyCluster.keys.setTtl': withKey((key, _argument, seconds?: number) => actions.setTtl(key, seconds)),
    'valkeyCluster.keys.persist': withKey((key) => actions.persist(key)),
    'valkeyCluster.keys.delete': withKey((key, _argument, confirmed?: boolean) => actions.delete(key, confirmed === true)),
    'valkeyCluster.keys.deleteMatching': async (pattern?: string, confirmed?: boolean) => {
      const deleted = await actions.deleteMatching(pattern, confirmed === true);
      if (deleted) tree.restart();
      return deleted;
    },
  };

  context.subscriptions.push(
    sessions, tree, view, actions, editors,
    source.onDidChangeSnapshot(() => void tree.snapshotChanged()),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('valkeyCluster.keys') && tree.redrawNow()),
    actions.onDidChange((change) => {
      if (change.kind === 'deleted') tree.removed(change.key);
      if (change.kind === 'renamed') tree.updated(change.key, { key: change.to });
      if (change.kind === 'ttl') tree.updated(change.key, { ttlMs: change.ttlMs });
      if (change.kind === 'measured') tree.measured(change.key, change.bytes);
    }),
    ...register(handlers),
  );

  return {
    children: (row) => tree.getChildren(row),
    loadMore: async () => {
      const listing = await tree.currentListing();
      await listing?.loadMore();
    },
    openEditors: () => editors.openKeys(),
  };
}
