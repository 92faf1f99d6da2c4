// Messages between the extension host and a key editor webview, in the envelope of webview-protocol.ts. Imported by
// both sides, so it uses no VS Code or Node API. The webview is untrusted: everything it sends goes through
// parseKeyEditorMessage (exact keys, bounded sizes) before the host acts on it. Each request gets exactly one reply,
// so the page can show the result of each action next to the action.
import { asRecord, hasKeys, isIndex, isReply, oneOf, type PageMessage, parsePageMessage, type Reply } from './webview-protocol';

export const KEY_TYPES = ['string', 'list', 'set', 'zset', 'hash', 'stream'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Bytes as text: valkey-cli quoting when `escaped`, else the bytes as UTF-8. */
export interface CellView {
  readonly text: string;
  readonly escaped: boolean;
  /** The value is longer than shown: its full length in bytes (it is then not edited inline). */
  readonly fullBytes?: number;
}

export interface KeyHeader {
  readonly name: CellView;
  readonly type: KeyType;
  /** Milliseconds to live; -1: no TTL. */
  readonly ttlMs: number;
  readonly slot: number;
  /** The primary serving the slot, e.g. "valkey-node-0". */
  readonly node: string;
  /** Bytes of a string; elements of a list, set, sorted set, hash or stream. */
  readonly length: number;
  readonly readOnly: boolean;
  /** Values up to this many bytes are edited inline. */
  readonly inlineLimit: number;
  /** Estimated memory use (MEMORY USAGE), once measured. */
  readonly memoryBytes?: number;
}

export type RowView =
  | { readonly id: number; readonly kind: 'field'; readonly field: CellView; readonly value: CellView }
  | { readonly id: number; readonly kind: 'element'; readonly index: number; readonly value: CellView }
  | { readonly id: number; readonly kind: 'member'; readonly member: CellView }
  | { readonly id: number; readonly kind: 'scored'; readonly member: CellView; readonly score: string }
  | { readonly id: number; readonly kind: 'entry'; readonly entryId: string; readonly fields: readonly { readonly field: CellView; readonly value: CellView }[] };

/** A part of a string value: its bytes (for the hex view) and as text. */
export interface StringChunk {
  readonly offset: number;
  readonly base64: string;
  readonly text: CellView;
  /** UTF-8 text without control characters: offered as text and, when whole, as JSON. */
  readonly readable: boolean;
}

export interface DocumentView {
  readonly header: KeyHeader;
  readonly rows: readonly RowView[];
  /** Strings only: the chunks read so far, in order. */
  readonly chunks: readonly StringChunk[];
  /** More rows or chunks can be read. */
  readonly more: boolean;
}

export type ReplyResult =
  | { readonly kind: 'page'; readonly rows: readonly RowView[]; readonly chunks: readonly StringChunk[]; readonly more: boolean }
  /** An edit done in place: rows to add or replace (by id) and rows to drop. */
  | { readonly kind: 'edited'; readonly message: string; readonly header: KeyHeader; readonly upsert: readonly RowView[]; readonly remove: readonly number[] }
  /** Everything shown was read again (after an edit that moves rows, or a reload). */
  | { readonly kind: 'document'; readonly message: string; readonly document: DocumentView }
  | { readonly kind: 'done'; readonly message: string };

/** What the extension pushes to the page. */
export type KeyPush =
  | { readonly type: 'document'; readonly document: DocumentView }
  /** The key no longer exists (deleted, expired, renamed away): the page shows why and offers nothing more. */
  | { readonly type: 'gone'; readonly message: string };

export type HostMessage = KeyPush | Reply<ReplyResult>;

export const VALUE_INPUT_FORMATS = ['text', 'escaped', 'hex'] as const;
export interface ValueInput {
  readonly format: (typeof VALUE_INPUT_FORMATS)[number];
  readonly text: string;
}

/** Actions the host carries out with its own dialogs (input boxes, confirmations, clipboard, console). */
export const HOST_COMMANDS = ['rename', 'setTtl', 'persist', 'delete', 'copyName', 'copyValue', 'openConsole', 'measureSize'] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

export type KeyRequest =
  | { readonly op: 'reload' }
  | { readonly op: 'more' }
  | { readonly op: 'setString'; readonly value: ValueInput }
  /** Hash: add a field or set its value. */
  | { readonly op: 'setField'; readonly field: ValueInput; readonly value: ValueInput }
  /** Replace a row's value (hash value, list element, set or sorted set member). */
  | { readonly op: 'editRow'; readonly row: number; readonly value: ValueInput }
  | { readonly op: 'setScore'; readonly row: number; readonly score: string }
  | { readonly op: 'push'; readonly value: ValueInput; readonly end: 'head' | 'tail' }
  /** Set or sorted set (with a score). */
  | { readonly op: 'addMember'; readonly member: ValueInput; readonly score?: string }
  | { readonly op: 'addEntry'; readonly fields: readonly { readonly field: ValueInput; readonly value: ValueInput }[] }
  | { readonly op: 'removeRow'; readonly row: number }
  | { readonly op: 'copyRow'; readonly row: number }
  | { readonly op: 'command'; readonly command: HostCommand };

/** The key editor page sends no notices: only the handshake and requests. */
export type KeyEditorMessage = PageMessage<KeyRequest, never>;

/** Longest text accepted for one value: the inline limit (1 MiB) written as valkey-cli escapes (4 characters a byte). */
export const MAX_VALUE_CHARS = 4 * 1024 * 1024 + 16;
export const MAX_ENTRY_FIELDS = 64;
const MAX_SCORE_CHARS = 64;

function valueInput(value: unknown): ValueInput | undefined {
  const record = asRecord(value);
  if (!record || !hasKeys(record, ['format', 'text'])) return undefined;
  if (!oneOf(VALUE_INPUT_FORMATS, record.format) || typeof record.text !== 'string' || record.text.length > MAX_VALUE_CHARS) return undefined;
  return { format: record.format, text: record.text };
}

function score(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SCORE_CHARS ? value : undefined;
}

function entryFields(value: unknown): { field: ValueInput; value: ValueInput }[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ENTRY_FIELDS) return undefined;
  const fields: { field: ValueInput; value: ValueInput }[] = [];
  for (const item of value) {
    const record = asRecord(item);
    const field = record && hasKeys(record, ['field', 'value']) ? valueInput(record.field) : undefined;
    const fieldValue = record && field ? valueInput(record.value) : undefined;
    if (!field || !fieldValue) return undefined;
    fields.push({ field, value: fieldValue });
  }
  return fields;
}

