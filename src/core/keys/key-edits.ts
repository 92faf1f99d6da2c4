// Changes to keys, each checked before anything is written: a read-only space refuses them all; bad input, a key
// of another type, a value too large to edit inline, a key that vanished or an element that changed since it was
// shown is refused with a sentence saying so, and nothing is changed. Each edit of a value is one small script
// that checks the key's type (and, for list elements, the element) and writes in the same atomic step.
import { randomBytes } from 'node:crypto';
import { keySlot } from '../cluster/slots';
import { UserError } from '../errors';
import type { KeyType } from '../../shared/keys-protocol';
import type { KeyClient } from './key-client';
import { displayBytes } from './key-text';
import { INLINE_LIMIT, keyGone } from './key-values';

/** The type check every value edit starts with: ARGV[1] is the type the edit expects. */
const CHECK_TYPE = `
local t = redis.call('TYPE', KEYS[1])['ok']
if t == 'none' then return redis.error_reply('KEYGONE') end
if t ~= ARGV[1] then return redis.error_reply('WRONGTYPE ' .. t) end
`;

const SCRIPTS = {
  setString: `${CHECK_TYPE}
if redis.call('STRLEN', KEYS[1]) > tonumber(ARGV[3]) then return redis.error_reply('TOOLARGE') end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`,
  setField: `${CHECK_TYPE}return redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])`,
  removeField: `${CHECK_TYPE}return redis.call('HDEL', KEYS[1], ARGV[2])`,
  setElement: `${CHECK_TYPE}
if redis.call('LINDEX', KEYS[1], ARGV[2]) ~= ARGV[3] then return redis.error_reply('CHANGED') end
redis.call('LSET', KEYS[1], ARGV[2], ARGV[4])
return 1`,
  // LREM removes by value: the element is first replaced by a marker no other element can equal.
  removeElement: `${CHECK_TYPE}
if redis.call('LINDEX', KEYS[1], ARGV[2]) ~= ARGV[3] then return redis.error_reply('CHANGED') end
redis.call('LSET', KEYS[1], ARGV[2], ARGV[4])
return redis.call('LREM', KEYS[1], 1, ARGV[4])`,
  push: `${CHECK_TYPE}return redis.call(ARGV[3], KEYS[1], ARGV[2])`,
  addMember: `${CHECK_TYPE}return redis.call('SADD', KEYS[1], ARGV[2])`,
  removeMember: `${CHECK_TYPE}return redis.call('SREM', KEYS[1], ARGV[2])`,
  replaceMember: `${CHECK_TYPE}
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 0 then return redis.error_reply('CHANGED') end
if redis.call('SISMEMBER', KEYS[1], ARGV[3]) == 1 then return redis.error_reply('EXISTS') end
redis.call('SREM', KEYS[1], ARGV[2])
return redis.call('SADD', KEYS[1], ARGV[3])`,
  addScored: `${CHECK_TYPE}return redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])`,
  setScore: `${CHECK_TYPE}
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return redis.error_reply('CHANGED') end
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[2])
return 1`,
  replaceScored: `${CHECK_TYPE}
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not score then return redis.error_reply('CHANGED') end
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return redis.error_reply('EXISTS') end
redis.call('ZREM', KEYS[1], ARGV[2])
return redis.call('ZADD', KEYS[1], score, ARGV[3])`,
  removeScored: `${CHECK_TYPE}return redis.call('ZREM', KEYS[1], ARGV[2])`,
  addEntry: `${CHECK_TYPE}return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))`,
  removeEntry: `${CHECK_TYPE}return redis.call('XDEL', KEYS[1], ARGV[2])`,
} as const;

const SCORE = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf)$/i;
const MAX_TTL_SECONDS = 100 * 365 * 24 * 3600;

const TYPE_WORDS: Record<string, string> = { string: 'string', list: 'list', set: 'set', zset: 'sorted set', hash: 'hash', stream: 'stream' };

