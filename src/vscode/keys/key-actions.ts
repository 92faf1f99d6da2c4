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
    if (!client) throw new UserError('unreachable', 'There is no running cluster to browse.', 'Start the cluster, then refresh the Keys view.');
    return client;
  }

  /** Asks for the new name unless given (a string is read like typed text, a Buffer is taken as is). */
  async rename(key: Buffer, given?: string | Buffer): Promise<Buffer | undefined> {
    const client = await this.client();
    let to: Buffer | undefined = Buffer.isBuffer(given) ? given : given === undefined ? undefined : parseTyped(given, 'new name');
    if (to === undefined) {
      const typed = await vscode.window.showInputBox({
        title: `Rename ${displayBytes(key)}`,
        prompt: 'The new name, in the same slot (keep the part in braces). Start with " to write bytes as in valkey-cli: "a\\x00b".',
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
        title: `Set TTL of ${displayBytes(key)}`,
        prompt: 'Seconds until the key expires (EXPIRE).',
        ignoreFocusOut: true,
        validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : 'A whole number of seconds, 1 or more.'),
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
      const choice = await vscode.window.showWarningMessage(`Delete the key ${displayBytes(key)}?`, { modal: true, detail: 'UNLINK: the key and its value are removed from the cluster.' }, 'Delete');
      if (choice !== 'Delete') return false;
    }
    await new (core().KeyEdits)(client).delete(key);
    this.changes.fire({ kind: 'deleted', key });
    return true;
  }

  async copyName(key: Buffer): Promise<string> {
    const text = isReadableText(key) ? key.toString('utf8') : quoteBytes(key);
    await vscode.env.clipboard.writeText(text);
    return isReadableText(key) ? 'Key name copied.' : 'Key name copied in valkey-cli quoting (it holds bytes that are not text).';
  }

  /** Copies bytes as text when they are text, else in valkey-cli quoting. */
  async copyBytes(bytes: Buffer, what: string): Promise<string> {
    const readable = isReadableText(bytes);
    await vscode.env.clipboard.writeText(readable ? bytes.toString('utf8') : quoteBytes(bytes));
    return readable ? `${what} copied.` : `${what} copied in valkey-cli quoting (it holds bytes that are not text).`;
  }

  async copyValue(key: Buffer): Promise<string> {
    const document = new (core().KeyDocument)(await this.client(), key);
    await document.load();
    return this.copyBytes(await document.stringValue(), 'Value');
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
      title: 'Delete keys matching a pattern',
      prompt: 'A SCAN MATCH pattern (* any bytes, ? one byte, [abc] one of them, \\ escapes). Start with " to write bytes as in valkey-cli. The keys are counted first.',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? 'Give a pattern; * means every key.' : validate(() => parseTyped(text, 'pattern'))),
    }));
    if (typed === undefined) return undefined;
    const pattern = parseTyped(typed, 'pattern');
    const filter = { pattern };
    const shown = displayBytes(pattern);
    const counted = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Counting keys matching ${shown}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return core().countMatching(client, filter, { signal: abort.signal, onProgress: (scan) => progress.report({ message: `${formatCount(scan.found)} so far` }) });
      });
    if (counted.found === 0) {
      void vscode.window.showInformationMessage(`No key matches ${shown}.`);
      return 0;
    }
    if (!confirmed) {
      const notes = counted.notes.length > 0 ? `\n${counted.notes.join('\n')}` : '';
      const choice = await vscode.window.showWarningMessage(`Delete ${formatCount(counted.found)} keys matching ${shown}?`, {
        modal: true, detail: `Counted across every primary (DBSIZE ${formatCount(counted.dbsize)} in all). Keys written from now on that match are deleted too.${notes}`,
      }, 'Delete');
      if (choice !== 'Delete') return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting keys matching ${shown}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return core().deleteMatching(client, filter, { signal: abort.signal, onProgress: (scan) => progress.report({ message: `${formatCount(scan.found)} found` }) });
      });
    void vscode.window.showInformationMessage(`Deleted ${formatCount(result.deleted)} keys matching ${shown}.`);
    return result.deleted;
  }

  /** Asks for a type to list (or any). */
  async pickType(): Promise<KeyType | null | undefined> {
    const items = [{ label: 'Any type', type: null }, ...KEY_TYPES.map((type) => ({ label: type, type }))];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'List keys of which type?' });
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