function parseRequest(value: unknown): KeyRequest | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const exactly = (...keys: string[]) => hasKeys(record, ['op', ...keys]);
  switch (record.op) {
    case 'reload':
    case 'more':
      return exactly() ? { op: record.op } : undefined;
    case 'setString': {
      const input = exactly('value') ? valueInput(record.value) : undefined;
      return input && { op: 'setString', value: input };
    }
    case 'setField': {
      const field = exactly('field', 'value') ? valueInput(record.field) : undefined;
      const input = field ? valueInput(record.value) : undefined;
      return field && input && { op: 'setField', field, value: input };
    }
    case 'editRow': {
      const input = exactly('row', 'value') && isIndex(record.row) ? valueInput(record.value) : undefined;
      return input && { op: 'editRow', row: record.row as number, value: input };
    }
    case 'setScore': {
      const given = exactly('row', 'score') && isIndex(record.row) ? score(record.score) : undefined;
      return given === undefined ? undefined : { op: 'setScore', row: record.row as number, score: given };
    }
    case 'push': {
      const input = exactly('value', 'end') && oneOf(['head', 'tail'] as const, record.end) ? valueInput(record.value) : undefined;
      return input && { op: 'push', value: input, end: record.end as 'head' | 'tail' };
    }
    case 'addMember': {
      if (!hasKeys(record, ['op', 'member', 'score'], ['score'])) return undefined;
      const member = valueInput(record.member);
      if (!member) return undefined;
      if (record.score === undefined) return { op: 'addMember', member };
      const given = score(record.score);
      return given === undefined ? undefined : { op: 'addMember', member, score: given };
    }
    case 'addEntry': {
      const fields = exactly('fields') ? entryFields(record.fields) : undefined;
      return fields && { op: 'addEntry', fields };
    }
    case 'removeRow':
    case 'copyRow':
      return exactly('row') && isIndex(record.row) ? { op: record.op, row: record.row } : undefined;
    case 'command':
      return exactly('command') && oneOf(HOST_COMMANDS, record.command) ? { op: 'command', command: record.command } : undefined;
    default:
      return undefined;
  }
}

/** A fresh, well-formed message built from `value`, or undefined when `value` is anything else. */
export function parseKeyEditorMessage(value: unknown): KeyEditorMessage | undefined {
  return parsePageMessage(value, parseRequest, () => undefined);
}

/** Shape check for what the webview receives (the host is trusted: this only drops messages that are not ours). */
export function isKeyHostMessage(value: unknown): value is HostMessage {
  const record = asRecord(value);
  if (!record) return false;
  switch (record.type) {
    case 'document':
      return asRecord(record.document) !== undefined;
    case 'gone':
      return typeof record.message === 'string';
    case 'reply':
      return isReply(record) && (record.ok === false || asRecord(record.result) !== undefined);
    default:
      return false;
  }
}