function typeWord(type: string): string {
  return TYPE_WORDS[type] ?? `${type} value`;
}

/** A score as ZADD takes it; a UserError otherwise. */
export function checkScore(score: string): string {
  const trimmed = score.trim();
  if (!SCORE.test(trimmed) || (!/inf/i.test(trimmed) && !Number.isFinite(Number(trimmed)))) {
    throw new UserError('invalidInput', `"${score}" is not a score: write a number such as 1, -2.5 or 1e3 (or inf, -inf).`);
  }
  return trimmed;
}

/** Whole seconds for a TTL; a UserError otherwise. */
export function checkTtlSeconds(seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new UserError('invalidInput', `A TTL is a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (100 years); ${seconds} is not.`);
  }
  return seconds;
}

function checkSize(value: Buffer, what: string): void {
  if (value.length > INLINE_LIMIT) {
    throw new UserError('tooLarge', `The ${what} is ${value.length} bytes; values up to ${INLINE_LIMIT} bytes (1 MiB) are edited here. Nothing was changed.`, 'Write larger values with the console or your application.');
  }
}

/** Renaming keeps a key in its slot or fails: say which slots, and how to keep them the same. */
export function crossSlotError(from: Buffer, to: Buffer): UserError {
  return new UserError('crossSlot',
    `${displayBytes(from)} is in slot ${keySlot(from)} and ${displayBytes(to)} would be in slot ${keySlot(to)}: in a cluster a key can only be renamed within its slot (CROSSSLOT). Nothing was changed.`,
    'Keep the part in braces the same, e.g. {user:1}:name → {user:1}:email, or copy the value to the new key and delete the old one.');
}

export class KeyEdits {
  constructor(private readonly client: KeyClient) {}

  private writable(): void {
    if (this.client.space.readOnly) throw new UserError('readOnly', 'This cluster is read-only here: keys cannot be changed.');
  }

  private async run(script: keyof typeof SCRIPTS, key: Buffer, type: KeyType, ...args: (Buffer | string | number)[]): Promise<unknown> {
    this.writable();
    try {
      return await this.client.script(SCRIPTS[script], key, type, ...args);
    } catch (error) {
      throw this.explain(error, key, type);
    }
  }

  private explain(error: unknown, key: Buffer, type: KeyType): unknown {
    const message = (error as Error)?.message ?? '';
    const name = displayBytes(key);
    if (/\bKEYGONE\b/.test(message)) return keyGone(key);
    const wrong = /\bWRONGTYPE (\S+)/.exec(message);
    if (wrong) return new UserError('wrongType', `The key ${name} holds a ${typeWord(wrong[1])}, not a ${typeWord(type)}: nothing was changed.`, 'Reload the key to see what it holds now.');
    if (/\bCHANGED\b/.test(message)) return new UserError('changed', `That part of ${name} changed since it was shown: nothing was changed.`, 'Reload the key and try again.');
    if (/\bEXISTS\b/.test(message)) return new UserError('invalidInput', `${name} already holds that value: nothing was changed.`);
    if (/\bTOOLARGE\b/.test(message)) return new UserError('tooLarge', `The value of ${name} is larger than ${INLINE_LIMIT} bytes (1 MiB), too large to edit here: nothing was changed.`, 'Change it with the console or your application.');
    return error;
  }

  async setString(key: Buffer, value: Buffer): Promise<void> {
    checkSize(value, 'value');
    await this.run('setString', key, 'string', value, INLINE_LIMIT);
  }

  /** True when the field is new. */
  async setField(key: Buffer, field: Buffer, value: Buffer): Promise<boolean> {
    checkSize(field, 'field name');
    checkSize(value, 'value');
    return (await this.run('setField', key, 'hash', field, value)) === 1;
  }

  async removeField(key: Buffer, field: Buffer): Promise<void> {
    if ((await this.run('removeField', key, 'hash', field)) === 0) throw this.explain(new Error('CHANGED'), key, 'hash');
  }

