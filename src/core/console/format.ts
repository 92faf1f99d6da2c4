// Renders a reply the way valkey-cli prints it in an interactive terminal (its cliFormatReplyTTY), so the console
// looks familiar: (integer) 1, (nil), (error) ..., quoted strings with C-style escapes, numbered nested arrays.
// The text may still hold control characters from status or raw replies; terminal-safe.ts deals with those.

import { hasStatusElements, isRawOutputCommand, isStatusReply } from './reply-kind';

export interface FormatOptions {
  /** The command as typed, which decides whether a string reply is shown bare, quoted or as raw text. */
  readonly args: readonly string[];
  /** True while MULTI is open: every queued command is then answered with the simple string QUEUED. */
  readonly inTransaction?: boolean;
  /** For EXEC: the commands it ran, in order; element i of the reply is shown as the reply to executed[i]. */
  readonly executed?: readonly (readonly string[])[];
}

export interface LimitedFormatOptions extends FormatOptions {
  readonly maxLines: number;
}

export interface LimitedText {
  /** At most maxLines lines joined with "\n". */
  text: string;
  truncated: boolean;
  /** Lines the whole reply has, counted without rendering them. */
  totalLines: number;
}

type StringStyle = 'status' | 'bulk';

/** How strings are shown: the reply's own, and its elements' when it is an array. */
interface Styles {
  readonly style: StringStyle;
  readonly elementStyle: StringStyle;
}

const NAMED_ESCAPES = new Map([
  [0x5c, '\\\\'],
  [0x22, '\\"'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x07, '\\a'],
  [0x08, '\\b'],
]);

/** How each byte appears inside a quoted string (valkey's sdscatrepr): printable ASCII as is, the rest escaped. */
const QUOTED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const named = NAMED_ESCAPES.get(byte);
  if (named !== undefined) return named;
  if (byte >= 0x20 && byte <= 0x7e) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, '0')}`;
});

function quoted(bytes: Buffer): string {
  let text = '"';
  for (const byte of bytes) text += QUOTED_BYTE[byte];
  return text + '"';
}

/** The bytes of a string reply; plain strings are accepted too, as UTF-8, in case a caller did not ask for Buffers. */
function stringBytes(reply: unknown): Buffer | undefined {
  if (Buffer.isBuffer(reply)) return reply;
  if (typeof reply === 'string') return Buffer.from(reply, 'utf8');
  return undefined;
}

function leafLine(reply: unknown, style: StringStyle): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (reply instanceof Error) return `(error) ${reply.message}`;
  const bytes = stringBytes(reply);
  if (bytes === undefined) return String(reply);
  return style === 'status' ? bytes.toString('utf8') : quoted(bytes);
}

/**
 * Lines of a reply, lazily, so a caller can stop after the first few of a huge array. Elements are numbered with
 * the index right-aligned to the width of the largest index; an element's first line continues its parent's line,
 * and its further lines are indented by `prefix`, which grows by the index width + 2 per level.
 */
function* ttyLines(reply: unknown, prefix: string, styles: Styles, elementStyles: (index: number) => Styles): Generator<string> {
  if (!Array.isArray(reply)) {
    yield leafLine(reply, styles.style);
    return;
  }
  if (reply.length === 0) {
    yield '(empty array)';
    return;
  }
  const width = String(reply.length).length;
  const elementPrefix = prefix + ' '.repeat(width + 2);
  for (let index = 0; index < reply.length; index++) {
    // The first element goes on the line where the parent already wrote this array's own index.
    let head = (index === 0 ? '' : prefix) + String(index + 1).padStart(width) + ') ';
    const element = elementStyles(index);
    for (const line of ttyLines(reply[index], elementPrefix, element, () => ({ style: element.elementStyle, elementStyle: element.elementStyle }))) {
      yield head + line;
      head = '';
    }
  }
}

function countTtyLines(reply: unknown): number {
  if (!Array.isArray(reply) || reply.length === 0) return 1;
  let lines = 0;
  for (const element of reply) lines += countTtyLines(element);
  return lines;
}

/** A raw report such as INFO, as lines: the server's CRLF line ends become line breaks, the final one dropped. */
function rawLines(bytes: Buffer): string[] {
  const text = bytes.toString('utf8').replace(/\r\n/g, '\n');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

interface Layout {
  lines: Iterable<string>;
  /** Counts every line, shown or not; a plain function, so it may be taken off the layout. */
  totalLines: () => number;
}

function layout(reply: unknown, options: FormatOptions): Layout {
  const bytes = stringBytes(reply);
  const inTransaction = options.inTransaction === true;
  // Only a string is printed raw: unlike valkey-cli, an error keeps its "(error)" label so it still reads as one.
  // Inside MULTI the string is QUEUED, which valkey-cli does not print raw either.
  if (bytes !== undefined && !inTransaction && isRawOutputCommand(options.args)) {
    const lines = rawLines(bytes);
    return { lines, totalLines: () => lines.length };
  }
  const styles = stylesOf(reply, options.args, inTransaction);
  const { executed } = options;
  const elementStyles = executed && Array.isArray(reply)
    ? (index: number) => stylesOf(reply[index], executed[index] ?? [], false)
    : () => ({ style: styles.elementStyle, elementStyle: styles.elementStyle });
  return { lines: ttyLines(reply, '', styles, elementStyles), totalLines: () => countTtyLines(reply) };
}

function stylesOf(reply: unknown, args: readonly string[], inTransaction: boolean): Styles {
  const bytes = stringBytes(reply);
  return {
    style: bytes !== undefined && (inTransaction || isStatusReply(args, bytes)) ? 'status' : 'bulk',
    elementStyle: hasStatusElements(args) ? 'status' : 'bulk',
  };
}

/** The reply as valkey-cli shows it on a terminal, lines joined with "\n", without a final line break. */
export function formatReply(reply: unknown, options: FormatOptions): string {
  return [...layout(reply, options).lines].join('\n');
}

/** Like formatReply, but renders at most `maxLines` lines and says how many the whole reply has. */
export function formatReplyWithLimit(reply: unknown, options: LimitedFormatOptions): LimitedText {
  const { lines, totalLines } = layout(reply, options);
  const shown: string[] = [];
  if (options.maxLines > 0) {
    for (const line of lines) {
      shown.push(line);
      if (shown.length >= options.maxLines) break;
    }
  }
  const total = totalLines();
  return { text: shown.join('\n'), truncated: total > shown.length, totalLines: total };
}
