// The console's line editor: turns the raw input a terminal sends (keystrokes, escape sequences, pasted blocks)
// into edits of the current line and submitted lines, and says what to write back, in terminal cells: wide
// characters take two, combining marks none, and a line longer than the terminal wraps. Pure state, no I/O.
import { codePointWidth } from './cell-width';
import type { History } from './history';
import { advance, type Cell, cursorCell, moveCursor, ORIGIN } from './line-layout';

/** Candidates replace line[replacementStart..cursor]. */
export interface Completion {
  replacementStart: number;
  candidates: string[];
}

export type EditorOutput =
  | { kind: 'write'; text: string }
  | { kind: 'submit'; line: string }
  | { kind: 'interrupt' }
  | { kind: 'eof' }
  | { kind: 'clear' }
  | { kind: 'candidates'; items: string[] };

export interface LineEditorOptions {
  prompt: () => string;
  history: History;
  complete?: (line: string, cursor: number) => Completion;
}

/** Write this once when the terminal opens so pastes arrive between markers and are never taken for keys. */
export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';

const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;
const ERASE_TO_END = '\x1b[K';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** Longer "sequences" are garbage; capping them keeps a broken stream from being buffered without end. */
const MAX_ESCAPE_SEQUENCE_LENGTH = 32;

type Key =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'wordLeft'
  | 'wordRight'
  | 'deleteWordBefore'
  | 'killToStart'
  | 'killToEnd'
  | 'historyUp'
  | 'historyDown'
  | 'complete'
  | 'interrupt'
  | 'eofOrDeleteForward'
  | 'clearScreen'
  | 'pasteStart';

const CONTROL_KEYS: ReadonlyMap<string, Key> = new Map([
  ['\r', 'enter'],
  ['\n', 'enter'],
  ['\x7f', 'backspace'],
  ['\b', 'backspace'],
  ['\t', 'complete'],
  ['\x01', 'home'],
  ['\x05', 'end'],
  ['\x17', 'deleteWordBefore'],
  ['\x15', 'killToStart'],
  ['\x0b', 'killToEnd'],
  ['\x03', 'interrupt'],
  ['\x04', 'eofOrDeleteForward'],
  ['\x0c', 'clearScreen'],
]);

const ESCAPE_KEYS: ReadonlyMap<string, Key> = new Map([
  ['\x1b[D', 'left'],
  ['\x1bOD', 'left'],
  ['\x1b[C', 'right'],
  ['\x1bOC', 'right'],
  ['\x1b[A', 'historyUp'],
  ['\x1bOA', 'historyUp'],
  ['\x1b[B', 'historyDown'],
  ['\x1bOB', 'historyDown'],
  ['\x1b[H', 'home'],
  ['\x1bOH', 'home'],
  ['\x1b[1~', 'home'],
  ['\x1b[F', 'end'],
  ['\x1bOF', 'end'],
  ['\x1b[4~', 'end'],
  ['\x1b[1;5D', 'wordLeft'],
  ['\x1b[1;3D', 'wordLeft'],
  ['\x1bb', 'wordLeft'],
  ['\x1b[1;5C', 'wordRight'],
  ['\x1b[1;3C', 'wordRight'],
  ['\x1bf', 'wordRight'],
  ['\x1b[3~', 'delete'],
  ['\x1b\x7f', 'deleteWordBefore'],
  ['\x1b\b', 'deleteWordBefore'],
  [PASTE_START, 'pasteStart'],
]);

/**
 * What the terminal shows compared with the model: up to date; behind only by text appended at the end of the
 * line (written as is, so long pastes cost no redraws); behind in any other way (needs a full redraw); or handed
 * to the caller, who writes below the line and redraws it, so nothing is drawn until the line changes again.
 */
type Screen = { kind: 'current' } | { kind: 'appended'; pieces: string[] } | { kind: 'stale' } | { kind: 'handedOff' };

