// One opened key as an editor sees it: its header, the rows or string parts read so far, and the edits a page may
// ask for. The page names rows by the ids handed to it, never by their bytes, so it can only act on what it was
// shown; what it types arrives as text in a declared format and is turned into exact bytes here.
import type { CellView, DocumentView, KeyHeader, KeyRequest, ReplyResult, RowView, StringChunk, ValueInput } from '../../shared/keys-protocol';
import { UserError } from '../errors';
import type { KeyClient } from './key-client';
import { KeyEdits } from './key-edits';
import { memoryUsage } from './key-details';
import { byteText, decodeValue, isReadableText } from './key-text';
import { INLINE_LIMIT, type KeyMeta, readMeta, readPage, readStringPart, type StringPart, type ValueRow } from './key-values';
import { ownerName } from './scan-topology';

/** Cells longer than this are shown cut (and then not edited inline). */
const CELL_LIMIT = 64 * 1024;
const CUT_CELL = 1024;
/** A document shows at most this many rows, and this many bytes of a string. */
export const MAX_DOCUMENT_ROWS = 20_000;
export const MAX_DOCUMENT_STRING_BYTES = 4 * 1024 * 1024;

function cell(bytes: Buffer): CellView {
  if (bytes.length <= CELL_LIMIT) return byteText(bytes);
  return { ...byteText(bytes.subarray(0, CUT_CELL)), fullBytes: bytes.length };
}

function rowId(row: ValueRow): string {
  switch (row.kind) {
    case 'field':
      return `f${row.field.toString('latin1')}`;
    case 'element':
      return `e${row.index}`;
    case 'member':
    case 'scored':
      return `m${row.member.toString('latin1')}`;
    case 'entry':
      return `x${row.id}`;
  }
}

function rowView(id: number, row: ValueRow): RowView {
  switch (row.kind) {
    case 'field':
      return { id, kind: 'field', field: cell(row.field), value: cell(row.value) };
    case 'element':
      return { id, kind: 'element', index: row.index, value: cell(row.value) };
    case 'member':
      return { id, kind: 'member', member: cell(row.member) };
    case 'scored':
      return { id, kind: 'scored', member: cell(row.member), score: row.score };
    case 'entry':
      return { id, kind: 'entry', entryId: row.id, fields: row.fields.map(([field, value]) => ({ field: cell(field), value: cell(value) })) };
  }
}

function chunkView(part: StringPart): StringChunk {
  return { offset: part.offset, base64: part.bytes.toString('base64'), text: byteText(part.bytes), readable: isReadableText(part.bytes) };
}

export class KeyDocument {
  private meta: KeyMeta | undefined;
  private node = '';
  private memoryBytes: number | undefined;
  private rows = new Map<number, ValueRow>();
  private ids = new Map<string, number>();
  private nextRowId = 1;
  private cursor: string | undefined;
  private parts: StringPart[] = [];
  private readonly edits: KeyEdits;

  constructor(private readonly client: KeyClient, private currentKey: Buffer) {
    this.edits = new KeyEdits(client);
  }

  get key(): Buffer {
    return this.currentKey;
  }

  get readOnly(): boolean {
    return this.client.space.readOnly;
  }

  /** Reads the header and the first page again, forgetting the rows read before. */
  async load(): Promise<DocumentView> {
    const meta = await readMeta(this.client, this.currentKey);
    this.meta = meta;
    this.node = await ownerName(this.client, meta.slot).catch(() => this.node);
    this.rows = new Map();
    this.ids = new Map();
    this.parts = [];
    this.cursor = undefined;
    if (meta.type === 'string') {
      this.parts.push(await readStringPart(this.client, this.currentKey, 0, meta.length));
    } else {
      const page = await readPage(this.client, this.currentKey, meta.type, undefined);
      this.cursor = page.next;
      this.add(page.rows);
    }
    return this.view();
  }

  /** What the page shows: everything read so far. */
  view(): DocumentView {
    return { header: this.header(), rows: [...this.rows].map(([id, row]) => rowView(id, row)), chunks: this.parts.map(chunkView), more: this.hasMore() };
  }

  private requireMeta(): KeyMeta {
    if (!this.meta) throw new Error('the key was not loaded');
    return this.meta;
  }

  private header(): KeyHeader {
    const meta = this.requireMeta();
    return {
      name: byteText(this.currentKey), type: meta.type, ttlMs: meta.ttlMs, slot: meta.slot, node: this.node, length: meta.length,
      readOnly: this.readOnly, inlineLimit: INLINE_LIMIT, ...(this.memoryBytes === undefined ? {} : { memoryBytes: this.memoryBytes }),
    };
  }

