// Splits a console line into command arguments exactly as valkey-cli does (its sdssplitargs), so a line typed or
// pasted from valkey-cli sends the same bytes. Arguments are Buffers because "\xHH" escapes can make any byte.

export type TokenizeResult = { ok: true; args: Buffer[] } | { ok: false; error: string };

const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** Bytes that end an unquoted argument (sdssplitargs' own list). */
const ARGUMENT_END = new Set([0x20, 0x0a, 0x0d, 0x09]);
/** C isspace(): what is skipped between arguments and may follow a closing quote. */
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** What a backslash followed by this letter means inside double quotes; any other letter stands for itself. */
const ESCAPES = new Map<number, number>([
  [0x6e, 0x0a], // \n
  [0x72, 0x0d], // \r
  [0x74, 0x09], // \t
  [0x62, 0x08], // \b
  [0x61, 0x07], // \a
]);

const TWO_HEX_DIGITS = /^[0-9a-fA-F]{2}$/;

/** The byte written as `\xHH` starting at `at`, or undefined when the text there is not that escape. */
function hexEscapeAt(input: Buffer, at: number): number | undefined {
  if (input[at] !== BACKSLASH || input[at + 1] !== 0x78) return undefined;
  const digits = input.subarray(at + 2, at + 4).toString('latin1');
  return TWO_HEX_DIGITS.test(digits) ? parseInt(digits, 16) : undefined;
}

function invalid(reason: string): TokenizeResult {
  return { ok: false, error: `Invalid argument(s): ${reason}` };
}

/**
 * Splits `line` into arguments: whitespace separates them; "double quotes" allow \n \r \t \b \a \\ \" and \xHH;
 * 'single quotes' allow only \'; quotes may start in the middle of an argument; a closing quote must be followed by
 * whitespace or the end of the line. Unquoted and quoted text is sent as UTF-8.
 */
export function tokenize(line: string): TokenizeResult {
  // Working on the UTF-8 bytes keeps the rules byte-exact: every special character is ASCII, and UTF-8 never uses
  // ASCII values inside a multi-byte character.
  const input = Buffer.from(line, 'utf8');
  const args: Buffer[] = [];
  let at = 0;
  for (;;) {
    while (at < input.length && SPACE.has(input[at])) at++;
    if (at >= input.length) return { ok: true, args };

    const bytes: number[] = [];
    let quote: 'none' | 'double' | 'single' = 'none';
    for (let done = false; !done; ) {
      const byte: number | undefined = input[at];
      const next: number | undefined = input[at + 1];
      if (quote === 'none') {
        if (byte === undefined || ARGUMENT_END.has(byte)) done = true;
        else if (byte === DOUBLE_QUOTE) quote = 'double';
        else if (byte === SINGLE_QUOTE) quote = 'single';
        else bytes.push(byte);
        at++;
        continue;
      }
      if (byte === undefined) return invalid(`unclosed ${quote} quote in argument ${args.length + 1}`);
      const closing = quote === 'double' ? DOUBLE_QUOTE : SINGLE_QUOTE;
      const hexByte = quote === 'double' ? hexEscapeAt(input, at) : undefined;
      if (hexByte !== undefined) {
        bytes.push(hexByte);
        at += 4;
      } else if (byte === BACKSLASH && next !== undefined && (quote === 'double' || next === SINGLE_QUOTE)) {
        bytes.push(ESCAPES.get(next) ?? next);
        at += 2;
      } else if (byte === closing) {
        if (next !== undefined && !SPACE.has(next)) {
          return invalid(`the closing ${quote} quote of argument ${args.length + 1} must be followed by a space`);
        }
        done = true;
        at++;
      } else {
        bytes.push(byte);
        at++;
      }
    }
    args.push(Buffer.from(bytes));
  }
}
