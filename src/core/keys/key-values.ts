// Reading one key's value in bounded pages: a string in byte ranges (GETRANGE), a hash or set with HSCAN/SSCAN,
// a sorted set by rank (ZRANGE … WITHSCORES, so it reads in score order), a list by index (LRANGE) and a stream
// by id (XRANGE … COUNT). Never one read of a whole large value.
import { keySlot } from '../cluster/slots';
import { UserError } from '../errors';
import { KEY_TYPES, type KeyType } from '../../shared/keys-protocol';
import type { KeyClient } from './key-client';
import { displayBytes, utf8Boundary } from './key-text';

/** Values up to this size are read whole and edited inline. */
export const INLINE_LIMIT = 1024 * 1024;
/** Larger strings are read in parts of this size. */
export const STRING_CHUNK = 256 * 1024;
/** Rows per page of a collection. */
export const DEFAULT_PAGE_ROWS = 100;

export interface KeyMeta {
  readonly key: Buffer;
  readonly type: KeyType;
  readonly ttlMs: number;
  readonly slot: number;
  /** Bytes of a string, elements of anything else. */
  readonly length: number;
}

export type ValueRow =
  | { readonly kind: 'field'; readonly field: Buffer; readonly value: Buffer }
  | { readonly kind: 'element'; readonly index: number; readonly value: Buffer }
  | { readonly kind: 'member'; readonly member: Buffer }
  | { readonly kind: 'scored'; readonly member: Buffer; readonly score: string }
  | { readonly kind: 'entry'; readonly id: string; readonly fields: readonly (readonly [Buffer, Buffer])[] };

export interface ValuePage {
  readonly rows: readonly ValueRow[];
  /** Where the next page starts; undefined after the last page. */
  readonly next?: string;
}

export interface StringPart {
  readonly offset: number;
  readonly bytes: Buffer;
  /** Where the next part starts; undefined after the last part. */
  readonly next?: number;
}

const LENGTH_COMMAND: Record<KeyType, string> = { string: 'strlen', list: 'llen', set: 'scard', zset: 'zcard', hash: 'hlen', stream: 'xlen' };

export function keyGone(key: Buffer): UserError {
  return new UserError('keyGone', `The key ${displayBytes(key)} no longer exists: it expired or was deleted after it was listed.`, 'Refresh the key list.');
}

function isKeyType(type: string): type is KeyType {
  return (KEY_TYPES as readonly string[]).includes(type);
}

/** Type, TTL and length of a key; a UserError when it is gone or of a type this editor does not show. */
export async function readMeta(client: KeyClient, key: Buffer): Promise<KeyMeta> {
  const [typeReply, ttlReply] = await Promise.all([client.command('type', key), client.command('pttl', key)]);
  const type = String(typeReply);
  if (type === 'none' || ttlReply === -2) throw keyGone(key);
  if (!isKeyType(type)) {
    throw new UserError('wrongType', `The key ${displayBytes(key)} holds a ${type} value, which the key editor does not show.`, 'Read it with the console.');
  }
  const length = Number(await client.command(LENGTH_COMMAND[type], key));
  return { key, type, ttlMs: Number(ttlReply), slot: keySlot(key), length };
}

/** A part of a string from `offset`: whole when the string is within the inline limit, else STRING_CHUNK bytes,
 * ending on a UTF-8 character boundary. */
export async function readStringPart(client: KeyClient, key: Buffer, offset: number, total: number): Promise<StringPart> {
  const size = total <= INLINE_LIMIT ? INLINE_LIMIT : STRING_CHUNK;
  const bytes = (await client.command('getrange', key, offset, offset + size - 1)) as Buffer;
  const end = offset + bytes.length;
  if (end >= total || bytes.length < size) return { offset, bytes };
  const cut = utf8Boundary(bytes) || bytes.length;
  return { offset, bytes: bytes.subarray(0, cut), next: offset + cut };
}

function pairs(items: readonly Buffer[]): [Buffer, Buffer][] {
  const result: [Buffer, Buffer][] = [];
  for (let index = 0; index + 1 < items.length; index += 2) result.push([items[index], items[index + 1]]);
  return result;
}

const DIGITS = /^\d{1,20}$/;
const STREAM_ID = /^\(?\d{1,20}-\d{1,20}$/;

/** Whether `cursor` is a page position this reader handed out for `type` (it comes back from the webview). */
export function isPageCursor(type: KeyType, cursor: string): boolean {
  return type === 'stream' ? STREAM_ID.test(cursor) || cursor === '-' : DIGITS.test(cursor);
}

/** One page of a collection from `cursor` (undefined: the first page). */
export async function readPage(client: KeyClient, key: Buffer, type: Exclude<KeyType, 'string'>, cursor: string | undefined, rows = DEFAULT_PAGE_ROWS): Promise<ValuePage> {
  if (cursor !== undefined && !isPageCursor(type, cursor)) throw new UserError('invalidInput', `"${cursor}" is not a page position of a ${type}.`);
  switch (type) {
    case 'hash':
    case 'set': {
      const [next, items] = (await client.command(type === 'hash' ? 'hscan' : 'sscan', key, cursor ?? '0', 'COUNT', rows)) as [Buffer, Buffer[]];
      const nextCursor = next.toString('latin1');
      const page = type === 'hash'
        ? pairs(items).map(([field, value]): ValueRow => ({ kind: 'field', field, value }))
        : items.map((member): ValueRow => ({ kind: 'member', member }));
      return { rows: page, next: nextCursor === '0' ? undefined : nextCursor };
    }
    // One row more than shown is read, to know whether there is a next page without an empty last one.
    case 'list': {
      const start = Number(cursor ?? 0);
      const items = (await client.command('lrange', key, start, start + rows)) as Buffer[];
      const page = items.slice(0, rows).map((value, offset): ValueRow => ({ kind: 'element', index: start + offset, value }));
      return { rows: page, next: items.length > rows ? String(start + rows) : undefined };
    }
    case 'zset': {
      const start = Number(cursor ?? 0);
      const items = pairs((await client.command('zrange', key, start, start + rows, 'WITHSCORES')) as Buffer[]);
      const page = items.slice(0, rows).map(([member, score]): ValueRow => ({ kind: 'scored', member, score: score.toString('latin1') }));
      return { rows: page, next: items.length > rows ? String(start + rows) : undefined };
    }
    case 'stream': {
      const entries = (await client.command('xrange', key, cursor ?? '-', '+', 'COUNT', rows + 1)) as [Buffer, Buffer[]][];
      const page = entries.slice(0, rows).map(([id, fields]): ValueRow => ({ kind: 'entry', id: id.toString('latin1'), fields: pairs(fields) }));
      const last = page[page.length - 1];
      return { rows: page, next: entries.length > rows && last?.kind === 'entry' ? `(${last.id}` : undefined };
    }
  }
}
