// Key editor tabs: one webview panel per opened key. A panel moves the document's views to its page and the page's
// validated requests to the document, answering each through the shared WebviewHost; actions that need VS Code's
// own dialogs (rename, TTL, delete, clipboard, console) go through KeyActions, like the Keys view's commands.
import * as vscode from 'vscode';
import type { KeyDocument } from '../../core/keys/key-document';
import { displayBytes } from '../../core/keys/key-text';
import { describeError, isUserError, UserError } from '../../core/errors';
import type { HostCommand, KeyPush, KeyRequest, ReplyResult } from '../../shared/keys-protocol';
import { parseKeyEditorMessage } from '../../shared/keys-protocol';
import { core } from '../core-loader';
import type { Log } from '../log';
import { WebviewHost } from '../webview-host';
import { webviewPage } from '../webview-html';
import { EXTENSION_WORDS } from '../wording';
import type { KeyActions, KeyChange } from './key-actions';
import { postingThrough } from '../webview-posts';

export const KEY_EDITOR_VIEW_TYPE = 'valkeyCluster.keyEditor';

function title(key: Buffer): string {
  const name = displayBytes(key);
  return vscode.l10n.t('Key {0}', name.length > 40 ? `${name.slice(0, 39)}…` : name);
}

/** Requests that wait for the user (an input box, a confirmation) take as long as the user does; the others are
 * answered within this, so the page never says "Working…" for ever. */
const REQUEST_DEADLINE_MS = 60_000;
const ASKS_THE_USER: ReadonlySet<HostCommand> = new Set(['rename', 'setTtl', 'delete']);

class KeyEditorPanel {
  private readonly host: WebviewHost<KeyRequest, ReplyResult, never, KeyPush>;
  /** Why the key is gone, once it is. */
  private goneMessage: string | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly document: KeyDocument,
    private readonly actions: KeyActions,
    extensionUri: vscode.Uri,
    log: Log,
  ) {
    this.host = new WebviewHost<KeyRequest, ReplyResult, never, KeyPush>({
      name: 'Key editor',
      parse: parseKeyEditorMessage,
      handle: (request) => this.handle(request),
      notice: () => undefined,
      // A (re)loaded page gets the key as it is now, or why it is gone.
      initial: () => [this.goneMessage === undefined ? { type: 'document', document: this.document.view() } : { type: 'gone', message: this.goneMessage }],
      describeError: (error) => describeError(error, EXTENSION_WORDS),
      deadlineMs: (request) => (request.op === 'command' && ASKS_THE_USER.has(request.command) ? undefined : REQUEST_DEADLINE_MS),
      refused: vscode.l10n.t('The extension refused this request (too large or malformed): nothing was changed.'),
      log: (line) => log.warn(line),
    });
    this.host.attach(postingThrough(panel.webview, 'keyEditor'));
    panel.webview.html = webviewPage(panel.webview, extensionUri, 'keys', vscode.l10n.t('Valkey key'));
    panel.onDidChangeViewState(({ webviewPanel }) => {
      if (!webviewPanel.visible) this.host.reload(); // the page is rebuilt when shown again and says ready
    });
    panel.onDidDispose(() => this.host.close());
  }

  /** The key is gone: the page says why and offers nothing more. */
  markGone(message: string): void {
    this.goneMessage = message;
    this.host.post({ type: 'gone', message });
  }

  renamed(to: Buffer): void {
    this.document.renamed(to);
    this.panel.title = title(to);
  }

  private async handle(request: KeyRequest): Promise<ReplyResult> {
    if (this.goneMessage !== undefined) throw new UserError('keyGone', this.goneMessage);
    try {
      if (request.op === 'command') return await this.command(request.command);
      if (request.op === 'copyRow') return { kind: 'done', message: await this.actions.copyValueBytes(this.document.rowBytes(request.row)) };
      return await this.document.handle(request);
    } catch (error) {
      if (isUserError(error) && error.code === 'keyGone') this.markGone(describeError(error, EXTENSION_WORDS));
      throw error;
    }
  }

  private async command(command: HostCommand): Promise<ReplyResult> {
    const key = this.document.key;
    const header = async (message: string): Promise<ReplyResult> => ({ kind: 'edited', message, header: await this.document.refreshHeader(), upsert: [], remove: [] });
    switch (command) {
      case 'rename': {
        const to = await this.actions.rename(key);
        return to ? { kind: 'document', message: vscode.l10n.t('Renamed to {0}.', displayBytes(to)), document: await this.document.load() } : { kind: 'done', message: '' };
      }
      case 'setTtl':
        return (await this.actions.setTtl(key)) ? header(vscode.l10n.t('TTL set.')) : { kind: 'done', message: '' };
      case 'persist':
        await this.actions.persist(key);
        return header(vscode.l10n.t('TTL removed: the key no longer expires.'));
      case 'delete':
        return { kind: 'done', message: (await this.actions.delete(key)) ? vscode.l10n.t('Deleted.') : '' };
      case 'copyName':
        return { kind: 'done', message: await this.actions.copyName(key) };
      case 'copyValue':
        return { kind: 'done', message: await this.actions.copyValueBytes(await this.document.stringValue()) };
      case 'openConsole':
        await this.actions.openInConsole(key, this.document.view().header.type);
        return { kind: 'done', message: vscode.l10n.t('Opened in the console.') };
      case 'measureSize': {
        const bytes = await this.document.measure();
        this.actions.measured(key, bytes);
        return header(vscode.l10n.t('Measured with MEMORY USAGE.'));
      }
    }
  }
}

export class KeyEditors implements vscode.Disposable {
  private readonly panels = new Map<string, KeyEditorPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly actions: KeyActions, private readonly log: Log) {
    this.subscription = actions.onDidChange((change) => this.follow(change));
  }

  /** Opens the key in a tab (or shows its open tab). A key that is gone is said to be gone and not opened. */
  async open(key: Buffer): Promise<boolean> {
    const id = key.toString('latin1');
    const open = this.panels.get(id);
    if (open) {
      open.panel.reveal();
      return true;
    }
    const document = new (core().KeyDocument)(await this.actions.client(), key);
    await document.load(); // throws "gone" for a key that vanished since it was listed
    const panel = vscode.window.createWebviewPanel(KEY_EDITOR_VIEW_TYPE, title(key), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'media')],
    });
    const editor = new KeyEditorPanel(panel, document, this.actions, this.extensionUri, this.log);
    this.panels.set(id, editor);
    panel.onDidDispose(() => {
      for (const [name, candidate] of this.panels) if (candidate === editor) this.panels.delete(name);
    });
    return true;
  }

  /** Keys with an open tab, for tests. */
  openKeys(): Buffer[] {
    return [...this.panels.values()].map((editor) => editor.document.key);
  }

  private follow(change: KeyChange): void {
    const editor = this.panels.get(change.key.toString('latin1'));
    if (!editor) return;
    if (change.kind === 'deleted') editor.markGone(vscode.l10n.t('The key {0} was deleted.', displayBytes(change.key)));
    if (change.kind === 'renamed') {
      this.panels.delete(change.key.toString('latin1'));
      this.panels.set(change.to.toString('latin1'), editor);
      editor.renamed(change.to);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const editor of this.panels.values()) editor.panel.dispose();
    this.panels.clear();
  }
}
