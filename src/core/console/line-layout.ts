// Where text lands on a terminal that wraps at a number of columns, cell by cell, and how to move the cursor
// between two such places. Rows count from the row the prompt starts on.
import { codePointWidth } from './cell-width';

export interface Cell {
  readonly row: number;
  /** Equal to the column count after the last cell of a row was written: the cursor waits there, on that row,
   * and the next character wraps. */
  readonly column: number;
}

export const ORIGIN: Cell = { row: 0, column: 0 };

/** Where writing text[from..to] from `start` leaves the cursor. A character too wide for what is left of a row
 * goes to the next one, as terminals do, leaving the last cell empty. */
export function advance(start: Cell, text: string, columns: number, from = 0, to = text.length): Cell {
  let { row, column } = start;
  for (let index = from; index < to; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    index += codePoint > 0xffff ? 2 : 1;
    const width = codePointWidth(codePoint);
    if (width === 0) continue;
    if (column + width > columns) {
      row += 1;
      column = 0;
    }
    column += width;
  }
  return { row, column };
}

/** Where the cursor shows when it stands at `at`, before a character `nextWidth` cells wide (0 at the end of the
 * line): at the start of the next row when that character, or the cursor itself, does not fit on this one. */
export function cursorCell(at: Cell, nextWidth: number, columns: number): Cell {
  return at.column + Math.max(nextWidth, 1) > columns ? { row: at.row + 1, column: 0 } : at;
}

/** Escape sequences that move the cursor from `from` (where writing left it) to `to`. */
export function moveCursor(from: Cell, to: Cell, columns: number): string {
  const column = (target: number) => (target > 0 ? `\x1b[${target}C` : '');
  // Only a line that ends exactly at the right edge puts the cursor below its end: a new line takes it there.
  if (to.row > from.row) return '\r\n'.repeat(to.row - from.row) + column(to.column);
  if (to.row === from.row && from.column < columns) {
    const back = from.column - to.column;
    return back > 0 ? `\x1b[${back}D` : column(-back);
  }
  const up = from.row - to.row;
  return `${up > 0 ? `\x1b[${up}A` : ''}\r${column(to.column)}`;
}