  /** Replaces the element at `index` if it still is `expected`. */
  async setElement(key: Buffer, index: number, expected: Buffer, value: Buffer): Promise<void> {
    checkSize(value, 'element');
    await this.run('setElement', key, 'list', index, expected, value);
  }

  async removeElement(key: Buffer, index: number, expected: Buffer): Promise<void> {
    await this.run('removeElement', key, 'list', index, expected, randomBytes(24));
  }

  async push(key: Buffer, value: Buffer, end: 'head' | 'tail'): Promise<void> {
    checkSize(value, 'element');
    await this.run('push', key, 'list', value, end === 'head' ? 'LPUSH' : 'RPUSH');
  }

  /** Set members; `score` makes it a sorted-set member (added or given that score). True when it is new. */
  async addMember(key: Buffer, member: Buffer, score?: string): Promise<boolean> {
    checkSize(member, 'member');
    if (score === undefined) return (await this.run('addMember', key, 'set', member)) === 1;
    return (await this.run('addScored', key, 'zset', member, checkScore(score))) === 1;
  }

  async replaceMember(key: Buffer, type: 'set' | 'zset', member: Buffer, replacement: Buffer): Promise<void> {
    checkSize(replacement, 'member');
    await this.run(type === 'set' ? 'replaceMember' : 'replaceScored', key, type, member, replacement);
  }

  async removeMember(key: Buffer, type: 'set' | 'zset', member: Buffer): Promise<void> {
    if ((await this.run(type === 'set' ? 'removeMember' : 'removeScored', key, type, member)) === 0) throw this.explain(new Error('CHANGED'), key, type);
  }

  async setScore(key: Buffer, member: Buffer, score: string): Promise<void> {
    await this.run('setScore', key, 'zset', member, checkScore(score));
  }

  /** The new entry's id. */
  async addEntry(key: Buffer, fields: readonly (readonly [Buffer, Buffer])[]): Promise<string> {
    if (fields.length === 0) throw new UserError('invalidInput', 'A stream entry needs at least one field.');
    for (const [field, value] of fields) {
      checkSize(field, 'field name');
      checkSize(value, 'value');
    }
    const id = await this.run('addEntry', key, 'stream', ...fields.flat());
    return Buffer.isBuffer(id) ? id.toString('latin1') : String(id);
  }

  async removeEntry(key: Buffer, id: string): Promise<void> {
    if ((await this.run('removeEntry', key, 'stream', id)) === 0) throw this.explain(new Error('CHANGED'), key, 'stream');
  }

  async setTtl(key: Buffer, seconds: number): Promise<void> {
    this.writable();
    checkTtlSeconds(seconds);
    if ((await this.client.command('expire', key, seconds)) === 0) throw keyGone(key);
  }

  async persist(key: Buffer): Promise<void> {
    this.writable();
    if ((await this.client.command('persist', key)) === 0 && (await this.client.command('exists', key)) === 0) throw keyGone(key);
  }

  /** Renames within the slot, never over an existing key. */
  async rename(key: Buffer, to: Buffer): Promise<void> {
    this.writable();
    if (key.equals(to)) throw new UserError('invalidInput', `The new name is the same as the old one: ${displayBytes(key)}.`);
    if (keySlot(key) !== keySlot(to)) throw crossSlotError(key, to);
    let renamed: unknown;
    try {
      renamed = await this.client.command('renamenx', key, to);
    } catch (error) {
      if (/no such key/i.test((error as Error).message)) throw keyGone(key);
      throw error;
    }
    if (renamed === 0) throw new UserError('invalidInput', `A key named ${displayBytes(to)} already exists: nothing was changed.`, 'Choose another name, or delete that key first.');
  }

  async delete(key: Buffer): Promise<void> {
    this.writable();
    if ((await this.client.command('unlink', key)) === 0) throw keyGone(key);
  }
}