  private hasMore(): boolean {
    const meta = this.requireMeta();
    if (meta.type === 'string') {
      const last = this.parts[this.parts.length - 1];
      return last?.next !== undefined && last.next < MAX_DOCUMENT_STRING_BYTES;
    }
    return this.cursor !== undefined && this.rows.size < MAX_DOCUMENT_ROWS;
  }

  /** Adds rows not shown yet (SCAN pages may repeat one); returns the new ones' views. */
  private add(rows: readonly ValueRow[]): RowView[] {
    const added: RowView[] = [];
    for (const row of rows) {
      const key = rowId(row);
      const existing = this.ids.get(key);
      const id = existing ?? this.nextRowId++;
      this.ids.set(key, id);
      this.rows.set(id, row);
      added.push(rowView(id, row));
    }
    return added;
  }

  private replace(id: number, row: ValueRow): RowView {
    const old = this.rows.get(id);
    if (old) this.ids.delete(rowId(old));
    this.ids.set(rowId(row), id);
    this.rows.set(id, row);
    return rowView(id, row);
  }

  private drop(id: number): void {
    const old = this.rows.get(id);
    if (old) this.ids.delete(rowId(old));
    this.rows.delete(id);
  }

  private row(id: number): ValueRow {
    const row = this.rows.get(id);
    if (!row) throw new UserError('invalidInput', 'That row is no longer shown.', 'Reload the key.');
    return row;
  }

  private expectType(...types: KeyMeta['type'][]): KeyMeta['type'] {
    const type = this.requireMeta().type;
    if (!types.includes(type)) throw new UserError('wrongType', `This key is a ${type}; that action is for a ${types.join(' or ')}.`);
    return type;
  }

  async more(): Promise<ReplyResult> {
    const meta = this.requireMeta();
    if (!this.hasMore()) return { kind: 'page', rows: [], chunks: [], more: false };
    if (meta.type === 'string') {
      const last = this.parts[this.parts.length - 1];
      const part = await readStringPart(this.client, this.currentKey, last.next ?? 0, meta.length);
      this.parts.push(part);
      return { kind: 'page', rows: [], chunks: [chunkView(part)], more: this.hasMore() };
    }
    const page = await readPage(this.client, this.currentKey, meta.type, this.cursor);
    this.cursor = page.next;
    return { kind: 'page', rows: this.add(page.rows), chunks: [], more: this.hasMore() };
  }

  private async edited(message: string, upsert: RowView[], remove: number[] = []): Promise<ReplyResult> {
    this.meta = await readMeta(this.client, this.currentKey);
    return { kind: 'edited', message, header: this.header(), upsert, remove };
  }

  private async reloaded(message: string): Promise<ReplyResult> {
    return { kind: 'document', message, document: await this.load() };
  }

  /** Carries out a page's request (except host commands, which need the front end's dialogs). */
  async handle(request: Exclude<KeyRequest, { op: 'command' } | { op: 'copyRow' }>): Promise<ReplyResult> {
    const key = this.currentKey;
    switch (request.op) {
      case 'reload':
        return this.reloaded('Reloaded.');
      case 'more':
        return this.more();
      case 'setString': {
        this.expectType('string');
        await this.edits.setString(key, decodeValue(request.value.format, request.value.text, 'value'));
        return this.reloaded('Saved.');
      }
      case 'setField': {
        this.expectType('hash');
        const field = decodeValue(request.field.format, request.field.text, 'field name');
        const value = decodeValue(request.value.format, request.value.text, 'value');
        const added = await this.edits.setField(key, field, value);
        const row: ValueRow = { kind: 'field', field, value };
        const existing = this.ids.get(rowId(row));
        const view = existing === undefined ? this.add([row])[0] : this.replace(existing, row);
        return this.edited(added ? 'Field added.' : 'Field updated.', [view]);
      }
      case 'editRow':
        return this.editRow(request.row, request.value);
      case 'setScore': {
        const row = this.row(request.row);
        if (row.kind !== 'scored') throw new UserError('wrongType', 'Only sorted-set members have a score.');
        await this.edits.setScore(key, row.member, request.score);
        const score = String(await this.client.command('zscore', key, row.member));
        return this.edited('Score updated.', [this.replace(request.row, { ...row, score })]);
      }
      case 'push': {
        this.expectType('list');
        await this.edits.push(key, decodeValue(request.value.format, request.value.text, 'element'), request.end);
        return this.reloaded(request.end === 'head' ? 'Element added at the head.' : 'Element added at the tail.');
      }
      case 'addMember': {
        const type = this.expectType('set', 'zset');
        if (type === 'zset' && request.score === undefined) throw new UserError('invalidInput', 'A sorted-set member needs a score.');
        const member = decodeValue(request.member.format, request.member.text, 'member');
        const added = await this.edits.addMember(key, member, type === 'zset' ? request.score : undefined);
        const row: ValueRow = type === 'set' ? { kind: 'member', member } : { kind: 'scored', member, score: String(await this.client.command('zscore', key, member)) };
        const existing = this.ids.get(rowId(row));
        const view = existing === undefined ? this.add([row])[0] : this.replace(existing, row);
        return this.edited(added ? 'Member added.' : 'Member updated.', [view]);
      }
      case 'addEntry': {
        this.expectType('stream');
        const fields = request.fields.map(({ field, value }) => [decodeValue(field.format, field.text, 'field name'), decodeValue(value.format, value.text, 'value')] as const);
        const id = await this.edits.addEntry(key, fields);
        return this.edited(`Entry ${id} added.`, this.add([{ kind: 'entry', id, fields }]));
      }
      case 'removeRow':
        return this.removeRow(request.row);
    }
  }

