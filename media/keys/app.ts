// The key editor page: the key's header and toolbar, its value (string view or table), and a status line that
// says what became of each action. Every request carries a sequence number; its reply is shown where it was asked.
import * as l10n from '@vscode/l10n';
import type { DocumentView, HostCommand, KeyHeader, KeyPush, KeyRequest, ReplyResult } from '../../src/shared/keys-protocol';
import type { Answer } from '../shared/page-channel';
import { formatBytes } from '../../src/shared/present';
import { formatTtl, lengthText, typeName } from '../../src/shared/key-present';
import { button, element } from './dom';
import { StringView } from './string-view';
import { TableView } from './table-view';

export interface AppHost {
  request(request: KeyRequest): Promise<Answer<ReplyResult>>;
}

export class KeyEditorApp {
  private readonly name = element('h1', 'key-name');
  private readonly facts = element('p', 'facts');
  private readonly toolbar = element('div', 'toolbar');
  private readonly status = element('p', 'status');
  private readonly body = element('main', 'body');
  private readonly strings = new StringView(this);
  private readonly table = new TableView(this);
  private header: KeyHeader | undefined;
  private gone = false;

  constructor(root: HTMLElement, private readonly host: AppHost) {
    this.toolbar.setAttribute('role', 'toolbar');
    this.toolbar.setAttribute('aria-label', l10n.t('Key actions'));
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    const top = element('header', 'key-header');
    top.append(this.name, this.facts, this.toolbar, this.status);
    this.body.append(element('p', 'note', l10n.t('Loading the key…')));
    root.append(top, this.body);
  }

  receive(message: KeyPush): void {
    if (message.type === 'document') this.showDocument(message.document);
    else this.showGone(message.message);
  }

  /** Asks the extension; its answer is shown when it comes. */
  request(request: KeyRequest): void {
    if (this.gone) return;
    this.say(l10n.t('Working…'), false);
    void this.host.request(request).then((answer) => {
      if (answer.ok) this.apply(answer.result);
      else this.say(answer.error, true);
    });
  }

  private apply(result: ReplyResult): void {
    switch (result.kind) {
      case 'page':
        if (this.header?.type === 'string') this.strings.update(this.header, [...this.stringChunks, ...result.chunks], result.more);
        else this.table.append(result.rows, result.more);
        this.stringChunks = [...this.stringChunks, ...result.chunks];
        return this.say('', false);
      case 'edited':
        this.showHeader(result.header);
        this.table.edited(result.header, result.upsert, result.remove);
        return this.say(result.message, false);
      case 'document':
        this.showDocument(result.document);
        return this.say(result.message, false);
      case 'done':
        return this.say(result.message, false);
    }
  }

  private stringChunks: DocumentView['chunks'] = [];

  private showDocument(document: DocumentView): void {
    this.gone = false;
    this.showHeader(document.header);
    this.stringChunks = document.chunks;
    if (document.header.type === 'string') {
      this.strings.update(document.header, document.chunks, document.more);
      this.body.replaceChildren(this.strings.element);
    } else {
      this.table.update(document.header, document.rows, document.more);
      this.body.replaceChildren(this.table.element);
    }
  }

  private showHeader(header: KeyHeader): void {
    this.header = header;
    this.name.textContent = header.name.text;
    this.name.classList.toggle('escaped', header.name.escaped);
    const facts = [typeName(header.type), lengthText(header.type, header.length), formatTtl(header.ttlMs), l10n.t('slot {0}', header.slot), header.node];
    if (header.memoryBytes !== undefined) facts.push(l10n.t('≈{0} in memory', formatBytes(header.memoryBytes)));
    if (header.readOnly) facts.push(l10n.t('read-only'));
    this.facts.textContent = facts.join(' · ');
    const command = (label: string, name: HostCommand, className = 'secondary') => button(label, () => this.request({ op: 'command', command: name }), className);
    const buttons = [
      button(l10n.t('Reload'), () => this.request({ op: 'reload' })),
      command(l10n.t('Copy name'), 'copyName'),
      ...(header.type === 'string' && header.length <= header.inlineLimit ? [command(l10n.t('Copy value'), 'copyValue')] : []),
      command(l10n.t('Open in console'), 'openConsole'),
      command(l10n.t('Measure size'), 'measureSize'),
    ];
    if (!header.readOnly) {
      buttons.push(command(l10n.t('Rename…'), 'rename'), command(l10n.t('Set TTL…'), 'setTtl'));
      if (header.ttlMs >= 0) buttons.push(command(l10n.t('Remove TTL'), 'persist'));
      buttons.push(command(l10n.t('Delete'), 'delete', 'danger'));
    }
    this.toolbar.replaceChildren(...buttons);
  }

  private showGone(message: string): void {
    this.gone = true;
    this.toolbar.replaceChildren();
    this.facts.textContent = '';
    this.body.replaceChildren(element('p', 'gone', message));
    this.say(message, true);
  }

  private say(text: string, error: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
