// A string value: as text (or valkey-cli quoting when it is not text), as pretty JSON, or as hex; read in parts when
// it is large; edited inline when it is within the inline limit.
import * as l10n from '@vscode/l10n';
import type { KeyHeader, KeyRequest, StringChunk } from '../../src/shared/keys-protocol';
import { formatBytes } from '../../src/shared/present';
import { bytesOf, hexDump, hexText, prettyJson } from './bytes';
import { button, element } from './dom';
import { valueEditor } from './value-input';

type Mode = 'text' | 'json' | 'hex';
const HEX_LIMIT = 64 * 1024;

export interface Requester {
  request(request: KeyRequest): void;
}

export class StringView {
  readonly element = element('section', 'string-view');
  private mode: Mode = 'text';
  private editing = false;
  private header: KeyHeader | undefined;
  private chunks: readonly StringChunk[] = [];
  private more = false;

  constructor(private readonly requester: Requester) {}

  update(header: KeyHeader, chunks: readonly StringChunk[], more: boolean): void {
    this.header = header;
    this.chunks = chunks;
    this.more = more;
    this.editing = false;
    this.render();
  }

  private readable(): boolean {
    return this.chunks.every((chunk) => chunk.readable);
  }

  private render(): void {
    const header = this.header;
    if (!header) return;
    const readable = this.readable();
    const tabs = element('div', 'tabs');
    tabs.setAttribute('role', 'group');
    tabs.setAttribute('aria-label', l10n.t('Show the value as'));
    for (const [mode, label] of [['text', readable ? l10n.t('Text') : l10n.t('Escaped')], ['json', 'JSON'], ['hex', l10n.t('Hex')]] as const) {
      const tab = button(label, () => {
        this.mode = mode;
        this.render();
      }, mode === this.mode ? 'tab selected' : 'tab');
      tab.setAttribute('aria-pressed', String(mode === this.mode));
      tabs.append(tab);
    }
    const shown = this.chunks.reduce((sum, chunk) => sum + atob(chunk.base64).length, 0);
    const notes: string[] = [];
    if (shown < header.length) notes.push(l10n.t('Showing the first {0} of {1}.', formatBytes(shown), formatBytes(header.length)));
    const editable = !header.readOnly && header.length <= header.inlineLimit && shown >= header.length;
    if (!header.readOnly && header.length > header.inlineLimit) notes.push(l10n.t('Too large to edit here: values up to {0} are edited inline.', formatBytes(header.inlineLimit)));
    const children: HTMLElement[] = [tabs];
    if (this.editing) children.push(this.editor());
    else children.push(this.value(readable));
    for (const note of notes) children.push(element('p', 'note', note));
    const actions = element('div', 'actions');
    if (this.more) actions.append(button(l10n.t('Load more'), () => this.requester.request({ op: 'more' })));
    if (editable && !this.editing) actions.append(button(l10n.t('Edit value'), () => {
      this.editing = true;
      this.render();
    }, 'primary'));
    children.push(actions);
    this.element.replaceChildren(...children);
  }

  private value(readable: boolean): HTMLElement {
    const pre = element('pre', 'value');
    pre.tabIndex = 0;
    if (this.mode === 'hex') {
      const bytes = bytesOf(this.chunks);
      pre.textContent = hexDump(bytes, HEX_LIMIT) || l10n.t('(empty)');
      if (bytes.length > HEX_LIMIT) pre.textContent += `\n… ${l10n.t('(the hex view shows the first {0})', formatBytes(HEX_LIMIT))}`;
      return pre;
    }
    const text = this.chunks.map((chunk) => chunk.text.text).join(readable ? '' : '\n');
    if (this.mode === 'json') {
      if (!readable || this.more) {
        pre.textContent = this.more ? l10n.t('Load the whole value to see it as JSON.') : l10n.t('Not JSON: the value is not text.');
        return pre;
      }
      const json = prettyJson(text);
      pre.textContent = json.ok ? json.text : l10n.t('Not JSON: {0}', json.reason);
      return pre;
    }
    pre.textContent = text === '' ? l10n.t('(empty string)') : text;
    pre.classList.toggle('escaped', !readable);
    return pre;
  }

  private editor(): HTMLElement {
    const readable = this.readable();
    const chunk = this.chunks[0];
    const form = element('form', 'edit-form');
    const editor = valueEditor({
      label: l10n.t('Value'),
      text: readable ? (chunk?.text.text ?? '') : (chunk?.text.text ?? '""'),
      format: readable ? 'text' : 'escaped',
      multiline: true,
      convert: (format) => {
        if (format === 'hex') return hexText(bytesOf(this.chunks));
        if (format === 'text' && readable) return chunk?.text.text ?? '';
        if (format === 'escaped' && !readable) return chunk?.text.text;
        return undefined;
      },
    });
    form.append(editor.element);
    const actions = element('div', 'actions');
    actions.append(button(l10n.t('Save'), () => form.requestSubmit(), 'primary'), button(l10n.t('Cancel'), () => {
      this.editing = false;
      this.render();
    }));
    form.append(actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.requester.request({ op: 'setString', value: editor.value() });
    });
    queueMicrotask(() => editor.focus());
    return form;
  }
}