  private async editRow(id: number, input: ValueInput): Promise<ReplyResult> {
    const row = this.row(id);
    const key = this.currentKey;
    switch (row.kind) {
      case 'field': {
        const value = decodeValue(input.format, input.text, 'value');
        await this.edits.setField(key, row.field, value);
        return this.edited('Field updated.', [this.replace(id, { ...row, value })]);
      }
      case 'element': {
        const value = decodeValue(input.format, input.text, 'element');
        await this.edits.setElement(key, row.index, row.value, value);
        return this.edited('Element updated.', [this.replace(id, { ...row, value })]);
      }
      case 'member':
      case 'scored': {
        const member = decodeValue(input.format, input.text, 'member');
        await this.edits.replaceMember(key, row.kind === 'member' ? 'set' : 'zset', row.member, member);
        return this.edited('Member replaced.', [this.replace(id, { ...row, member })]);
      }
      case 'entry':
        throw new UserError('invalidInput', 'Stream entries cannot be changed once added.', 'Add a new entry and delete this one.');
    }
  }

  private async removeRow(id: number): Promise<ReplyResult> {
    const row = this.row(id);
    const key = this.currentKey;
    switch (row.kind) {
      case 'field':
        await this.edits.removeField(key, row.field);
        break;
      case 'element':
        await this.edits.removeElement(key, row.index, row.value);
        return this.reloaded('Element removed.'); // the elements after it moved up
      case 'member':
        await this.edits.removeMember(key, 'set', row.member);
        break;
      case 'scored':
        await this.edits.removeMember(key, 'zset', row.member);
        break;
      case 'entry':
        await this.edits.removeEntry(key, row.id);
        break;
    }
    this.drop(id);
    return this.edited('Removed.', [], [id]);
  }

  /** The row's main bytes (value, element, member or the entry's fields) for the clipboard. */
  rowBytes(id: number): Buffer {
    const row = this.row(id);
    switch (row.kind) {
      case 'field':
      case 'element':
        return row.value;
      case 'member':
      case 'scored':
        return row.member;
      case 'entry':
        return Buffer.concat(row.fields.flatMap(([field, value]) => [field, Buffer.from(' '), value, Buffer.from('\n')]));
    }
  }

  /** A string's whole value, when it is within the inline limit (for copying). */
  async stringValue(): Promise<Buffer> {
    const meta = this.requireMeta();
    if (meta.type !== 'string') throw new UserError('wrongType', 'Only a string value is copied whole; copy rows of other types one by one.');
    if (meta.length > INLINE_LIMIT) throw new UserError('tooLarge', `The value is ${meta.length} bytes; values up to ${INLINE_LIMIT} bytes (1 MiB) are copied.`);
    return (await this.client.command('getrange', this.currentKey, 0, INLINE_LIMIT - 1)) as Buffer;
  }

  async measure(): Promise<number> {
    this.memoryBytes = await memoryUsage(this.client, this.currentKey);
    return this.memoryBytes;
  }

  /** After a rename: the document now stands for the new name. */
  renamed(to: Buffer): void {
    this.currentKey = to;
  }

  async refreshHeader(): Promise<KeyHeader> {
    this.meta = await readMeta(this.client, this.currentKey);
    return this.header();
  }
}