/** What the last drawing left on the terminal: rows down from the prompt's row, as the terminal wrapped them. */
interface Drawn {
  /** Where the cursor is. */
  readonly cursor: Cell;
  /** Where the line ends. */
  readonly end: Cell;
}

/** The cursor at the start of an empty row, where the caller leaves it before `redraw()`. */
const FRESH_ROW: Drawn = { cursor: ORIGIN, end: ORIGIN };

/**
 * Outputs come in order and must be applied in order. After a `submit`, `interrupt`, `clear` or `candidates`
 * the caller prints what it needs and then calls `redraw()` to show the prompt again; a `write` that follows in
 * the same batch (the rest of a paste) always starts with a full redraw, so a caller that queues outputs while a
 * command runs only needs `redraw()` when its queue is empty.
 */
export class LineEditor {
  private readonly prompt: () => string;
  private readonly history: History;
  private readonly completer: ((line: string, cursor: number) => Completion) | undefined;

  private text = '';
  /** UTF-16 index into `text`, always on a code point boundary. */
  private position = 0;
  private screen: Screen = { kind: 'handedOff' }; // the caller draws the first prompt
  private drawn: Drawn = FRESH_ROW;
  /** The terminal's width; until it is known, lines are taken not to wrap. */
  private columns = Infinity;
  private pasting = false;
  private afterCarriageReturn = false;
  /** The start of an escape sequence or surrogate pair cut off at the end of the previous input. */
  private unfinishedInput = '';
  private outputs: EditorOutput[] = [];

  constructor(options: LineEditorOptions) {
    this.prompt = options.prompt;
    this.history = options.history;
    this.completer = options.complete;
  }

  get line(): string {
    return this.text;
  }

  get cursor(): number {
    return this.position;
  }

  handleInput(data: string): EditorOutput[] {
    const input = this.unfinishedInput + data;
    this.unfinishedInput = '';
    let index = 0;
    while (index < input.length) {
      const code = input.charCodeAt(index);
      const completesCrLf = code === LF && this.afterCarriageReturn;
      this.afterCarriageReturn = code === CR;
      const runEnd = textRunEnd(input, index);
      if (runEnd > index) {
        this.insert(input.slice(index, runEnd));
        index = runEnd;
      } else if (isHighSurrogate(code) && index + 1 === input.length) {
        this.unfinishedInput = input.slice(index);
        break;
      } else if (code === ESC) {
        const sequence = readEscapeSequence(input, index);
        if (sequence !== undefined) {
          this.handleEscapeSequence(sequence);
          index += sequence.length;
        } else if (index + 1 === input.length && !this.pasting) {
          index += 1; // the Escape key itself: nothing to do
        } else {
          this.unfinishedInput = input.slice(index);
          break;
        }
      } else {
        if (!completesCrLf) this.handleControl(input[index]);
        index += 1;
      }
    }
    this.flushScreen();
    const outputs = this.outputs;
    this.outputs = [];
    return outputs;
  }

  /** The text that draws the prompt and the line with the cursor in place, from the start of the empty row the
   * caller has left the cursor on; the caller writes it. */
  redraw(): string {
    this.drawn = FRESH_ROW;
    this.screen = { kind: 'current' };
    return this.fullRedraw();
  }

  /**
   * The terminal is now `columns` wide. Returns what draws the line again for that width, or '' while the caller
   * has the terminal. VS Code's terminal does not re-wrap the line holding the cursor, so the rows drawn before
   * are still where they were: the redraw starts from the prompt's row as it was.
   */
  setColumns(columns: number): string {
    this.columns = columns > 0 ? columns : Infinity;
    if (this.screen.kind === 'handedOff') return '';
    this.screen = { kind: 'current' };
    return this.fullRedraw();
  }

  /** Forgets the current line (and any walk through the history) without writing anything. */
  clearLine(): void {
    this.setLine('', 0);
    this.history.reset();
  }

