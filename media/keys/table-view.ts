// A collection as a table, one row per field, element, member or stream entry, with actions per row and a form to
// add one. Rows are named by the ids the host gave them: the page acts only on what it was shown.
import * as l10n from '@vscode/l10n';
import type { CellView, KeyHeader, KeyRequest, KeyType, RowView } from '../../src/shared/keys-protocol';
import { formatCount } from '../../src/shared/present';
import { button, element } from './dom';
import { valueEditor } from './value-input';
import type { ValueEditor } from './value-input';
import type { Requester } from './string-view';

function columns(type: Exclude<KeyType, 'string'>): readonly string[] {
  switch (type) {
    case 'hash':
      return [l10n.t('Field'), l10n.t('Value')];
    case 'list':
      return [l10n.t('Index'), l10n.t('Element')];
    case 'set':
      return [l10n.t('Member')];
    case 'zset':
      return [l10n.t('Score'), l10n.t('Member')];
    case 'stream':
      return [l10n.t('ID'), l10n.t('Fields')];
  }
}

function cellElement(cell: CellView): HTMLElement {
  const span = element('span', cell.escaped ? 'cell escaped' : 'cell', cell.text === '' ? l10n.t('(empty)') : cell.text);
  if (cell.fullBytes !== undefined) span.append(element('span', 'cut', ` … ${l10n.t('({0} bytes; too long to edit here)', formatCount(cell.fullBytes))}`));
  return span;
}

/** The cell a row's Edit changes. */
function editedCell(row: RowView): CellView | undefined {
  switch (row.kind) {
    case 'field':
    case 'element':
      return row.value;
    case 'member':
    case 'scored':
      return row.member;
    case 'entry':
      return undefined;
  }
}

export class TableView {
  readonly element = element('section', 'table-view');
  private header: KeyHeader | undefined;
  private rows = new Map<number, RowView>();
  private readonly rowElements = new Map<number, HTMLTableRowElement>();
  private readonly body = element('tbody');
  private readonly caption = element('caption');
  private readonly moreActions = element('div', 'actions');
  private addSection: HTMLElement | undefined;
  private addType: KeyType | undefined;
  private editing: number | undefined;

  constructor(private readonly requester: Requester) {}

  /** Everything anew (a loaded or reloaded document). */
  update(header: KeyHeader, rows: readonly RowView[], more: boolean): void {
    this.header = header;
    this.rows = new Map(rows.map((row) => [row.id, row]));
    this.editing = undefined;
    if (header.type === 'string') return;
    const table = element('table');
    const head = element('tr');
    for (const column of [...columns(header.type), l10n.t('Actions')]) {
      const th = element('th', undefined, column);
      th.scope = 'col';
      head.append(th);
    }
    const thead = element('thead');
    thead.append(head);
    this.rowElements.clear();
    this.body.replaceChildren();
    for (const row of rows) this.put(row);
    table.append(this.caption, thead, this.body);
    const children: HTMLElement[] = [table, this.moreActions];
    if (!header.readOnly) {
      if (this.addType !== header.type) {
        this.addSection = this.addForm(header.type);
        this.addType = header.type;
      }
      if (this.addSection) children.push(this.addSection);
    }
    this.element.replaceChildren(...children);
    this.footer(more);
  }

  /** The next page, added below. */
  append(rows: readonly RowView[], more: boolean): void {
    for (const row of rows) this.put(row);
    this.footer(more);
  }

  /** An edit done in place. */
  edited(header: KeyHeader, upsert: readonly RowView[], remove: readonly number[]): void {
    this.header = header;
    for (const id of remove) {
      this.rows.delete(id);
      this.rowElements.get(id)?.remove();
      this.rowElements.delete(id);
    }
    this.editing = undefined;
    for (const row of upsert) this.put(row);
    this.footer(undefined);
  }

  private put(row: RowView): void {
    this.rows.set(row.id, row);
    const fresh = this.rowElement(row);
    const old = this.rowElements.get(row.id);
    if (old) old.replaceWith(fresh);
    else this.body.append(fresh);
    this.rowElements.set(row.id, fresh);
  }

  private redrawRow(id: number): void {
    const row = this.rows.get(id);
    if (row) this.put(row);
  }

  private footer(more: boolean | undefined): void {
    const header = this.header;
    if (!header) return;
    this.caption.textContent = l10n.t('{0} of {1} shown', formatCount(this.rows.size), formatCount(header.length));
    if (more === undefined) return;
    this.moreActions.replaceChildren(...(more ? [button(l10n.t('Load more'), () => this.requester.request({ op: 'more' }))] : []));
  }

