// What can be done to a key from the Keys view and from a key editor alike: the VS Code dialogs around the core's
// edits (ask, confirm, report), and a change event so the view and open editors follow what was done.
import * as vscode from 'vscode';
import type { KeyClient } from '../../core/keys/key-client';
import { commandArgument, displayBytes, isReadableText, parseTyped, quoteBytes, readCommandLine } from '../../core/keys/key-text';
import { UserError } from '../../core/errors';
import { formatCount } from '../../shared/present';
import { KEY_TYPES, type KeyType } from '../../shared/keys-protocol';
import { core } from '../core-loader';
import type { KeySessions } from './key-sessions';

export type KeyChange =
  | { readonly kind: 'deleted'; readonly key: Buffer }
  | { readonly kind: 'renamed'; readonly key: Buffer; readonly to: Buffer }
  | { readonly kind: 'ttl'; readonly key: Buffer; readonly ttlMs: number }
  | { readonly kind: 'measured'; readonly key: Buffer; readonly bytes: number };

export class KeyActions implements vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<KeyChange>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly sessions: KeySessions) {}

  async client(): Promise<KeyClient> {
    const client = await this.sessions.client();
    if (!client) throw new UserError('unreachable', vscode.l10n.t('There is no running cluster to browse.'), vscode.l10n.t('Start the cluster, then refresh the Keys view.'));
    return client;
  }

  /** Asks for the new name unless given (a string is read like typed text, a Buffer is taken as is). */
  async rename(key: Buffer, given?: string | Buffer): Promise<Buffer | undefined> {
    const client = await this.client();
    let to: Buffer | undefined = Buffer.isBuffer(given) ? given : given === undefined ? undefined : parseTyped(given, 'new name');
    if (to === undefined) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Rename {0}', displayBytes(key)),
        prompt: vscode.l10n.t('The new name, in the same slot (keep the part in braces). Start with " to write bytes as in valkey-cli: {0}.', '"a\\x00b"'),
        value: commandArgument(key),
        ignoreFocusOut: true,
        validateInput: (text) => validate(() => parseTyped(text, 'new name')),
      });
      if (typed === undefined) return undefined;
      to = parseTyped(typed, 'new name');
    }
    await new (core().KeyEdits)(client).rename(key, to);
    this.changes.fire({ kind: 'renamed', key, to });
    return to;
  }

  /** Seconds from the argument or an input box; true when a TTL was set. */
  async setTtl(key: Buffer, given?: number): Promise<boolean> {
    const client = await this.client();
    let seconds = given;
    if (seconds === undefined) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Set TTL of {0}', displayBytes(key)),
        prompt: vscode.l10n.t('Seconds until the key expires (EXPIRE).'),
        ignoreFocusOut: true,
        validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : vscode.l10n.t('A whole number of seconds, 1 or more.')),
      });
      if (typed === undefined) return false;
      seconds = Number(typed.trim());
    }
    await new (core().KeyEdits)(client).setTtl(key, seconds);
    this.changes.fire({ kind: 'ttl', key, ttlMs: seconds * 1000 });
    return true;
  }

  async persist(key: Buffer): Promise<boolean> {
    await new (core().KeyEdits)(await this.client()).persist(key);
    this.changes.fire({ kind: 'ttl', key, ttlMs: -1 });
    return true;
  }

  /** Asks first unless `confirmed`; true when the key was deleted. */
  async delete(key: Buffer, confirmed = false): Promise<boolean> {
    const client = await this.client();
    if (!confirmed) {
      const remove = vscode.l10n.t('Delete');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the key {0}?', displayBytes(key)), {
        modal: true, detail: vscode.l10n.t('UNLINK: the key and its value are removed from the cluster.'),
      }, remove);
      if (choice !== remove) return false;
    }
    await new (core().KeyEdits)(client).delete(key);
    this.changes.fire({ kind: 'deleted', key });
    return true;
  }

  async copyName(key: Buffer): Promise<string> {
    const text = isReadableText(key) ? key.toString('utf8') : quoteBytes(key);
    await vscode.env.clipboard.writeText(text);
    return isReadableText(key) ? vscode.l10n.t('Key name copied.') : vscode.l10n.t('Key name copied in valkey-cli quoting (it holds bytes that are not text).');
  }

  /** Copies a value's bytes as text when they are text, else in valkey-cli quoting. */
  async copyValueBytes(bytes: Buffer): Promise<string> {
    const readable = isReadableText(bytes);
    await vscode.env.clipboard.writeText(readable ? bytes.toString('utf8') : quoteBytes(bytes));
    return readable ? vscode.l10n.t('Value copied.') : vscode.l10n.t('Value copied in valkey-cli quoting (it holds bytes that are not text).');
  }

  async copyValue(key: Buffer): Promise<string> {
    const document = new (core().KeyDocument)(await this.client(), key);
    await document.load();
    return this.copyValueBytes(await document.stringValue());
  }

  async openInConsole(key: Buffer, type: string): Promise<void> {
    await vscode.commands.executeCommand('valkeyCluster.openConsole', { initialLine: readCommandLine(type, key) });
  }

  async measure(key: Buffer): Promise<number> {
    const bytes = await core().memoryUsage(await this.client(), key);
    this.measured(key, bytes);
    return bytes;
  }

  /** A size measured elsewhere (an editor), so the view shows it too. */
  measured(key: Buffer, bytes: number): void {
    this.changes.fire({ kind: 'measured', key, bytes });
  }

  /** Counts first (a dry run), says how many and asks, then deletes. Returns the number deleted. */
  async deleteMatching(patternText?: string, confirmed = false): Promise<number | undefined> {
    const client = await this.client();
    const typed = patternText ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('Delete keys matching a pattern'),
      prompt: vscode.l10n.t('A SCAN MATCH pattern (* any bytes, ? one byte, [abc] one of them, \\ escapes). Start with " to write bytes as in valkey-cli. The keys are counted first.'),
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('Give a pattern; * means every key.') : validate(() => parseTyped(text, 'pattern'))),
    }));
    if (typed === undefined) return undefined;
    const pattern = parseTyped(typed, 'pattern');
    const filter = { pattern };
    const shown = displayBytes(pattern);
    const counted = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Counting keys matching {0}', shown), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return core().countMatching(client, filter, { signal: abort.signal, onProgress: (scan) => progress.report({ message: vscode.l10n.t('{0} so far', formatCount(scan.found)) }) });
      });
    if (counted.found === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No key matches {0}.', shown));
      return 0;
    }
    if (!confirmed) {
      const notes = counted.notes.length > 0 ? `\n${counted.notes.join('\n')}` : '';
      const remove = vscode.l10n.t('Delete');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0} keys matching {1}?', formatCount(counted.found), shown), {
        modal: true, detail: vscode.l10n.t('Counted across every primary (DBSIZE {0} in all). Keys written from now on that match are deleted too.', formatCount(counted.dbsize)) + notes,
      }, remove);
      if (choice !== remove) return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting keys matching {0}', shown), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return core().deleteMatching(client, filter, { signal: abort.signal, onProgress: (scan) => progress.report({ message: vscode.l10n.t('{0} found', formatCount(scan.found)) }) });
      });
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0} keys matching {1}.', formatCount(result.deleted), shown));
    return result.deleted;
  }

  /** Asks for a type to list (or any). */
  async pickType(): Promise<KeyType | null | undefined> {
    // The type names are TYPE's answers (what SCAN TYPE takes), shown as they are.
    const items = [{ label: vscode.l10n.t('Any type'), type: null }, ...KEY_TYPES.map((type) => ({ label: type, type }))];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('List keys of which type?') });
    return picked?.type;
  }

  dispose(): void {
    this.changes.dispose();
  }
}

/** The message of the UserError `check` throws, for an input box's validation. */
function validate(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