  private handleEscapeSequence(sequence: string): void {
    if (this.pasting) {
      if (sequence === PASTE_END) this.pasting = false;
      return; // escape sequences inside pasted text are dropped, never inserted
    }
    const key = ESCAPE_KEYS.get(sequence);
    if (key !== undefined) this.applyKey(key);
  }

  private handleControl(character: string): void {
    if (!this.pasting) {
      const key = CONTROL_KEYS.get(character);
      if (key !== undefined) this.applyKey(key);
    } else if (character === '\r' || character === '\n') {
      this.submit();
    } else if (character === '\t') {
      this.insert(' '); // a literal tab would break the cursor column arithmetic
    }
  }

  private applyKey(key: Key): void {
    const { text, position } = this;
    switch (key) {
      case 'enter':
        return this.submit();
      case 'backspace':
        return this.deleteRange(previousBoundary(text, position), position);
      case 'delete':
        return this.deleteRange(position, nextBoundary(text, position));
      case 'left':
        return this.moveCursor(previousBoundary(text, position));
      case 'right':
        return this.moveCursor(nextBoundary(text, position));
      case 'home':
        return this.moveCursor(0);
      case 'end':
        return this.moveCursor(text.length);
      case 'wordLeft':
        return this.moveCursor(wordStartBefore(text, position));
      case 'wordRight':
        return this.moveCursor(wordEndAfter(text, position));
      case 'deleteWordBefore':
        return this.deleteRange(wordStartBefore(text, position), position);
      case 'killToStart':
        return this.deleteRange(0, position);
      case 'killToEnd':
        return this.deleteRange(position, text.length);
      case 'historyUp':
        return this.showHistoryEntry(this.history.previous(text));
      case 'historyDown':
        return this.showHistoryEntry(this.history.next());
      case 'complete':
        return this.completeAtCursor();
      case 'interrupt':
        return this.interrupt();
      case 'eofOrDeleteForward':
        // Like a shell: Ctrl+D ends the session only on an empty line, otherwise it deletes forward.
        if (text.length === 0) return this.handOff({ kind: 'eof' });
        return this.deleteRange(position, nextBoundary(text, position));
      case 'clearScreen':
        return this.handOff({ kind: 'clear' });
      case 'pasteStart':
        this.pasting = true;
        return;
    }
  }

  private submit(): void {
    const line = this.text;
    this.showWholeLine();
    this.newLine();
    this.history.add(line);
    this.setLine('', 0);
    this.emit({ kind: 'submit', line });
  }

  private interrupt(): void {
    this.showWholeLine();
    this.write('^C');
    this.newLine();
    this.clearLine();
    this.emit({ kind: 'interrupt' });
  }

  /** Takes the cursor to the start of the row below the drawn line (already there when it ends at the edge). */
  private newLine(): void {
    this.write('\r\n'.repeat(Math.max(0, this.drawn.end.row + 1 - this.drawn.cursor.row)));
    this.drawn = FRESH_ROW;
  }

  /**
   * Draws the line with the cursor at its end, so what follows cannot land inside a line that wraps. Drawn in full
   * even when the caller has the terminal: it may still be working through earlier outputs, prompt not redrawn.
   */
  private showWholeLine(): void {
    if (this.screen.kind === 'handedOff') this.screen = { kind: 'stale' };
    this.moveCursor(this.text.length);
    this.flushScreen();
  }

  private completeAtCursor(): void {
    if (this.completer === undefined) return;
    const { replacementStart, candidates } = this.completer(this.text, this.position);
    const start = Math.min(Math.max(replacementStart, 0), this.position);
    if (candidates.length === 0) return;
    if (candidates.length === 1) return this.replaceBeforeCursor(start, `${candidates[0]} `);
    const prefix = commonPrefix(candidates);
    // A prefix shorter than what was typed (candidates differing in case) would erase the user's text.
    if (prefix.length >= this.position - start) this.replaceBeforeCursor(start, prefix);
    // The list goes below the line, which stays on screen, as in a shell.
    this.flushScreen();
    this.newLine();
    this.emit({ kind: 'candidates', items: candidates });
  }