  private rowElement(row: RowView): HTMLTableRowElement {
    const readOnly = this.header?.readOnly ?? true;
    const tr = element('tr');
    tr.dataset.row = String(row.id);
    const cells: HTMLElement[] = [];
    switch (row.kind) {
      case 'field':
        cells.push(cellElement(row.field), cellElement(row.value));
        break;
      case 'element':
        cells.push(element('span', 'index', String(row.index)), cellElement(row.value));
        break;
      case 'member':
        cells.push(cellElement(row.member));
        break;
      case 'scored':
        cells.push(element('span', 'score', row.score), cellElement(row.member));
        break;
      case 'entry': {
        const list = element('dl', 'entry');
        for (const { field, value } of row.fields) {
          const dt = element('dt');
          dt.append(cellElement(field));
          const dd = element('dd');
          dd.append(cellElement(value));
          list.append(dt, dd);
        }
        cells.push(element('span', 'index', row.entryId), list);
        break;
      }
    }
    const target = editedCell(row);
    if (this.editing === row.id && target) {
      const label = row.kind === 'field' ? l10n.t('Value') : row.kind === 'element' ? l10n.t('Element') : l10n.t('Member');
      const editor = valueEditor({ label, text: target.text, format: target.escaped ? 'escaped' : 'text', multiline: true });
      cells[cells.length - 1] = this.form(editor, row.id, () => ({ op: 'editRow', row: row.id, value: editor.value() }));
      queueMicrotask(() => editor.focus());
    }
    for (const cell of cells) {
      const td = element('td');
      td.append(cell);
      tr.append(td);
    }
    const actions = element('td', 'row-actions');
    actions.append(button(l10n.t('Copy'), () => this.requester.request({ op: 'copyRow', row: row.id }), 'icon', l10n.t('Copy this value')));
    if (!readOnly) {
      if (target && target.fullBytes === undefined && this.editing !== row.id) {
        actions.append(button(l10n.t('Edit'), () => {
          const before = this.editing;
          this.editing = row.id;
          if (before !== undefined) this.redrawRow(before);
          this.redrawRow(row.id);
        }, 'icon'));
      }
      if (row.kind === 'scored') actions.append(button(l10n.t('Score'), () => this.editScore(row), 'icon', l10n.t('Change the score')));
      actions.append(button(l10n.t('Remove'), () => this.requester.request({ op: 'removeRow', row: row.id }), 'icon danger'));
    }
    tr.append(actions);
    return tr;
  }

  private editScore(row: Extract<RowView, { kind: 'scored' }>): void {
    const cell = this.rowElements.get(row.id)?.cells[0];
    if (!cell) return;
    const input = element('input', 'score-input');
    input.value = row.score;
    input.setAttribute('aria-label', l10n.t('Score'));
    const form = element('form', 'inline-form');
    form.append(input, button(l10n.t('Save'), () => form.requestSubmit(), 'primary'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.requester.request({ op: 'setScore', row: row.id, score: input.value });
    });
    cell.replaceChildren(form);
    input.focus();
  }

  private form(editor: ValueEditor, id: number, request: () => KeyRequest): HTMLFormElement {
    const form = element('form', 'edit-form');
    const actions = element('div', 'actions');
    actions.append(button(l10n.t('Save'), () => form.requestSubmit(), 'primary'), button(l10n.t('Cancel'), () => {
      this.editing = undefined;
      this.redrawRow(id);
    }));
    form.append(editor.element, actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.requester.request(request());
    });
    return form;
  }

  private addForm(type: Exclude<KeyType, 'string'>): HTMLElement {
    const section = element('details', 'add');
    const summary = type === 'hash' ? l10n.t('Add a field') : type === 'stream' ? l10n.t('Add an entry') : type === 'list' ? l10n.t('Add an element') : l10n.t('Add a member');
    section.append(element('summary', undefined, summary));
    const form = element('form', 'edit-form');
    let request: () => KeyRequest;
    switch (type) {
      case 'hash': {
        const field = valueEditor({ label: l10n.t('Field') });
        const value = valueEditor({ label: l10n.t('Value'), multiline: true });
        form.append(field.element, value.element);
        request = () => ({ op: 'setField', field: field.value(), value: value.value() });
        break;
      }
      case 'list': {
        const value = valueEditor({ label: l10n.t('Element'), multiline: true });
        const end = element('select');
        end.setAttribute('aria-label', l10n.t('Where'));
        for (const [name, label] of [['tail', l10n.t('At the tail (RPUSH)')], ['head', l10n.t('At the head (LPUSH)')]]) {
          const option = element('option', undefined, label);
          option.value = name;
          end.append(option);
        }
        form.append(value.element, end);
        request = () => ({ op: 'push', value: value.value(), end: end.value === 'head' ? 'head' : 'tail' });
        break;
      }
      case 'set':
      case 'zset': {
        const member = valueEditor({ label: l10n.t('Member') });
        form.append(member.element);
        const score = element('input', 'score-input');
        score.setAttribute('aria-label', l10n.t('Score'));
        score.placeholder = l10n.t('Score');
        if (type === 'zset') form.append(score);
        request = () => (type === 'zset' ? { op: 'addMember', member: member.value(), score: score.value } : { op: 'addMember', member: member.value() });
        break;
      }
      case 'stream': {
        const pairs: { field: ValueEditor; value: ValueEditor }[] = [];
        const list = element('div', 'pairs');
        const addPair = () => {
          const pair = { field: valueEditor({ label: l10n.t('Field') }), value: valueEditor({ label: l10n.t('Value') }) };
          pairs.push(pair);
          const row = element('div', 'pair');
          row.append(pair.field.element, pair.value.element);
          list.append(row);
        };
        addPair();
        form.append(list, button(l10n.t('Another field'), addPair));
        request = () => ({ op: 'addEntry', fields: pairs.map((pair) => ({ field: pair.field.value(), value: pair.value.value() })) });
        break;
      }
    }
    const actions = element('div', 'actions');
    actions.append(button(l10n.t('Add'), () => form.requestSubmit(), 'primary'));
    form.append(actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.requester.request(request());
    });
    section.append(form);
    return section;
  }
}
