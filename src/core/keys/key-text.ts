// Key names and values are bytes. People read them as text where that is faithful, and otherwise in valkey-cli's
// quoting (the console's own code, so what is shown can be pasted into the console); what they type comes back
// through the console's tokenizer, so every byte can be named exactly.
import { formatReply } from '../console/format';
import { tokenize } from '../console/tokenize';
import { UserError } from '../errors';

/** Bytes as text: `escaped` means `text` is valkey-cli quoting ("a\x00b"), else it is the bytes as UTF-8. */
export interface ByteText {
  readonly text: string;
  readonly escaped: boolean;
}

export const VALUE_FORMATS = ['text', 'escaped', 'hex'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** Characters that would hide or disguise what a name holds: controls, invisible format characters (bidi
 * overrides, zero-width), line separators, surrogates and unassigned code points. */
const MISLEADING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;
/** Characters that valkey-cli quoting gives a meaning to. */
const QUOTING = /["'\\]/;

/** The bytes in valkey-cli's quoting, as the console prints a bulk string: "a\x00b". */
export function quoteBytes(bytes: Buffer): string {
  return formatReply(bytes, { args: ['GET'] });
}

/** The text the bytes are as UTF-8, when decoding and encoding gives the same bytes back. */
function exactUtf8(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return Buffer.byteLength(text, 'utf8') === bytes.length && Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

/** Plain text when the bytes read faithfully as UTF-8 (nothing hidden, no quote characters, no space at either
 * end, not empty); valkey-cli quoting otherwise. */
export function byteText(bytes: Buffer): ByteText {
  const text = exactUtf8(bytes);
  const plain = text !== undefined && text !== '' && !MISLEADING.test(text) && !QUOTING.test(text) && text.trim() === text;
  return plain ? { text, escaped: false } : { text: quoteBytes(bytes), escaped: true };
}

/** One line for labels and messages. */
export function displayBytes(bytes: Buffer): string {
  return byteText(bytes).text;
}

/** The bytes as one console argument: bare when that is unambiguous, quoted otherwise. */
export function commandArgument(bytes: Buffer): string {
  const shown = byteText(bytes);
  return shown.escaped || /\s/.test(shown.text) ? quoteBytes(bytes) : shown.text;
}

/** True when the bytes are UTF-8 text without control characters (other than tab and line breaks). */
export function isReadableText(bytes: Buffer): boolean {
  const text = exactUtf8(bytes);
  return text !== undefined && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text);
}

/** The length of the longest prefix that does not end inside a UTF-8 sequence, so paged text never splits a character. */
export function utf8Boundary(bytes: Buffer): number {
  // Look back at most 3 bytes for the lead byte of the last sequence.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Bytes from what a person typed, in the format they chose. Throws a UserError naming `what` on bad input. */
export function decodeValue(format: ValueFormat, text: string, what: string): Buffer {
  switch (format) {
    case 'text':
      return Buffer.from(text, 'utf8');
    case 'escaped': {
      const parsed = tokenize(text);
      if (!parsed.ok) throw new UserError('invalidInput', `The ${what} is not valid valkey-cli quoting: ${parsed.error.replace(/^Invalid argument\(s\): /, '')}.`, 'Write it as one quoted value, e.g. "a\\x00b"; "" is the empty value.');
      if (parsed.args.length !== 1) {
        throw new UserError('invalidInput', `The ${what} must be exactly one value in valkey-cli quoting; this is ${parsed.args.length}.`, 'Put it in double quotes, e.g. "two words"; "" is the empty value.');
      }
      return parsed.args[0];
    }
    case 'hex': {
      const digits = text.replace(/\s+/g, '').replace(/^0x/i, '');
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) {
        throw new UserError('invalidInput', `The ${what} is not hexadecimal: use pairs of the digits 0-9 and a-f, e.g. 00ff1a.`);
      }
      return Buffer.from(digits, 'hex');
    }
  }
}

const READ_COMMANDS: Record<string, (key: string) => string> = {
  string: (key) => `GET ${key}`,
  hash: (key) => `HSCAN ${key} 0 COUNT 100`,
  set: (key) => `SSCAN ${key} 0 COUNT 100`,
  zset: (key) => `ZRANGE ${key} 0 99 WITHSCORES`,
  list: (key) => `LRANGE ${key} 0 99`,
  stream: (key) => `XRANGE ${key} - + COUNT 100`,
};

/** A console line that reads (a first page of) the key, for "Open in Console": never an unbounded read. */
export function readCommandLine(type: string, key: Buffer): string {
  const argument = commandArgument(key);
  return (READ_COMMANDS[type] ?? ((name: string) => `TYPE ${name}`))(argument);
}

/** A key name or pattern as a person typed it: valkey-cli quoting when it starts with a quote (so any byte can be
 * written), else the text as UTF-8, without surrounding spaces (a name with those is shown quoted). */
export function parseTyped(text: string, what: string): Buffer {
  const trimmed = text.trim();
  return /^["']/.test(trimmed) ? decodeValue('escaped', trimmed, what) : Buffer.from(trimmed, 'utf8');
}