  private showHistoryEntry(entry: string | undefined): void {
    if (entry !== undefined) this.setLine(entry, entry.length);
  }

  private insert(inserted: string): void {
    if (this.position === this.text.length) {
      // Appending never reads the line back, so a long paste stays one cheap concatenation per chunk.
      this.text += inserted;
      this.position = this.text.length;
      if (this.screen.kind === 'current') this.screen = { kind: 'appended', pieces: [inserted] };
      else if (this.screen.kind === 'appended') this.screen.pieces.push(inserted);
      else this.screen = { kind: 'stale' };
      return;
    }
    this.setLine(this.text.slice(0, this.position) + inserted + this.text.slice(this.position), this.position + inserted.length);
  }

  private replaceBeforeCursor(start: number, replacement: string): void {
    if (this.text.slice(start, this.position) === replacement) return;
    this.setLine(this.text.slice(0, start) + replacement + this.text.slice(this.position), start + replacement.length);
  }

  /** Removes text[start..end] and leaves the cursor at `start`. */
  private deleteRange(start: number, end: number): void {
    if (start < end) this.setLine(this.text.slice(0, start) + this.text.slice(end), start);
  }

  private moveCursor(position: number): void {
    if (position !== this.position) this.setLine(this.text, position);
  }

  private setLine(text: string, position: number): void {
    this.text = text;
    this.position = position;
    this.screen = { kind: 'stale' };
  }

  /** Brings the terminal up to date, then passes it to the caller. */
  private handOff(output: EditorOutput): void {
    this.flushScreen();
    this.emit(output);
  }

  /** Passes the terminal to the caller, who writes from the start of an empty row and then calls `redraw()`. */
  private emit(output: EditorOutput): void {
    this.outputs.push(output);
    this.screen = { kind: 'handedOff' };
    this.drawn = FRESH_ROW;
  }

  private flushScreen(): void {
    if (this.screen.kind === 'handedOff') return;
    if (this.screen.kind === 'appended') this.write(this.appendedText(this.screen.pieces.join('')));
    else if (this.screen.kind === 'stale') this.write(this.fullRedraw());
    this.screen = { kind: 'current' };
  }

  /** Text typed at the end of the line is written as is; the terminal wraps it where the layout says. */
  private appendedText(appended: string): string {
    const end = advance(this.drawn.end, appended, this.columns);
    const cursor = cursorCell(end, 0, this.columns);
    this.drawn = { cursor, end };
    return appended + moveCursor(end, cursor, this.columns);
  }

  /**
   * Draws the prompt and the line again from the prompt's row. A line that stays on one row is rewritten in place
   * and erased to its end; otherwise everything from the prompt's row down is erased first, so nothing is erased
   * behind a cursor waiting at the right edge.
   */
  private fullRedraw(): string {
    const prompt = this.prompt();
    const beforeCursor = advance(advance(ORIGIN, prompt, this.columns), this.text, this.columns, 0, this.position);
    const end = advance(beforeCursor, this.text, this.columns, this.position);
    const cursor = cursorCell(beforeCursor, this.position < this.text.length ? codePointWidth(this.text.codePointAt(this.position) ?? 0) : 0, this.columns);
    const previous = this.drawn;
    this.drawn = { cursor, end };
    const oneRow = previous.cursor.row === 0 && previous.end.row === 0 && end.row === 0 && end.column < this.columns;
    if (oneRow) return `\r${prompt}${this.text}${ERASE_TO_END}${moveCursor(end, cursor, this.columns)}`;
    const up = previous.cursor.row;
    return `${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J${prompt}${this.text}${moveCursor(end, cursor, this.columns)}`;
  }

  /** Consecutive writes become one, so the terminal gets one write per batch of keys. */
  private write(text: string): void {
    if (text === '') return;
    const last = this.outputs[this.outputs.length - 1];
    if (last?.kind === 'write') last.text += text;
    else this.outputs.push({ kind: 'write', text });
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Printable and not half of a surrogate pair: C0 and C1 controls and DEL are keys or nothing, never text. */
function isPrintableUnit(code: number): boolean {
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f) && !(code >= 0xd800 && code <= 0xdfff);
}

/** End of the run of insertable text starting at `start` (equal to `start` when there is none). */
function textRunEnd(input: string, start: number): number {
  let end = start;
  while (end < input.length) {
    const code = input.charCodeAt(end);
    if (isPrintableUnit(code)) end += 1;
    else if (isHighSurrogate(code) && isLowSurrogate(input.charCodeAt(end + 1))) end += 2;
    else break;
  }
  return end;
}

/**
 * The escape sequence starting at `start` (CSI, SS3, or ESC plus one character as Alt+key), or undefined when
 * the input ends before the sequence does. Malformed sequences are returned as far as they go, to be ignored.
 */
function readEscapeSequence(input: string, start: number): string | undefined {
  const introducer = input[start + 1];
  if (introducer === undefined) return undefined;
  if (introducer === '[') {
    let end = start + 2;
    // Parameter and intermediate bytes, then one final byte.
    while (end < input.length && isInRange(input.charCodeAt(end), 0x20, 0x3f)) end += 1;
    if (end - start > MAX_ESCAPE_SEQUENCE_LENGTH) return input.slice(start, end);
    if (end === input.length) return undefined;
    return input.slice(start, isInRange(input.charCodeAt(end), 0x40, 0x7e) ? end + 1 : end);
  }
  if (introducer === 'O') {
    if (start + 2 === input.length) return undefined;
    return input.slice(start, isInRange(input.charCodeAt(start + 2), 0x40, 0x7e) ? start + 3 : start + 2);
  }
  if (introducer === '\x1b') return '\x1b'; // the Escape key, then a new sequence
  return input.slice(start, start + 1 + String.fromCodePoint(input.codePointAt(start + 1) ?? 0).length);
}

function isInRange(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}

function previousCodePoint(text: string, index: number): number {
  if (index === 0) return 0;
  const pair = index >= 2 && isLowSurrogate(text.charCodeAt(index - 1)) && isHighSurrogate(text.charCodeAt(index - 2));
  return pair ? index - 2 : index - 1;
}

function nextCodePoint(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const pair = isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1));
  return pair ? index + 2 : index + 1;
}

function isZeroWidthAt(text: string, index: number): boolean {
  return index < text.length && codePointWidth(text.codePointAt(index) ?? 0) === 0;
}

/** One character back: a code point and the combining marks after it, so the cursor never stands inside one. */
function previousBoundary(text: string, index: number): number {
  let start = previousCodePoint(text, index);
  while (start > 0 && isZeroWidthAt(text, start)) start = previousCodePoint(text, start);
  return start;
}

function nextBoundary(text: string, index: number): number {
  let end = nextCodePoint(text, index);
  while (isZeroWidthAt(text, end)) end = nextCodePoint(text, end);
  return end;
}

function isSpace(character: string): boolean {
  return character === ' ' || character === '\t';
}

function wordStartBefore(text: string, index: number): number {
  let start = index;
  while (start > 0 && isSpace(text[start - 1])) start -= 1;
  while (start > 0 && !isSpace(text[start - 1])) start -= 1;
  return start;
}

function wordEndAfter(text: string, index: number): number {
  let end = index;
  while (end < text.length && isSpace(text[end])) end += 1;
  while (end < text.length && !isSpace(text[end])) end += 1;
  return end;
}

/** Longest common prefix, never ending in half of a surrogate pair. */
function commonPrefix(words: readonly string[]): string {
  let length = words[0].length;
  for (const word of words) {
    let shared = 0;
    while (shared < length && shared < word.length && word.charCodeAt(shared) === words[0].charCodeAt(shared)) shared += 1;
    length = shared;
  }
  if (length > 0 && isHighSurrogate(words[0].charCodeAt(length - 1))) length -= 1;
  return words[0].slice(0, length);
}
